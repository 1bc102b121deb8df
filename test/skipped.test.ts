// What discovery leaves out is said: ignored named files get a note, a named folder with nothing
// to lint is a usage error with the reason, unreadable folders are reported, .git/info/exclude
// counts like .gitignore, and a backslash in a file name is a name, not a separator.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/io/files.js';
import { runMain } from './support/cli.js';
import { initRepo, tmpDir, writeFiles } from './support/workspace.js';

const find = (cwd: string, patterns: string[], ignoreGlobs: string[] = []) =>
  discover(patterns, { cwd, useIgnores: true, ignoreGlobs, ignoreBase: cwd });

describe('discovery says what it skips', () => {
  it('a named file that matches the config ignores gets a note', async () => {
    const cwd = tmpDir('pg-skip-');
    writeFiles(cwd, { 'gen/a.json': '{}', 'b.json': '{}' });
    const d = await find(cwd, ['gen/a.json', 'b.json'], ['gen/**']);
    expect(d.files).toEqual([path.join(cwd, 'b.json')]);
    expect(d.skipped).toEqual([
      "gen/a.json: not linted: it matches the config's `ignores` pattern `gen/**`; use --no-ignore to lint it.",
    ]);
  });

  it('a named folder with nothing to lint says why', async () => {
    const cwd = tmpDir('pg-skip-');
    initRepo(cwd);
    writeFiles(cwd, {
      'empty/readme.md': 'x',
      'build/a.json': '{}',
      'build/b.json': '{}',
      '.gitignore': 'build/\n',
      'local/c.json': '{}',
      'gen/d.json': '{}',
      'ok/e.json': '{}',
    });
    fs.appendFileSync(path.join(cwd, '.git/info/exclude'), 'local/\n');
    const d = await find(cwd, ['empty', 'build', 'local', 'gen', 'ok'], ['gen/**']);
    expect(d.files).toEqual([path.join(cwd, 'ok/e.json')]);
    expect(d.empty).toEqual([
      "No files matching 'empty' were found: it holds no .json, .jsonc, .yaml or .yml file.",
      "All 2 files under 'build' are ignored (by .gitignore); use --no-ignore to lint them.",
      "The one file under 'local' is ignored (by .git/info/exclude); use --no-ignore to lint it.",
      "The one file under 'gen' is ignored (by the config `ignores`); use --no-ignore to lint it.",
    ]);
    // Without a named folder (`payload-guard` alone), an empty tree is not a mistake.
    expect((await find(path.join(cwd, 'empty'), [])).empty).toEqual([]);
  });

  it('honours .git/info/exclude in a walk', async () => {
    const cwd = tmpDir('pg-skip-');
    initRepo(cwd);
    writeFiles(cwd, { 'a/x.json': '{}', 'a/scratch.json': '{}' });
    fs.appendFileSync(path.join(cwd, '.git/info/exclude'), 'scratch.json\n');
    expect((await find(cwd, ['a'])).files).toEqual([path.join(cwd, 'a/x.json')]);
  });

  it.skipIf(process.platform === 'win32')('lints a file whose name holds a backslash', async () => {
    const cwd = tmpDir('pg-skip-');
    writeFiles(cwd, { 'd/a\\b.json': '{}' });
    const d = await find(cwd, ['d']);
    expect(d.files).toEqual([path.join(cwd, 'd', 'a\\b.json')]);
    expect(d.unreadable).toEqual([]);
    expect((await find(cwd, ['d/*.json'])).files).toEqual([path.join(cwd, 'd', 'a\\b.json')]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports a folder that cannot be read, named or found in a walk',
    async () => {
      const cwd = tmpDir('pg-skip-');
      writeFiles(cwd, { 'tree/ok.json': '{}', 'tree/locked/x.json': '{}' });
      fs.chmodSync(path.join(cwd, 'tree/locked'), 0);
      try {
        const d = await find(cwd, ['tree']);
        expect(d.files).toEqual([path.join(cwd, 'tree/ok.json')]);
        expect(d.unreadable).toEqual([{ filePath: path.join(cwd, 'tree/locked'), detail: 'permission denied' }]);
        expect((await find(cwd, ['tree/locked'])).unreadable).toEqual([
          { filePath: path.join(cwd, 'tree/locked'), detail: 'permission denied' },
        ]);
      } finally {
        fs.chmodSync(path.join(cwd, 'tree/locked'), 0o755);
      }
    },
  );
});

describe('the CLI prints what discovery skipped', () => {
  it('notes on stderr, a usage error for an empty folder, ignores for --stdin-filename', async () => {
    const cwd = tmpDir('pg-skip-cli-');
    writeFiles(cwd, {
      'payload-guard.config.json': '{"ignores": ["gen/**"]}',
      'gen/a.json': '{}',
      'ok.json': '{}',
      'empty/x.txt': '',
    });
    const named = await runMain(['gen/a.json', 'ok.json'], { cwd });
    expect(named).toMatchObject({ status: 0, stdout: '' });
    expect(named.stderr).toBe(
      "payload-guard: gen/a.json: not linted: it matches the config's `ignores` pattern `gen/**`; use --no-ignore to lint it.\n",
    );
    const empty = await runMain(['empty'], { cwd });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain(
      "No files matching 'empty' were found: it holds no .json, .jsonc, .yaml or .yml file.",
    );
    const stdin = await runMain(['--stdin', '--stdin-filename', 'gen/b.json'], { cwd, input: '{' });
    expect(stdin).toMatchObject({ status: 0, stdout: '' });
    expect(stdin.stderr).toContain("gen/b.json: not linted: it matches the config's `ignores` pattern `gen/**`");
  });
});
