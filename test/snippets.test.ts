// The wiring snippets: the README shows the text `init` prints (both built from package.json's
// coordinates), and each one works as copied. The husky + lint-staged one runs with the real
// packages from the npm registry, payload-guard itself from the packed tarball (for the
// registry's `payload-guard`, not published from here); the plain hook runs verbatim. The
// pre-commit one runs in test/precommit.test.ts, the Action's in test/action.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { coordinates, snippetTexts, type SnippetName } from '../src/init.js';
import { npm, packTarball, readmeSnippet, repoRoot, version } from './support/package.js';
import { runCli } from './support/cli.js';
import { blob, git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };

describe('the snippets README shows and init prints', () => {
  const texts = snippetTexts();

  it('are the same text, built from package.json', () => {
    for (const name of Object.keys(texts) as SnippetName[]) {
      expect(
        readmeSnippet(name),
        `README.md's <!-- snippet: ${name} --> block differs from init's; copy it from \`payload-guard init\`'s output`,
      ).toBe(texts[name]);
    }
    expect(pkg.repository.url).toBe(`git+${coordinates().repositoryUrl}.git`);
    expect(texts['pre-commit']).toContain(`repo: ${coordinates().repositoryUrl}\n    rev: v${version}\n`);
    expect(texts['action-sarif']).toContain(`uses: ${coordinates().actionRef}@v${version}\n`);
    expect(coordinates().actionRef).toMatch(/^[\w.-]+\/[\w.-]+$/);
  });

  it('name no placeholder, in the README or in init', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/OWNER|<owner>/);
    const dir = tmpDir('pg-snippets-');
    const run = runCli(['init'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/OWNER|<owner>/);
    // Printed indented by two spaces, line for line.
    for (const name of Object.keys(texts) as SnippetName[]) {
      if (name === 'lint-staged-install') continue;
      expect(run.stdout).toContain(texts[name].trimEnd().replace(/^(?=.)/gm, '  '));
    }
  });
});

const gitEnv = {
  ...process.env,
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e',
};

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: gitEnv, timeout: 300_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** With clean files staged: the commit goes through; then an over-limit payload is blocked, named with its field. */
function commitsCleanBlocksOver(dir: string): void {
  const clean = sh('git', ['commit', '-m', 'clean'], dir);
  expect(clean.status, clean.out).toBe(0);
  writeFiles(dir, { 'events/upload.json': JSON.stringify({ payload: { file: blob(300_000, 41) } }, null, 2) + '\n' });
  git(dir, 'add', 'events/upload.json');
  const blocked = sh('git', ['commit', '-m', 'big'], dir);
  expect(blocked.status).not.toBe(0);
  expect(blocked.out).toContain('events/upload.json');
  expect(blocked.out).toContain('$.payload.file');
  expect(git(dir, 'log', '--format=%s')).toBe('clean\n');
}

describe('the snippets, run in scratch repositories', () => {
  let tarball: string;
  beforeAll(() => {
    tarball = packTarball().tarball;
  });

  it(
    'husky + lint-staged: installed with the real packages, the hook blocks an over-limit payload',
    { timeout: 600_000 },
    () => {
      const dir = tmpDir('pg-husky-');
      initRepo(dir);
      writeFiles(dir, {
        'package.json': JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }, null, 2) + '\n',
        '.gitignore': 'node_modules/\n',
      });
      // The install line as shown, payload-guard from the tarball.
      const install = readmeSnippet('lint-staged-install').trim().split(/\s+/);
      expect(install.slice(0, 3)).toEqual(['npm', 'i', '-D']);
      const names = install.slice(3).map((n) => (n === 'payload-guard' ? tarball : n));
      const installed = sh(npm, ['i', '-D', '--no-audit', '--no-fund', ...names], dir);
      expect(installed.status, installed.out).toBe(0);
      // The package.json part merged in, and the hook file as shown.
      const fragment = parseJsonc(readmeSnippet('lint-staged')) as Record<string, unknown>;
      const manifest = { ...JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')), ...fragment };
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
      expect(sh(npm, ['run', 'prepare'], dir).status).toBe(0);
      fs.writeFileSync(path.join(dir, '.husky/pre-commit'), readmeSnippet('husky'));

      writeFiles(dir, { 'events/ok.json': '{"ok": true}\n' });
      git(dir, 'add', '.');
      commitsCleanBlocksOver(dir);
    },
  );

  it(
    'the plain hook: says what to install until payload-guard is installed, then blocks an over-limit payload',
    { timeout: 300_000 },
    () => {
      const dir = tmpDir('pg-plainhook-');
      initRepo(dir);
      writeFiles(dir, {
        'package.json': JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }) + '\n',
        '.gitignore': 'node_modules/\n',
        'events/ok.json': '{"ok": true}\n',
      });
      fs.writeFileSync(path.join(dir, '.git/hooks/pre-commit'), readmeSnippet('plain-hook'), { mode: 0o755 });
      git(dir, 'add', '.');
      const missing = sh('git', ['commit', '-m', 'clean'], dir);
      expect(missing.status).not.toBe(0);
      expect(missing.out).toContain('payload-guard is not installed here; run: npm i -D payload-guard');

      const installed = sh(npm, ['i', '-D', '--no-audit', '--no-fund', tarball], dir);
      expect(installed.status, installed.out).toBe(0);
      git(dir, 'add', 'package.json');
      commitsCleanBlocksOver(dir);
    },
  );
});
