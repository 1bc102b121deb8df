// A CDK app uses Step Functions when one of its own source files imports the construct library,
// in any CDK language; installed packages and synthesised output are not its code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepFunctionsSource } from '../src/io/cdk-app.js';
import { tmpDir, writeFiles } from './support/workspace.js';

describe('stepFunctionsSource', () => {
  it.each([
    ['lib/stack.ts', "import * as sfn from 'aws-cdk-lib/aws-stepfunctions';"],
    ['lib/stack.js', "const tasks = require('@aws-cdk/aws-stepfunctions-tasks');"],
    ['app/stack.py', 'from aws_cdk import aws_stepfunctions as sfn'],
    ['stacks/main.go', 'import "github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"'],
    ['src/main/java/Stack.java', 'import software.amazon.awscdk.services.stepfunctions.StateMachine;'],
    ['src/Stack.cs', 'using Amazon.CDK.AWS.StepFunctions;'],
  ])('finds %s', (file, line) => {
    const dir = tmpDir('pg-cdk-');
    writeFiles(dir, {
      'cdk.json': '{"app": "x"}',
      'lib/other.ts': "import * as s3 from 'aws-cdk-lib/aws-s3';",
      [file]: `${line}\n`,
    });
    expect(stepFunctionsSource(dir)).toBe(file);
  });

  it('says nothing for an app without Step Functions, whatever its packages or docs say', () => {
    const dir = tmpDir('pg-cdk-none-');
    writeFiles(dir, {
      'cdk.json': '{"app": "x"}',
      'lib/api.ts': "import * as lambda from 'aws-cdk-lib/aws-lambda';",
      'README.md': 'Uses aws-stepfunctions later.',
      'node_modules/aws-cdk-lib/aws-stepfunctions/index.js': "exports.x = 'aws-stepfunctions';",
      'cdk.out/x.js': "'aws-stepfunctions'",
      '.venv/lib/site.py': 'import aws_cdk.aws_stepfunctions',
      'lib/types.d.ts': "import 'aws-cdk-lib/aws-stepfunctions';",
      // A Lambda layer installed with `pip install -t`, a virtualenv under a plain name, a copied site-packages.
      'layer/python/boto3-1.34.0.dist-info/METADATA': 'Name: boto3',
      'layer/python/boto3/sfn.py': 'import aws_cdk.aws_stepfunctions',
      'env/pyvenv.cfg': 'home = /usr/bin',
      'env/lib/python3.12/x.py': 'import aws_cdk.aws_stepfunctions',
      'copied/site-packages/y.py': 'import aws_cdk.aws_stepfunctions',
    });
    expect(stepFunctionsSource(dir)).toBeUndefined();
    expect(stepFunctionsSource(path.join(dir, 'missing'))).toBeUndefined();
  });

  it("reads a Python project's own source beside its dist-info (setup.py there makes it the project)", () => {
    const dir = tmpDir('pg-cdk-own-');
    writeFiles(dir, {
      'cdk.json': '{"app": "python3 app.py"}',
      'pkg/setup.py': 'setup()',
      'pkg/my_app.egg-info/PKG-INFO': 'Name: my-app',
      'pkg/stack.py': 'from aws_cdk import aws_stepfunctions as sfn',
    });
    expect(stepFunctionsSource(dir)).toBe('pkg/stack.py');
  });
});
