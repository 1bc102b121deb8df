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
    });
    expect(stepFunctionsSource(dir)).toBeUndefined();
    expect(stepFunctionsSource(path.join(dir, 'missing'))).toBeUndefined();
  });
});
