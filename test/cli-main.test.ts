// `main(argv, io)` in-process: the command line is a function of its arguments and the io it is
// given (streams, working directory, environment), and it alone decides the exit code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runMain } from './support/cli.js';
import { blob, git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

describe('main', () => {
  it('lists every registered rule on one line, in registry order, with its severity, description and fix kind', async () => {
    const run = await runMain(['rules'], { cwd: tmpDir() });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(rules.length);
    const width = Math.max(...rules.map((r) => r.id.length));
    rules.forEach((r, i) => {
      expect(lines[i]).toBe(
        `${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}${r.fixable ? ` (fix: ${r.fixable})` : ''}`,
      );
    });
  });

  it('resolves paths against io.cwd, not the test process directory', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, { 'events/big.json': JSON.stringify({ image: blob(300 * 1024) }) });
    const run = await runMain(['-f', 'compact', 'events/big.json'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^events\/big\.json:\d+:\d+: /m);
    expect(process.cwd()).not.toBe(cwd);
  });

  it('reads --stdin from io.stdin', async () => {
    const run = await runMain(['--stdin', '--stdin-filename', 'in.json', '-f', 'compact'], {
      cwd: tmpDir(),
      input: '{"a": ',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^in\.json:1:\d+: .*parse-error/m);
  });

  it('writes --help and --version to io.stdout and exits 0', async () => {
    const help = await runMain(['--help'], { cwd: tmpDir() });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^payload-guard \[paths\.\.\] \[options\]/);
    expect(help.stdout).toContain('Exit codes: 0 clean, 1 lint errors');
    const version = await runMain(['--version'], { cwd: tmpDir() });
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(
      `${(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string }).version}\n`,
    );
  });

  it('returns 2 with a sentence and the help hint for a usage mistake, and leaves process.exitCode alone', async () => {
    const before = process.exitCode;
    const run = await runMain(['size'], { cwd: tmpDir() });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'payload-guard: `payload-guard size` needs a FILE.\nRun `payload-guard size --help` for usage.\n',
    );
    expect(process.exitCode).toBe(before);
  });

  it('returns 2 for a config error, naming the file', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, { 'payload-guard.config.json': '{"rules": {"no-such-rule": "error"}}', 'a.json': '{}' });
    const run = await runMain(['a.json'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^payload-guard: .*payload-guard\.config\.json.*no-such-rule/);
  });

  it('returns 1 when warnings pass --max-warnings, and says so on io.stderr', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, {
      'payload-guard.config.json': '{"rules": {"no-inline-base64": ["warn", {"minBytes": 1024}]}}',
      'a.json': JSON.stringify({ file: blob(4096) }),
    });
    const run = await runMain(['--max-warnings', '0', '-f', 'compact', 'a.json'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('payload-guard found too many warnings (maximum: 0).\n');
    const allowed = await runMain(['--max-warnings', '1', '-f', 'compact', 'a.json'], { cwd });
    expect(allowed.status).toBe(0);
  });

  it('colours only when io.env or the flag asks for it', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, { 'a.json': JSON.stringify({ image: blob(300 * 1024) }) });
    const plain = await runMain(['a.json'], { cwd });
    expect(plain.stdout).not.toContain('\x1b[');
    const forced = await runMain(['a.json'], { cwd, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[');
  });

  it('lints what is staged in git with --staged, and SARIF paths are relative to the repository root', async () => {
    const dir = tmpDir('pg-main-staged-');
    initRepo(dir);
    writeFiles(dir, { 'events/a.json': JSON.stringify({ image: blob(300 * 1024) }) });
    git(dir, 'add', '.');
    writeFiles(dir, { 'events/a.json': '{"ok": 1}\n' });
    const staged = await runMain(['--staged', '-f', 'compact'], { cwd: dir });
    expect(staged.status).toBe(1);
    expect(staged.stdout).toMatch(/^events\/a\.json:1:1: error .*\[payload-size\]$/m);
    // From a subfolder, SARIF locations are still relative to the repository root (%SRCROOT%).
    writeFiles(dir, { 'events/a.json': JSON.stringify({ image: blob(300 * 1024) }) });
    const sarif = await runMain(['-f', 'sarif', 'a.json'], { cwd: path.join(dir, 'events') });
    expect(sarif.status).toBe(1);
    const uris = (
      JSON.parse(sarif.stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      }
    ).runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set(['events/a.json']));
  });

  it('reuses unchanged results from --cache and writes the cache file in io.cwd', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, { 'events/big.json': JSON.stringify({ image: blob(300 * 1024) }), 'events/ok.json': '{}' });
    const first = await runMain(['--cache', '-f', 'compact', 'events'], { cwd });
    expect(first.status).toBe(1);
    expect(fs.existsSync(path.join(cwd, '.payload-guard/cache.json'))).toBe(true);
    const second = await runMain(['--cache', '-f', 'compact', 'events'], { cwd });
    expect(second).toEqual(first);
  });

  it('init writes a starter config in io.cwd and refuses to overwrite it', async () => {
    const cwd = tmpDir();
    writeFiles(cwd, { 'events/order.json': '{"orderId": 1}' });
    const first = await runMain(['init'], { cwd });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Found 1 JSON\/YAML file:/);
    expect(fs.existsSync(path.join(cwd, 'payload-guard.config.json'))).toBe(true);
    const again = await runMain(['init'], { cwd });
    expect(again.status).toBe(2);
    expect(again.stdout).toMatch(/^payload-guard\.config\.json already exists; init leaves it alone\./);
  });
});
