// Suppressions: config `glob#/pointer` ignores with a reason (strict JSON has no comments) and
// payload-guard-disable-next-line comments in YAML and JSONC; unused ones are reported.
import { describe, expect, it } from 'vitest';
import { findDirectives } from '../src/suppress.js';
import { runMain } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

const withBlob = (b: string) => JSON.stringify({ payload: { file: b, name: 'x' } }, null, 2) + '\n';

describe('findDirectives', () => {
  it('reads rules and the reason from whole-line comments', () => {
    expect(
      findDirectives(
        'a: 1\n  # payload-guard-disable-next-line no-inline-base64, payload-size -- vendor capture\nb: 2\n',
        'yaml',
      ),
    ).toEqual([
      { line: 2, column: 3, endColumn: 85, rules: ['no-inline-base64', 'payload-size'], reason: 'vendor capture' },
    ]);
    expect(findDirectives('{\n/* payload-guard-disable-next-line */\n"a": 1}', 'jsonc')).toEqual([
      { line: 2, column: 1, endColumn: 38, rules: [] },
    ]);
    // Strict JSON has no comments; a string that looks like one is data.
    expect(findDirectives('{"a": "# payload-guard-disable-next-line x"}', 'json')).toEqual([]);
    expect(findDirectives('a: 1 # payload-guard-disable-next-line x\n', 'yaml')).toEqual([]);
    // Inside a block scalar, a `#` line is text, not a comment.
    const block =
      'script: |\n  echo hi\n  # payload-guard-disable-next-line x\n  echo bye\n# payload-guard-disable-next-line y\nz: 1\n';
    expect(findDirectives(block, 'yaml').map((d) => d.rules)).toEqual([['y']]);
  });
});

describe('config ignores glob#/pointer', () => {
  it('silences the finding at that pointer in matching files and reports entries that silence nothing', async () => {
    const dir = tmpDir('pg-suppress-');
    writeFiles(dir, {
      'payload-guard.config.json': JSON.stringify(
        {
          ignores: [
            { files: 'events/legacy/*.json#/payload/file', reason: 'captured from production in 2023' },
            'events/legacy/*.json#/payload/name',
            { files: 'elsewhere/*.json#/x', reason: 'no file of this run matches' },
          ],
        },
        null,
        2,
      ),
      'events/legacy/a.json': withBlob(blob(9000, 1)),
      'events/new/b.json': withBlob(blob(9000, 2)),
    });
    const run = await runMain(['events', '-f', 'compact'], { cwd: dir });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^events\/new\/b\.json:3:5: \w+ `\$\.payload\.file` is 11\.7 KiB of base64 .*\[no-inline-base64\]$/,
    );
    expect(lines[1]).toBe(
      'payload-guard.config.json:7:5: warning The `ignores` entry `events/legacy/*.json#/payload/name` silences nothing in the 1 file it matched in this run. Remove it from the config. [unused-suppression]',
    );
    const json = JSON.parse((await runMain(['events', '-f', 'json'], { cwd: dir })).stdout);
    expect(json.find((r: { filePath: string }) => r.filePath === 'events/legacy/a.json').messages).toEqual([]);
    const legacy = json.find((r: { filePath: string }) => r.filePath === 'events/legacy/a.json');
    expect(
      legacy.suppressedMessages.map((m: { ruleId: string; suppressions: unknown }) => [m.ruleId, m.suppressions]),
    ).toEqual([['no-inline-base64', [{ kind: 'external', justification: 'captured from production in 2023' }]]]);
  });
});

describe('config ignores glob#', () => {
  it('silences every finding of the matching files, root included, and counts as used', async () => {
    const dir = tmpDir('pg-suppress-');
    writeFiles(dir, {
      'payload-guard.config.json': JSON.stringify({
        ignores: [{ files: 'events/replay-*.json#', reason: 'production replay, sent through S3 by the harness' }],
      }),
      'events/replay-1.json': withBlob(blob(300_000, 9)),
    });
    const run = await runMain(['events', '-f', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const [r] = JSON.parse(run.stdout);
    expect(r.messages).toEqual([]);
    expect(r.suppressedMessages.map((m: { ruleId: string }) => m.ruleId)).toEqual(
      expect.arrayContaining(['payload-size', 'no-inline-base64']),
    );
  });
});

describe('disable-next-line comments', () => {
  it('silence the named rule on the next line in YAML and JSONC, and report the unused ones', async () => {
    const dir = tmpDir('pg-suppress-');
    const b = blob(9000, 3);
    writeFiles(dir, {
      'events/a.yaml': `source: app\n# payload-guard-disable-next-line no-inline-base64 -- thumbnail is part of the contract\nphoto: ${b}\n`,
      'events/b.jsonc': `{\n  // payload-guard-disable-next-line payload-size -- wrong rule for this line\n  "photo": "${b}"\n}\n`,
    });
    const run = await runMain(['events', '-f', 'compact'], { cwd: dir });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^events\/b\.jsonc:2:3: warning This payload-guard-disable-next-line comment for payload-size silences nothing.* \[unused-suppression\]$/,
    );
    expect(lines[1]).toMatch(/^events\/b\.jsonc:3:3: \w+ .*\[no-inline-base64\]$/);
  });
});
