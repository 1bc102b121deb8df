// This checkout as a user gets it: packed (`npm pack` of the dist/ that `pretest` built), or as a
// git repository holding the working tree as one commit (what a clone of a release tag holds).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { git, initRepo, tmpDir } from './workspace.js';

export const repoRoot = path.resolve(__dirname, '../..');
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

export interface Packed {
  tarball: string;
  /** bytes of the .tgz */
  size: number;
  files: { path: string }[];
}

export function packTarball(): Packed {
  const dest = tmpDir('pg-pack-');
  // --ignore-scripts: dist/ is already built (pretest); `prepare` would build it again.
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = (
    JSON.parse(out.slice(out.indexOf('['))) as { filename: string; size: number; files: { path: string }[] }[]
  )[0];
  return { tarball: path.join(dest, packed.filename), size: packed.size, files: packed.files };
}

/** A git repository holding this working tree (tracked and untracked, not ignored) as one commit, tagged `tag`. */
export function snapshotRepo(tag?: string): { dir: string; rev: string } {
  const dir = tmpDir('pg-snapshot-');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const rel of files) {
    const from = path.join(repoRoot, rel);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, rel));
  }
  initRepo(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot');
  if (tag) git(dir, 'tag', tag);
  return { dir, rev: git(dir, 'rev-parse', 'HEAD').trim() };
}

/** The fenced block after `<!-- snippet: NAME -->` in README.md (other comment lines may sit between). */
export function readmeSnippet(name: string): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- snippet: ${name} -->\\n(?:<!--.*-->\\n)*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(readme);
  if (!m) throw new Error(`README.md has no \`<!-- snippet: ${name} -->\` followed by a fenced block`);
  return m[1];
}
