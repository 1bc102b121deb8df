// Whether a CDK app (the folder of a cdk.json) defines Step Functions state machines in code: one
// of its source files imports the Step Functions construct library, in any of CDK's languages.
// An app without such an import has nothing for `cdk synth` to reveal to this tool, so saying
// "lint after synth" there is noise: 333 of the 443 CDK apps without cdk.out in the sample
// repositories import no Step Functions at all (Power Tuning's CDK apps deploy it from the
// Serverless Application Repository: no definition in their code either).
import fs from 'node:fs';
import path from 'node:path';
import { isDefaultIgnoredFolder, isPythonInstall } from '../default-ignores.js';

/** aws-cdk-lib/aws-stepfunctions, @aws-cdk/aws-stepfunctions(-tasks), aws_cdk.aws_stepfunctions, Go's awsstepfunctions, Java's awscdk.services.stepfunctions, .NET's Amazon.CDK.AWS.StepFunctions */
const STEP_FUNCTIONS_IMPORT = /aws[-_]?stepfunctions|awscdk\.services\.stepfunctions|\bAWS\.StepFunctions\b/i;
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|java|kt|cs|fs|go)$/i;
/**
 * Installed packages and build output: not the app's own code. Passed over too: folders whose
 * names start with a dot, and what the default ignores skip, by name (vendor/, venv/,
 * site-packages/...) or by contents (a Python install: a `*.dist-info` or a `pyvenv.cfg`, such as
 * a Lambda layer's `pip install -t` folder).
 */
const NOT_SOURCE = new Set(['node_modules', 'cdk.out', '__pycache__', 'target', 'obj']);
const MAX_ENTRIES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * The first source file (relative to `appDir`, with forward slashes) that imports Step Functions,
 * or undefined when none does. A folder too large to read through within the bound answers
 * `true`: unsure, the note is kept rather than dropped.
 */
export function stepFunctionsSource(appDir: string): string | true | undefined {
  const pending = [appDir];
  let entries = 0;
  while (pending.length) {
    const dir = pending.pop()!;
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (dir !== appDir && isPythonInstall(list.map((e) => e.name))) continue;
    for (const e of list.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (++entries > MAX_ENTRIES) return true;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !NOT_SOURCE.has(e.name) && !isDefaultIgnoredFolder(e.name)) pending.unshift(p);
      } else if (e.isFile() && SOURCE_FILE.test(e.name) && !e.name.endsWith('.d.ts')) {
        try {
          if (fs.statSync(p).size > MAX_FILE_BYTES) continue;
          if (STEP_FUNCTIONS_IMPORT.test(fs.readFileSync(p, 'utf8')))
            return path.relative(appDir, p).split(path.sep).join('/');
        } catch {
          // unreadable: not evidence either way
        }
      }
    }
  }
  return undefined;
}
