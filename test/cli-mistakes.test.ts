// A user's mistake is a sentence and exit 2, never a stack trace; FIFOs given as option files do
// not hang. Runs `main` in-process in temporary folders; what could hang, or needs the child git to
// see an environment, is in cli-bin.test.ts (the built CLI in a child with a timeout).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSentence, oneFileWorkspace, runMain } from './support/cli.js';

const workspace = () => oneFileWorkspace('pg-mistakes-');

describe('user mistakes', () => {
  it('a report, baseline or cache path that cannot be written', async () => {
    const cwd = workspace();
    expectSentence(
      await runMain(['-f', 'json', '-o', 'a.json/r.json', 'a.json'], { cwd }),
      /^payload-guard: a\.json\/r\.json: cannot write the json report \(a part of the path is a file, not a directory\)\./,
    );
    expectSentence(
      await runMain(['--output', 'sarif=a.json/r.sarif', 'a.json'], { cwd }),
      /cannot write the sarif report/,
    );
    expectSentence(
      await runMain(['--baseline-write', 'a.json/b.json', 'a.json'], { cwd }),
      /^payload-guard: a\.json\/b\.json: cannot write the baseline/,
    );
    // A cache that cannot be saved is a warning: the report and the lint exit code stay (issue 9).
    const cache = await runMain(['--cache-location', 'a.json/c.json', 'a.json'], { cwd });
    expect(cache.stderr).toMatch(
      /^payload-guard: warning: the cache was not saved to .*a\.json\/c\.json \(a part of the path is a file, not a directory\)/,
    );
    expect(cache.stderr).not.toContain('    at ');
  });

  it.skipIf(process.platform === 'win32')(
    'a FIFO given as config, baseline or cache is refused, not waited on',
    async () => {
      const cwd = workspace();
      execFileSync('mkfifo', [path.join(cwd, 'fifo')]);
      expectSentence(
        await runMain(['-c', 'fifo', 'a.json'], { cwd }),
        /^payload-guard: fifo: cannot read the config file: not a regular file \(FIFO\)\./,
      );
      expectSentence(
        await runMain(['--baseline', 'fifo', 'a.json'], { cwd }),
        /^payload-guard: fifo: cannot read the baseline: not a regular file \(FIFO\)\.\n/,
      );
      expectSentence(
        await runMain(['--cache-location', 'fifo', 'a.json'], { cwd }),
        /^payload-guard: fifo: the cache location is a FIFO, not a file/,
      );
    },
  );

  it('a flag mistake names the flag meant, once, with the help of its command', async () => {
    const cwd = workspace();
    const run = await runMain(['--fix-dryrun', 'a.json'], { cwd });
    expectSentence(run, /^payload-guard: unknown option `--fix-dryrun`; did you mean `--fix-dry-run`\?\n/);
    expect(run.stderr.split('\n')).toHaveLength(3);
    expectSentence(
      await runMain(['size', 'a.json', '--top', '-1'], { cwd }),
      /`--top` must be 1 or more; got -1\.\nRun `payload-guard size --help` for usage\.\n$/,
    );
    expectSentence(
      await runMain(['simulat', 'a.json'], { cwd }),
      /unknown command `simulat`; did you mean `payload-guard simulate`\?/,
    );
  });

  it('`help` prints the help', async () => {
    const run = await runMain(['help'], { cwd: workspace() });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^payload-guard \[paths\.\.\] \[options\]/);
  });
});
