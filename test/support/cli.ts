// Two ways to run the command line. `runMain` calls `main` in this process with streams in memory
// (fast, and measured by coverage); `runCli` spawns the built bin the way a user or a hook does,
// for the few smoke tests that must see a real process (and for tests not yet moved to runMain).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { tmpDir, writeFiles } from './workspace.js';

export const CLI = path.resolve(__dirname, '../../dist/bin/payload-guard.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
}

/** The environment of a test run: the test process's, without colour, plus `env`. */
function testEnv(env: Record<string, string> | undefined): Record<string, string | undefined> {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env };
}

/** `main(args)` in-process, as a pipe would see it: no terminal, no colour. */
export async function runMain(args: string[], options: CliRunOptions): Promise<CliRun> {
  // Loaded on first use: a test that only spawns the bin does not load the CLI's modules.
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    cwd: options.cwd,
    env: testEnv(options.env),
  });
  return { status, stdout, stderr };
}

/** The built bin in a child process. */
export function runCli(args: string[], options: CliRunOptions & { timeoutMs?: number }): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: testEnv(options.env),
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder holding one small clean `a.json`. */
export function oneFileWorkspace(prefix: string): string {
  const dir = tmpDir(prefix);
  writeFiles(dir, { 'a.json': '{"a": 1}\n' });
  return dir;
}

/** A user's mistake: exit 2, a sentence matching `pattern`, no stack, and the help hint last. */
export function expectSentence(run: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr).toMatch(/Run `payload-guard( \w+)? --help` for usage\.\n$/);
}
