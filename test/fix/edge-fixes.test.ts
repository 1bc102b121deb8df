// Valid inputs on which --fix used to give up ("please report this") or write a wrong file: a
// blob under !Sub (the rename went over the tag), a !!binary tag kept on the reference (readers
// decode the s3:// address as bytes), a multi-document YAML file, a trailing comma before the
// insertion point, a duplicate key the original already had. Each is fixed, still parses, and comes back byte for byte through inline.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { unwritable } from '../../src/io/fix-run.js';
import type { Diagnostic } from '../../src/types.js';
import { runCli } from '../support/cli.js';
import { png } from '../support/files.js';
import { tmpDir, writeFiles } from '../support/workspace.js';

const b64 = png(11, 9000).toString('base64');

function fixAndBack(name: string, text: string): string {
  const dir = tmpDir('pg-edge-');
  writeFiles(dir, { [name]: text });
  const run = runCli(['--fix', '--fix-unsafe', '--bucket', 'b-1', name], { cwd: dir });
  expect(run.stderr).not.toContain('not fixed');
  expect(run.stderr).toContain('fixed 1 file');
  const fixed = fs.readFileSync(path.join(dir, name), 'utf8');
  const back = runCli(['inline'], { cwd: dir });
  expect(back.status, back.stderr).toBe(0);
  expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
  return fixed;
}

describe('--fix on valid input it used to get wrong', () => {
  it('a blob under !Sub: the member holding the Sub becomes the reference', () => {
    const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Result:\n              image: !Sub "${b64}"\n            End: true\n`;
    const fixed = fixAndBack('template.yaml', text);
    expect(fixed).toMatch(/\n {14}imageRef: s3:\/\/b-1\/[0-9a-f]{16}\.png\n/);
    expect(fixed).not.toContain('!Sub');
  });

  it('the long form {"Fn::Sub": blob} in a JSON template likewise', () => {
    const text =
      JSON.stringify(
        {
          Resources: {
            M: {
              Type: 'AWS::StepFunctions::StateMachine',
              Properties: {
                Definition: {
                  StartAt: 'A',
                  States: { A: { Type: 'Pass', Result: { image: { 'Fn::Sub': b64 } }, End: true } },
                },
              },
            },
          },
        },
        null,
        2,
      ) + '\n';
    const fixed = JSON.parse(fixAndBack('template.json', text));
    expect(fixed.Resources.M.Properties.Definition.States.A.Result).toEqual({
      imageRef: expect.stringMatching(/^s3:\/\/b-1\/[0-9a-f]{16}\.png$/),
    });
  });

  it('a !!binary blob: the reference is a plain string, not bytes', () => {
    const text = `StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      file: !!binary |\n${b64
      .match(/.{1,76}/g)!
      .map((l) => '        ' + l)
      .join('\n')}\n    End: true\n`;
    const fixed = fixAndBack('flow.asl.yaml', text);
    expect(fixed).not.toContain('!!binary');
    expect(typeof parseYaml(fixed).States.A.Result.fileRef).toBe('string');
  });

  it('a multi-document YAML file: the first document is fixed, the others left as they are', () => {
    const text = `StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      file: ${b64}\n    End: true\n---\nsecond: document\n`;
    const fixed = fixAndBack('flow.asl.yaml', text);
    expect(fixed).toMatch(/\n {6}fileRef: s3:\/\/b-1\/[0-9a-f]{16}\.png\n {4}End: true\n---\nsecond: document\n$/);
  });

  it('a trailing comma before the insertion point (JSONC Power Tuning input)', () => {
    const records = Array.from({ length: 1300 }, (_, i) => ({
      id: i,
      name: `customer number ${i}`,
      city: 'Lisbon',
      active: i % 2 === 0,
    }));
    const input = {
      lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:resize',
      num: 10,
      powerValues: [512, 1024, 2048],
      payload: { records },
    };
    const text = JSON.stringify(input, null, 2).replace(/\n\}$/, ',\n}\n');
    const dir = tmpDir('pg-edge-');
    writeFiles(dir, { 'tuning.jsonc': text });
    const run = runCli(['--fix', 'tuning.jsonc'], { cwd: dir });
    expect(run.stderr).not.toContain('not fixed');
    expect(run.stderr).toContain('fixed 1 file');
    expect(fs.readFileSync(path.join(dir, 'tuning.jsonc'), 'utf8')).toBe(
      text.replace(/,\n\}\n$/, ',\n  "disablePayloadLogs": true,\n}\n'),
    );
  });
});

describe('--fix refuses only a fixed text that does not parse', () => {
  it('a duplicate key already in the original does not stop the fix', () => {
    const text = `Comment: one\nComment: two\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      file: ${b64}\n    End: true\n`;
    const fixed = fixAndBack('flow.asl.yaml', text);
    expect(fixed).toMatch(/^Comment: one\nComment: two\n/);
    expect(fixed).toMatch(/\n {6}fileRef: s3:\/\/b-1\/[0-9a-f]{16}\.png\n/);
  });

  it('judges the parse-error findings of the fixed text against those of the original', () => {
    const finding = (messageId: string): Diagnostic => ({
      ruleId: 'parse-error',
      messageId,
      message: '',
      severity: 'error',
      filePath: 'f.json',
      path: '$',
      pointer: '',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    });
    expect(unwritable([], [finding('crash')])).toBeUndefined();
    expect(unwritable([], [finding('ignoredFile'), finding('laterDocument')])).toBeUndefined();
    expect(unwritable([finding('duplicateKey')], [finding('duplicateKey')])).toBeUndefined();
    expect(unwritable([finding('duplicateKey')], [finding('duplicateKey'), finding('duplicateKey')])).toBe(
      'the fixed text would repeat a key',
    );
    expect(unwritable([], [finding('syntax')])).toBe('the fixed text would not parse');
    expect(unwritable([], [finding('empty')])).toBe('the fixed text would not parse');
  });
});
