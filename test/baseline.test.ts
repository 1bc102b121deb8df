// Baselines through the CLI: keyed by file, pointer and value hash, so a reformat (every line
// moves) still matches; a grown field is new; stale entries are reported and pruned.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../src/baseline.js';
import type { FileResult } from '../src/types.js';
import { runCli } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

const big = (photo: string, extra: Record<string, unknown> = {}, indent = 2) =>
  JSON.stringify({ ...extra, payload: { file: photo } }, null, indent) + '\n';

describe('baseline', () => {
  it('records findings, survives a reformat, reports new and grown findings, prunes stale entries', () => {
    const dir = tmpDir('pg-baseline-');
    const photo = blob(300_000, 11);
    writeFiles(dir, {
      'events/upload.json': big(photo),
      'events/legacy.json': big(blob(9000, 5)),
      'events/ok.json': '{"ok":1}\n',
    });

    const write = runCli(['events', '--baseline-write', '.payload-guard/baseline.json', '-f', 'compact'], { cwd: dir });
    expect(write.stderr).toBe('payload-guard: wrote 3 findings to the baseline .payload-guard/baseline.json.\n');
    expect(write.stdout).toBe('');
    expect(write.status).toBe(0);
    const baseline = fs.readFileSync(path.join(dir, '.payload-guard/baseline.json'), 'utf8');
    expect(baseline).not.toMatch(/"line"/);
    expect(
      JSON.parse(baseline).entries.map(
        (e: { file: string; rule: string; pointer: string }) => `${e.file}#${e.pointer} ${e.rule}`,
      ),
    ).toEqual([
      'events/legacy.json#/payload/file no-inline-base64',
      'events/upload.json#/payload/file no-inline-base64',
      'events/upload.json# payload-size',
    ]);

    // Reformat: blank lines on top, four-space indentation, the fields spread over more lines;
    // every line moves and the file grows, but no value changes.
    const reformatted = '\n\n\n' + big(photo, {}, 4).replace('"payload": {', '"payload":\n    {');
    writeFiles(dir, { 'events/upload.json': reformatted });
    const moved = runCli(['events/upload.json', '-f', 'compact'], { cwd: dir }).stdout;
    expect(moved).toMatch(/^events\/upload\.json:4:1: error/m);
    expect(moved).toMatch(/^events\/upload\.json:7:9: error .*\[no-inline-base64\]$/m);
    const after = runCli(['events', '--baseline', '.payload-guard/baseline.json', '-f', 'compact'], { cwd: dir });
    expect(after.stdout).toBe('');
    expect(after.stderr).toBe('');
    expect(after.status).toBe(0);

    // The blob grows past its recorded size: that finding is new again.
    writeFiles(dir, { 'events/legacy.json': big(blob(12_000, 5)) });
    const grown = runCli(['events', '--baseline', '.payload-guard/baseline.json', '-f', 'compact'], { cwd: dir });
    expect(grown.stdout).toMatch(/^events\/legacy\.json:3:5: \w+ .*\[no-inline-base64\]$/m);
    expect(grown.stdout.trim().split('\n')).toHaveLength(1);

    // Fixed: the upload no longer carries the blob. Its entries are stale; prune drops them.
    writeFiles(dir, {
      'events/upload.json': '{"payload": {"fileRef": "s3://b/k.png"}}\n',
      'events/legacy.json': big(blob(9000, 5)),
    });
    const stale = runCli(['events', '--baseline', '.payload-guard/baseline.json', '-f', 'compact'], { cwd: dir });
    expect(stale.status).toBe(0);
    expect(stale.stderr).toMatch(/baseline entries no longer match .*--baseline-prune/);
    expect(stale.stderr).toContain('events/upload.json# payload-size');
    const prune = runCli(['events', '--baseline', '.payload-guard/baseline.json', '--baseline-prune'], { cwd: dir });
    expect(prune.stderr).toMatch(/^payload-guard: pruned \d+ stale entries from the baseline/);
    const left = JSON.parse(fs.readFileSync(path.join(dir, '.payload-guard/baseline.json'), 'utf8')).entries;
    expect(left.map((e: { file: string }) => e.file)).toEqual(['events/legacy.json']);
    expect(runCli(['events', '--baseline', '.payload-guard/baseline.json'], { cwd: dir }).stderr).toBe('');
  });

  it('does not call entries of files outside this run stale, unless the file is gone', () => {
    const results = (file: string, hash: string): FileResult[] => [
      {
        filePath: file,
        diagnostics: [
          {
            ruleId: 'no-inline-base64',
            messageId: 'm',
            message: 'x',
            severity: 'error',
            filePath: file,
            path: '$.a',
            pointer: '/a',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 2,
            valueHash: hash,
            bytes: 10,
          },
        ],
      },
    ];
    const b = createBaseline([...results('a.json', 'h1'), ...results('b.json', 'h2')], (f) => f);
    const only = applyBaseline(
      results('a.json', 'h1'),
      b,
      (f) => f,
      () => true,
    );
    expect(only.stale).toEqual([]);
    expect(only.results[0].diagnostics).toEqual([]);
    const gone = applyBaseline(
      results('a.json', 'h1'),
      b,
      (f) => f,
      (f) => f !== 'b.json',
    );
    expect(gone.stale.map((e) => e.file)).toEqual(['b.json']);
    expect(parseBaseline(serializeBaseline(gone.pruned), 'x')).toEqual(gone.pruned);
  });

  it('is not linted itself when a hook names it, however big it grows', () => {
    const dir = tmpDir('pg-baseline-');
    writeFiles(dir, {
      '.payload-guard/baseline.json': JSON.stringify({
        version: 1,
        tool: 'payload-guard',
        entries: [],
        pad: blob(300_000),
      }),
    });
    expect(runCli(['.payload-guard/baseline.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
    expect(runCli(['--no-ignore', '.payload-guard/baseline.json'], { cwd: dir }).status).toBe(1);
  });

  it('refuses a file that is not a baseline with exit 2', () => {
    const dir = tmpDir('pg-baseline-');
    writeFiles(dir, { 'a.json': '{}', 'b.json': '{"not": "a baseline"}' });
    const run = runCli(['a.json', '--baseline', 'b.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not a payload-guard baseline');
  });
});
