// The package's own metadata, found by walking up from this module: it sits at different depths
// when compiled (dist/src/reporters), bundled (dist/bin/chunks) or run from source by the tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  root: string;
  version: string;
  /** https URL of the repository, when package.json names one (`repository`, else a repository `homepage`) */
  repositoryUrl?: string;
  /** the package's folder inside the repository (`repository.directory`, for a monorepo) */
  directory?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  repository?: string | { url?: string; directory?: string };
  homepage?: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
      if (pkg.name === 'payload-guard') return (cached = infoOf(pkg, dir));
    }
    if (dir === path.dirname(dir)) return (cached = { root: process.cwd(), version: '0.0.0' });
  }
}

/** What package.json says about where the package lives (pure, for tests). */
export function infoOf(pkg: PackageJson, root: string): PackageInfo {
  const directory =
    typeof pkg.repository === 'object' ? pkg.repository.directory?.replace(/^\.?\/+|\/+$/g, '') : undefined;
  const repositoryUrl =
    repoUrl(typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url) ?? repoUrl(pkg.homepage);
  return {
    root,
    version: pkg.version ?? '0.0.0',
    ...(repositoryUrl ? { repositoryUrl } : {}),
    ...(directory ? { directory } : {}),
  };
}

const HOSTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' };

/** npm's repository forms (`github:o/r`, `o/r`, `git+https://...git`, `git@host:o/r.git`, `git+ssh://git@host/o/r`) as an https URL. */
function repoUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const short = /^(?:(github|gitlab|bitbucket):)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (short) return `https://${HOSTS[short[1] ?? 'github']}/${short[2].replace(/\.git$/, '')}`;
  const scp = /^(?:[\w.-]+@)?([\w.-]+\.[a-z]+):(?!\/)([\w.~/-]+?)(?:\.git)?\/?$/.exec(raw);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(raw.replace(/^git\+/, ''));
    if (!['https:', 'http:', 'git:', 'ssh:'].includes(url.protocol) || !url.hostname) return undefined;
    const repoPath = url.pathname.replace(/\.git$/, '').replace(/\/+$/, '');
    // A homepage such as https://example.com/docs is no repository: only a host/owner/name path is.
    if (!/^\/[\w.-]+\/[\w.-]+/.test(repoPath)) return undefined;
    return `https://${url.hostname}${repoPath}`;
  } catch {
    return undefined;
  }
}

/**
 * The web address of a rule's doc (SARIF `helpUri`, the `--help` footer), at the tag of this
 * version so the text matches the rules that ran. Never a file:// path: a report is read on
 * another machine (code scanning, a CI log). Without a repository, the copy the package ships
 * (rules/*.md are in package.json `files`) on a package CDN.
 */
export function ruleDocUrl(id: string, info: PackageInfo = packageInfo()): string {
  const file = `${id}.md`;
  if (!info.repositoryUrl) return `https://unpkg.com/payload-guard@${info.version}/rules/${file}`;
  const inRepo = `${info.directory ? info.directory + '/' : ''}rules/${file}`;
  const tag = `v${info.version}`;
  const host = new URL(info.repositoryUrl).hostname;
  // GitHub's and GitLab's file views differ; Bitbucket's too; others mostly follow GitHub's.
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return `${info.repositoryUrl}/-/blob/${tag}/${inRepo}`;
  if (host === 'bitbucket.org') return `${info.repositoryUrl}/src/${tag}/${inRepo}`;
  return `${info.repositoryUrl}/blob/${tag}/${inRepo}`;
}
