// The trees skipped by default, as ESLint skips node_modules: by folder name (vendor/, .aws-sam/...)
// and, for installed Python packages and virtualenvs, by what sits beside them. Pure: the one
// question that needs the disk (a folder's entries) is asked through an injected `readDir`,
// synchronous as the walk is: awaited once per folder per named file, an asynchronous listing left
// the thread idle for a quarter of a run naming 2,600 files.
import path from 'node:path';

/**
 * Skipped unless --no-ignore (or a `!glob` entry in the config's `ignores`), as ESLint skips
 * node_modules: our own stage dir, and trees that hold other people's files or build output.
 */
export const DEFAULT_IGNORED = [
  '**/.payload-guard/**',
  '**/cdk.out/asset.*/**',
  '**/site-packages/**',
  '**/vendor/**',
  '**/venv/**',
  '**/.venv/**',
  '**/bower_components/**',
  '**/.aws-sam/**',
  '**/.serverless/**',
  '**/.terraform/**',
];

/** The folders of DEFAULT_IGNORED (but cdk.out/asset.*), and what each holds, for the reasons given. */
const IGNORED_DIRS = new Map<string, string>([
  ['.payload-guard', "payload-guard's own stage dir, cache and baseline (.payload-guard/)"],
  ['site-packages', 'installed Python packages (site-packages/)'],
  ['vendor', 'vendored dependencies (vendor/)'],
  ['venv', 'Python virtualenv (venv/)'],
  ['.venv', 'Python virtualenv (.venv/)'],
  ['bower_components', 'Bower packages (bower_components/)'],
  ['.aws-sam', 'SAM CLI build output (.aws-sam/)'],
  ['.serverless', 'Serverless Framework build output (.serverless/)'],
  ['.terraform', 'Terraform providers and modules (.terraform/)'],
]);

export const OWN_DIR = IGNORED_DIRS.get('.payload-guard');

/**
 * DEFAULT_IGNORED as a function of a relative POSIX path, for files named on the command line:
 * a hook naming one file should not load a glob library to ask this (a test holds it equal to
 * picomatch's reading of the globs). Returns what the folder holds, or undefined.
 */
export function defaultIgnoreReason(rel: string): string | undefined {
  const segments = rel.split('/');
  // `**` never matches across a `.` or `..` segment, so such a path is never ignored.
  if (segments.includes('.') || segments.includes('..')) return undefined;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const dir = IGNORED_DIRS.get(s);
    if (dir) return dir;
    // `asset.*/**` needs something under the asset folder.
    if (s === 'cdk.out' && i + 2 < segments.length && segments[i + 1].startsWith('asset.'))
      return 'CDK asset copy (cdk.out/asset.*/)';
  }
  return undefined;
}

export function isDefaultIgnored(rel: string): boolean {
  return defaultIgnoreReason(rel) !== undefined;
}

/** Whether a folder of this name is skipped by default, wherever it sits (vendor/, venv/, .aws-sam/...). */
export function isDefaultIgnoredFolder(name: string): boolean {
  return IGNORED_DIRS.has(name);
}

/** What a folder's names say about it being a Python install: see vendoredReason. */
export interface FolderFacts {
  virtualenv: boolean;
  /** the `*.dist-info` / `*.egg-info` names, when the folder is an install (none: not one) */
  infos?: string[];
}

/**
 * The facts of each folder, from its names through `readDir`, worked out once per folder: asked
 * for every file at every level, a filter over the names of each folder on the way was a measurable
 * part of discovering a large tree.
 */
export function folderFacts(readDir: (dir: string) => string[]): (dir: string) => FolderFacts {
  const known = new Map<string, FolderFacts>();
  return (dir) => {
    let facts = known.get(dir);
    if (!facts) known.set(dir, (facts = factsOfNames(readDir(dir))));
    return facts;
  };
}

/** The facts of one folder, from its names. */
function factsOfNames(entries: readonly string[]): FolderFacts {
  const infos = entries.filter((e) => /\.(dist|egg)-info$/.test(e));
  const own = entries.some((e) => e === 'setup.py' || e === 'pyproject.toml' || e === 'setup.cfg');
  return { virtualenv: entries.includes('pyvenv.cfg'), ...(infos.length && !own ? { infos } : {}) };
}

/** Whether a folder holding these names is a Python install (a virtualenv, or packages beside their dist-info), as vendoredReason decides. */
export function isPythonInstall(entries: readonly string[]): boolean {
  const facts = factsOfNames(entries);
  return facts.virtualenv || facts.infos !== undefined;
}

/**
 * Python packages installed into a folder (`pip install -t python/` for a Lambda layer, a copied
 * site-packages) and virtualenvs are found by what sits beside them, not by name: a folder holding
 * a `*.dist-info` or `*.egg-info` (and no setup.py or pyproject.toml, which would make it the
 * project's own source), or a `pyvenv.cfg`. Looks at the folders between `root` (excluded) and
 * the file, through `factsOf` (folderFacts, made once by the caller), and returns the reason or undefined.
 */
export function vendoredReason(abs: string, root: string, factsOf: (dir: string) => FolderFacts): string | undefined {
  const rel = path.relative(root, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const segments = rel.split(path.sep);
  let dir = root;
  for (let i = 0; i + 1 < segments.length; i++) {
    dir = path.join(dir, segments[i]);
    const facts = factsOf(dir);
    if (facts.virtualenv)
      return `Python virtualenv (${path.relative(root, dir).split(path.sep).join('/')}/ holds pyvenv.cfg)`;
    const infos = facts.infos;
    if (!infos) continue;
    // Name the metadata of the package the file belongs to, when there is one (`botocore` → botocore-1.31.57.dist-info).
    const norm = (n: string) => n.toLowerCase().replace(/[-.]/g, '_');
    const pkg = i + 2 < segments.length ? norm(segments[i + 1]) : undefined;
    const info =
      infos.find((e) => pkg !== undefined && norm(e.split('-')[0].replace(/\.(dist|egg)-info$/, '')) === pkg) ??
      [...infos].sort()[0];
    return `vendored Python package (folder beside ${info})`;
  }
  return undefined;
}
