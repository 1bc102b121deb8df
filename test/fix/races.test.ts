// Two `--fix` runs at once (lint-staged runs tasks in parallel; an editor fixes on save beside a
// hook) share the stage dir and its manifest. Real processes of the built CLI, started together:
// every rewrite must be recorded, and `inline` must restore every file byte for byte or name it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/io/manifest.js';
import { CLI } from '../support/cli.js';
import { png, workdir } from '../support/files.js';

function runAsync(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 },
      (err, _stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stderr });
      },
    );
  });
}

/** An event with a blob written the way only the manifest remembers: `\/` escapes. */
function event(i: number): string {
  const b64 = png(100 + i, 5000 + i * 37).toString('base64');
  return `{\n  "id": ${i},\n  "photo": {\n    "file": "${b64.replace(/\//g, '\\/')}"\n  }\n}\n`;
}

const fixArgs = ['--fix', '--fix-unsafe', '--bucket', 'b-1'];

describe('concurrent --fix runs', () => {
  it('record every rewrite of both runs, and inline restores every file', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `events/e${String(i).padStart(2, '0')}.json`);
    const files = Object.fromEntries(names.map((n, i) => [n, event(i)]));
    const dir = workdir(files, 'pg-race-');
    const [a, b] = await Promise.all([
      runAsync([...fixArgs, ...names.slice(0, 12)], dir),
      runAsync([...fixArgs, ...names.slice(12)], dir),
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const manifest = await readManifest(path.join(dir, '.payload-guard/s3'));
    expect(new Set(manifest.entries.map((e) => e.file))).toEqual(new Set(names));
    // Both runs folded the journal into manifest.json; nothing is left behind.
    expect(fs.readdirSync(path.join(dir, '.payload-guard/s3')).sort()).toEqual(['b-1', 'manifest.json']);
    const inline = await runAsync(['inline'], dir);
    expect(inline.status, inline.stderr).toBe(0);
    for (const n of names) expect(fs.readFileSync(path.join(dir, n), 'utf8'), n).toBe(files[n]);
  });

  it('property: any two runs over overlapping trees, then inline, restore every file or name it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.nat(30),
        fc.boolean(),
        async (count, inFirst, inSecond, delayMs, byFolder) => {
          const names = Array.from({ length: count }, (_, i) => (i % 2 ? `a/f${i}.json` : `a/b/f${i}.json`));
          const files = Object.fromEntries(names.map((n, i) => [n, event(i)]));
          const dir = workdir(files, 'pg-race-prop-');
          const pick = (mask: boolean[]) => {
            const chosen = names.filter((_, i) => mask[i]);
            return chosen.length ? chosen : [names[0]];
          };
          const first = byFolder ? ['a'] : pick(inFirst);
          const second = pick(inSecond);
          const runs = await Promise.all([
            runAsync([...fixArgs, ...first], dir),
            new Promise((r) => setTimeout(r, delayMs)).then(() => runAsync([...fixArgs, ...second], dir)),
          ]);
          for (const r of runs) {
            // 2 only for a file the other run rewrote first, which this run then leaves alone.
            if (r.status !== 0)
              expect(r.stderr, r.stderr).toMatch(
                /not fixed, the file is unchanged: the file changed while it was being fixed/,
              );
          }
          const inline = await runAsync(['inline'], dir);
          const named = (n: string) => inline.stderr.includes(`${n}: not inlined`);
          for (const n of names) {
            const now = fs.readFileSync(path.join(dir, n), 'utf8');
            if (now !== files[n]) expect(named(n), `${n} neither restored nor named:\n${inline.stderr}`).toBe(true);
          }
          // Nothing here is unrecoverable: every file comes back.
          expect(inline.status, inline.stderr).toBe(0);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 6 },
    );
  }, 180_000);
});
