// `npm run release:action [-- --tag NAME]`: tags a release the GitHub Action can run as it is.
// The tag points at a commit made for it alone: the current commit plus the built files the
// package ships (what `npm pack` lists), so the action's runner needs no `npm ci` and no
// TypeScript build. The branch does not move and dist/ never enters its history. Run after the
// build (the npm script builds first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

class ReleaseError extends Error {}

function git(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function release(argv: string[]): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const at = argv.indexOf('--tag');
  const tag = at >= 0 ? argv[at + 1] : `v${pkg.version}`;
  if (!tag || tag.startsWith('-')) throw new ReleaseError('--tag needs a name, e.g. --tag v1.2.3.');
  if (execFileSync('git', ['tag', '--list', tag], { cwd: root, encoding: 'utf8' }).trim())
    throw new ReleaseError(
      `the tag ${tag} exists already; pass another with --tag, or delete it first (git tag -d ${tag}).`,
    );
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  if (dirty)
    throw new ReleaseError(
      `tracked files have uncommitted changes (${dirty.split('\n').length}); commit them first, so the tag is a commit plus its build.`,
    );
  if (!fs.existsSync(path.join(root, 'dist/bin/payload-guard.js')))
    throw new ReleaseError(
      'dist/bin/payload-guard.js is missing; run `npm run build` first (`npm run release:action` does).',
    );

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const files = (JSON.parse(out.slice(out.indexOf('['))) as { files: { path: string }[] }[])[0].files.map(
    (f) => f.path,
  );
  const built = files.filter((f) => f.startsWith('dist/'));

  // A private index: the user's staging area is left as it is.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-release-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, 'index') };
    git(['read-tree', 'HEAD'], env);
    for (let i = 0; i < built.length; i += 200) git(['add', '--force', '--', ...built.slice(i, i + 200)], env);
    const tree = git(['write-tree'], env);
    const commit = git(
      ['commit-tree', tree, '-p', 'HEAD', '-m', `${tag}: the built command and library, for the GitHub Action`],
      env,
    );
    git(['tag', tag, commit]);
    return `Tagged ${tag} (${commit.slice(0, 12)}): HEAD plus ${built.length} built files. Publish it with: git push origin ${tag}\n`;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.stdout.write(release(process.argv.slice(2)));
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    process.stderr.write(`release:action: ${err.message}\n`);
    process.exitCode = 2;
  }
}
