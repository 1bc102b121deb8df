// The package's own metadata, found by walking up from this module: it sits at different depths
// when compiled (dist/src/reporters), bundled (dist/bin/chunks) or run from source by the tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  root: string;
  version: string;
  /** https URL of the repository, when package.json names one */
  repositoryUrl?: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string; repository?: string | { url?: string } };
      if (pkg.name === 'payload-guard') return (cached = { root: dir, version: pkg.version ?? '0.0.0', repositoryUrl: repoUrl(pkg.repository) });
    }
    if (dir === path.dirname(dir)) return (cached = { root: process.cwd(), version: '0.0.0' });
  }
}

function repoUrl(repository: string | { url?: string } | undefined): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const gh = /^github:(.+)$/.exec(raw) ?? /^([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (gh) return `https://github.com/${gh[1]}`;
  return raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/\.git$/, '');
}
