// Smoke tests of the built bin (dist/bin/payload-guard.js) in a child process: what only a real
// process shows (the shebang, the exit code set on the process, streams, a child git seeing the
// environment) and what could hang (run with a timeout). Everything else runs `main` in-process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSentence, oneFileWorkspace, runCli } from './support/cli.js';
import { blob, writeFiles } from './support/workspace.js';

const workspace = () => oneFileWorkspace('pg-bin-');

describe('the built bin', () => {
  it('sets the exit code of the process: 0 clean, 1 findings, 2 usage', () => {
    const cwd = workspace();
    writeFiles(cwd, { 'big.json': JSON.stringify({ image: blob(300 * 1024) }) });
    const clean = runCli(['a.json'], { cwd });
    expect([clean.status, clean.stdout, clean.stderr]).toEqual([0, '', '']);
    const found = runCli(['-f', 'compact', 'big.json'], { cwd });
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/^big\.json:\d+:\d+: /m);
    expectSentence(runCli(['--bogus'], { cwd }), /^payload-guard: unknown option `--bogus`\.\n/);
  });

  it('prints its version and reads standard input', () => {
    const cwd = workspace();
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    expect(runCli(['--version'], { cwd }).stdout).toBe(`${version}\n`);
    const piped = runCli(['--stdin', '-f', 'compact'], { cwd, input: '{"a": ' });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toMatch(/^<stdin>:1:\d+: .*parse-error/m);
  });

  it('--staged outside a git repository', () => {
    const cwd = workspace();
    // GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temp folder.
    const run = runCli(['--staged'], { cwd, env: { GIT_CEILING_DIRECTORIES: path.dirname(cwd) } });
    expectSentence(
      run,
      /^payload-guard: --staged lints the git index, and the working directory is not inside a git repository/,
    );
  });

  it('a report under a folder that cannot be created ends with a sentence, not a spinning mkdir', () => {
    const cwd = workspace();
    // In a child killed after 30 s, so a loop that never ends fails here instead of hanging the run.
    const nested = runCli(['-f', 'json', '-o', 'a.json/x/r.json', 'a.json'], { cwd, timeoutMs: 30_000 });
    expectSentence(
      nested,
      /^payload-guard: a\.json\/x\/r\.json: cannot write the json report \(a part of the path is a file, not a directory\)\./,
    );
    if (fs.existsSync('/proc/self/status')) {
      // procfs answers mkdir with ENOENT although the parent exists: Node's recursive mkdir looped on it.
      const proc = runCli(['-f', 'json', '-o', '/proc/self/nonexistent/r.json', 'a.json'], { cwd, timeoutMs: 30_000 });
      expectSentence(
        proc,
        /^payload-guard: \/proc\/self\/nonexistent\/r\.json: cannot write the json report \(cannot create the folder \/proc\/self\/nonexistent: the file system does not allow a folder there\)\./,
      );
    }
  });
});
