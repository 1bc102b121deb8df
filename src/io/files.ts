// The one module besides the CLI that touches the disk: finding files, reading them safely,
// loading the config, writing atomically.
import fsSync, { constants as fsc, promises as fs } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, type ConfigFile, type ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import {
  defaultIgnoreReason,
  DEFAULT_IGNORED,
  folderFacts,
  isDefaultIgnored,
  OWN_DIR,
  vendoredReason,
  type FolderFacts,
} from '../default-ignores.js';
import { emptyDirectoryMessage, skippedMessage, type Skipped, type SkipReason } from '../skipped.js';
import { escapeRegExp, LineIndex } from '../text.js';
import { ignorePrefilter } from './ignore-prefilter.js';

export { DEFAULT_IGNORED, isDefaultIgnored, vendoredReason };

export const DEFAULT_EXTENSIONS = ['json', 'jsonc', 'yaml', 'yml', 'tf'];
/** Never descended into, whatever the ignore settings say. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
/** Where `--fix` stages moved objects as <dir>/<bucket>/<key>, relative to the working directory. */
const DEFAULT_STAGE_DIR = '.payload-guard/s3';
/** Larger files are reported, not read: V8 cannot hold a string much over 512 MiB. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Why a file of `size` bytes was not read: `what` is the file, or the staged file of `--staged`. */
export function overReadingLimit(size: number, maxBytes: number, what = 'the file'): string {
  return `${what} is ${size} bytes, over the ${maxBytes}-byte reading limit`;
}

const GLOB_CHARS = /[*?[\]{}!]/;

export interface Discovery {
  /** absolute paths, sorted, unique */
  files: string[];
  /** paths that could not be used (files and folders): each becomes a parse-error diagnostic */
  unreadable: { filePath: string; detail: string }[];
  /** patterns that matched nothing and name no existing path (a usage error) */
  missing: string[];
  /** files named on the command line that a default ignore skipped, and why (said, not passed over) */
  ignored: { filePath: string; reason: string }[];
  /** named directories with nothing left to lint, each a sentence saying why (a usage error) */
  empty: string[];
  /** files named on the command line that are not linted, each a note saying why */
  skipped: string[];
}

export interface DiscoveryOptions {
  cwd: string;
  /** honour .gitignore and config ignores */
  useIgnores: boolean;
  /** config ignore globs, relative to `ignoreBase` */
  ignoreGlobs: string[];
  ignoreBase: string;
  /** config `!glob` entries: files they match are linted even inside a default-ignored tree */
  unignoreGlobs?: string[];
}

export async function discover(patterns: string[], options: DiscoveryOptions): Promise<Discovery> {
  const { cwd } = options;
  const files = new Set<string>();
  const unreadable: Discovery['unreadable'] = [];
  const missing: string[] = [];
  const globs: string[] = [];
  const dirs: { abs: string; pattern: string }[] = [];
  const explicit = new Map<string, string>();

  const given = patterns.length ? patterns : ['.'];
  // Synchronous, as the walk is: a stat answers in microseconds, and a promise per argument cost
  // more than the stat (and loaded node:fs/promises for a hook's one file).
  for (const p of given) {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = fsSync.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && GLOB_CHARS.test(p)) globs.push(p);
      else if (code === 'ENOENT') missing.push(p);
      else unreadable.push({ filePath: abs, detail: describeFsError(err) });
      continue;
    }
    if (st.isDirectory()) dirs.push({ abs, pattern: p });
    else if (st.isFile()) explicit.set(abs, p);
    else unreadable.push({ filePath: abs, detail: `not a regular file (${kindOf(st)})` });
  }

  /** For a file found under a directory argument, that directory: as with the default ignores by name, a tree is skipped when it lies below what was named, not when it is what was named. */
  const rootOf = new Map<string, string>();
  /** The names in each folder the walk read, for the vendored-tree check (with ignores only). */
  const listed = new Map<string, string[]>();
  const unignore =
    options.useIgnores && options.unignoreGlobs?.length
      ? (await import('picomatch')).default(options.unignoreGlobs, { dot: true })
      : undefined;
  const unignored = (f: string) => unignore?.(toPosix(relativePath(options.ignoreBase, f))) === true;
  const perDir: { pattern: string; files: string[] }[] = [];
  let gitignored = new Map<string, string>();
  if (globs.length || dirs.length) {
    // A negation may reach into any default-ignored tree: then the walk enters them all, and the
    // default ignores are applied per file below.
    const ignore = [...ALWAYS_IGNORED, ...(options.useIgnores && !unignore ? DEFAULT_IGNORED : [])];
    const found: string[] = [];
    const skipDir = folderMatcher(ignore);
    for (const dir of dirs) {
      const under = filesUnder(dir.abs, skipDir, unreadable, options.useIgnores ? listed : undefined);
      // The walk's paths are joined, so normal already.
      for (const f of under) if (!rootOf.has(f)) rootOf.set(f, dir.abs);
      perDir.push({ pattern: dir.pattern, files: under });
      // A loop, not push(...under): a spread of over about 120,000 arguments overflows the stack.
      for (const f of under) found.push(f);
    }
    const globbed = globs.length
      ? await (
          await import('fast-glob')
        ).default(globs, { cwd, dot: true, onlyFiles: true, ignore, suppressErrors: true })
      : [];
    // Relative results resolved here: fast-glob's `absolute` turns a `\` in a file name into `/`.
    for (const f of globbed) found.push(path.resolve(cwd, f));
    if (options.useIgnores) gitignored = await gitignoredFiles(found, cwd);
    let kept = found.filter((f) => !gitignored.has(f));
    if (unignore)
      kept = kept.filter((f) => unignored(f) || !isDefaultIgnored(toPosix(relativePath(rootOf.get(f) ?? cwd, f))));
    for (const f of kept) files.add(f);
    // A pattern that matched nothing is a mistake worth stopping for, like ESLint's.
    if (!globbed.length) for (const g of globs) missing.push(g);
  }
  const ignored: Discovery['ignored'] = [];
  const skipped: Skipped[] = [];
  /** files found under a named folder and dropped as vendored, with the reason (for `empty`) */
  const vendoredAway = new Map<string, string>();
  const facts = vendorFacts(listed);
  // Named files too: hooks (pre-commit, lint-staged) name every changed file. Our own baseline,
  // cache and staged objects under .payload-guard/ are passed over quietly; a file in a vendored
  // or generated tree is said to be ignored, as ESLint says "File ignored by default".
  for (const f of explicit.keys()) {
    const reason = options.useIgnores && !unignored(f) ? defaultIgnoreReason(toPosix(relativePath(cwd, f))) : undefined;
    if (!reason) files.add(f);
    else if (reason !== OWN_DIR) ignored.push({ filePath: f, reason });
  }
  // Vendored Python trees are known by their neighbours, so by reading the folders on the way.
  if (options.useIgnores) {
    for (const f of [...files]) {
      if (unignored(f)) continue;
      const reason = vendoredReason(f, rootOf.get(f) ?? cwd, facts);
      if (!reason) continue;
      files.delete(f);
      if (explicit.has(f)) ignored.push({ filePath: f, reason });
      else vendoredAway.set(f, reason);
    }
  }

  let list = [...files];
  const configIgnored = new Map<string, string>();
  if (options.useIgnores && options.ignoreGlobs.length) {
    const { default: picomatch } = await import('picomatch');
    const matchers = options.ignoreGlobs.map((g) => ({ g, match: picomatch(g, { dot: true }) }));
    list = list.filter((f) => {
      const hit = matchers.find((m) => m.match(toPosix(path.relative(options.ignoreBase, f))));
      if (hit) configIgnored.set(f, hit.g);
      return !hit;
    });
  }
  for (const [f, given] of explicit) {
    const pattern = configIgnored.get(f);
    if (pattern !== undefined) skipped.push({ path: given, reason: { kind: 'ignores', pattern } });
  }
  const kept = new Set(list);
  const empty: string[] = [];
  for (const d of perDir) {
    // `payload-guard` alone in a folder without payloads is not a mistake; naming one is.
    if (!patterns.length || d.files.some((f) => kept.has(f))) continue;
    // A folder whose only entries cannot be read is reported through them, not as empty.
    const dirAbs = path.resolve(cwd, d.pattern);
    if (unreadable.some((u) => isInside(u.filePath, dirAbs))) continue;
    const reasons: SkipReason[] = d.files.map((f) =>
      gitignored.has(f)
        ? { kind: 'gitignore', source: gitignored.get(f)! }
        : configIgnored.has(f)
          ? { kind: 'ignores', pattern: configIgnored.get(f)! }
          : { kind: 'default', what: vendoredAway.get(f) ?? 'a default-ignored tree' },
    );
    empty.push(emptyDirectoryMessage(d.pattern, d.files.length, reasons));
  }
  return {
    files: list.sort(),
    unreadable,
    missing: [...new Set(missing)].sort((a, b) => given.indexOf(a) - given.indexOf(b)),
    ignored: ignored.sort((a, b) => (a.filePath < b.filePath ? -1 : 1)),
    empty,
    skipped: skipped.sort((a, b) => given.indexOf(a.path) - given.indexOf(b.path)).map(skippedMessage),
  };
}

/**
 * The vendored-tree facts of each folder for one run (folderFacts keeps them), from the names the
 * walk read already (`known`) or else a listing.
 */
export function vendorFacts(known?: ReadonlyMap<string, string[]>): (dir: string) => FolderFacts {
  return folderFacts((dir) => known?.get(dir) ?? listDirectorySync(dir));
}

/** Why a file would be skipped by a run with ignores on (the default ignores, the config's, .gitignore), or undefined. */
export async function ignoreReason(abs: string, options: DiscoveryOptions): Promise<string | undefined> {
  if (!options.useIgnores) return undefined;
  const fromBase = toPosix(path.relative(options.ignoreBase, abs));
  const { default: picomatch } = await import('picomatch');
  if (!(options.unignoreGlobs?.length && picomatch(options.unignoreGlobs, { dot: true })(fromBase))) {
    const reason =
      defaultIgnoreReason(toPosix(path.relative(options.cwd, abs))) ?? vendoredReason(abs, options.cwd, vendorFacts());
    if (reason)
      return `ignored by default: ${reason}; \`--no-ignore\` or a \`!\` entry in the config's \`ignores\` lints it`;
  }
  if (options.ignoreGlobs.length && picomatch(options.ignoreGlobs, { dot: true })(fromBase))
    return "ignored: the config's `ignores`";
  const git = (await gitignoredFiles([abs], options.cwd)).get(abs);
  if (git) return `ignored: ${git}`;
  return undefined;
}

/**
 * One walk per directory, synchronous and without a glob engine: the walk only needs a file's
 * extension and a folder's path against the ignores, and fast-glob's per-entry matching and
 * asynchronous reads cost more than the rest of a warm run. Links are not followed (a link loop
 * would never end); links to regular files are still wanted, so they are resolved here: stat
 * follows them, and a loop fails with ELOOP. A folder that cannot be read is added to
 * `unreadable` and the walk goes on without it.
 */
function filesUnder(
  dir: string,
  skipDir: (rel: string) => boolean,
  unreadable: Discovery['unreadable'],
  /** each folder read, with its names: the vendored-tree check reads them again otherwise */
  listed?: Map<string, string[]>,
): string[] {
  const out: string[] = [];
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    const abs = rel ? path.join(dir, rel) : dir;
    let entries: fsSync.Dirent[];
    try {
      entries = fsSync.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      unreadable.push({ filePath: abs, detail: describeFsError(err) });
      continue;
    }
    listed?.set(
      abs,
      entries.map((e) => e.name),
    );
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDir(childRel)) stack.push(childRel);
        continue;
      }
      const dot = e.name.lastIndexOf('.');
      if (dot === -1 || !LINTED_EXTENSIONS.has(e.name.slice(dot + 1))) continue;
      // `abs` is normal and a name holds no separator: a join would only normalise again.
      const fileAbs = abs.endsWith(path.sep) ? abs + e.name : abs + path.sep + e.name;
      if (e.isFile()) out.push(fileAbs);
      else if (e.isSymbolicLink()) {
        try {
          const st = fsSync.statSync(fileAbs);
          if (st.isFile()) out.push(fileAbs);
          else if (!st.isDirectory())
            unreadable.push({ filePath: fileAbs, detail: `not a regular file (${kindOf(st)})` });
        } catch (err) {
          // A loop is reported as a named one is; a dangling link points at nothing to lint.
          if ((err as NodeJS.ErrnoException).code === 'ELOOP')
            unreadable.push({ filePath: fileAbs, detail: describeFsError(err) });
        }
      } else {
        // A FIFO or a device found by the walk is said, as a named one is: never read, never silent.
        unreadable.push({
          filePath: fileAbs,
          detail: `not a regular file (${kindOf(e as unknown as import('node:fs').Stats)})`,
        });
      }
    }
  }
  return out;
}

const LINTED_EXTENSIONS: ReadonlySet<string> = new Set(DEFAULT_EXTENSIONS);

/**
 * The folders a walk does not enter, from ignore globs of the form `**\/<folder>/**` (every
 * default ignore has it; `<folder>` is one or more path segments, `*` within a segment matching
 * any run of characters, a leading dot included): a folder whose path ends with those segments.
 * Matched here rather than by a glob engine, whose loading a run over a folder would pay.
 */
export function folderMatcher(globs: readonly string[]): (rel: string) => boolean {
  const tails = globs.map((g) => {
    if (!g.startsWith('**/') || !g.endsWith('/**') || /[?[\]{}!\\]/.test(g))
      throw new Error(`${g}: a folder ignore must be **/<folder>/**, with no glob character but *`);
    return g
      .slice(3, -3)
      .split('/')
      .map((seg) => new RegExp(`^${seg.split('*').map(escapeRegExp).join('.*')}$`));
  });
  return (rel) => {
    const segments = rel.split('/');
    return tails.some(
      (tail) =>
        tail.length <= segments.length && tail.every((re, k) => re.test(segments[segments.length - tail.length + k])),
    );
  };
}

/**
 * The files a .gitignore (or .git/info/exclude) leaves out, each with the file that says so, as
 * git decides: a folder that is excluded is never entered (nothing under it comes back), and for
 * anything else the deepest .gitignore with a matching pattern wins, a `!pattern` re-including
 * what a shallower one excluded; .git/info/exclude counts below every .gitignore.
 */
async function gitignoredFiles(files: string[], cwd: string): Promise<Map<string, string>> {
  const ignored = new Map<string, string>();
  if (!files.length) return ignored;
  const { default: ignoreFactory } = await import('ignore');
  const root = gitRoot(cwd);
  // Synchronous, and a stat before the read: most folders have no .gitignore, and an error (with
  // its stack) per folder, or a promise, cost more than the rest of a warm run's discovery.
  const readRules = (file: string): string | undefined => {
    try {
      return fsSync.statSync(file, { throwIfNoEntry: false })?.isFile() ? fsSync.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const gitDir = root ? await commonGitDir(root) : undefined;
  // Patterns match case as the repository's git does (see coreIgnoreCase); outside one, as git's default.
  const ignorecase = coreIgnoreCase(gitDir ? readRules(path.join(gitDir, 'config')) : undefined);
  /**
   * `may`: false when no pattern of the file can match a (lower-cased) path (ignore-prefilter.ts);
   * `ig` compiles the patterns on first use, as most pattern files match none of the paths below them.
   */
  type Source = { label: string; ig: () => Ignore; may: (lowerPath: string) => boolean };
  type Ignore = ReturnType<typeof ignoreFactory>;
  const source = (label: string, text: string): Source => {
    let ig: Ignore | undefined;
    return {
      label,
      ig: () => (ig ??= ignoreFactory({ ignorecase }).add(text)),
      may: ignorePrefilter(text) ?? (() => true),
    };
  };
  /** The pattern files of each folder, lowest precedence first. */
  const sourcesOf = new Map<string, Source[]>();
  const sourcesFor = (dir: string): Source[] => {
    const known = sourcesOf.get(dir);
    if (known) return known;
    const sources: Source[] = [];
    // git reads .git/info/exclude as patterns at the repository root, below its .gitignore.
    if (dir === root && gitDir) {
      const exclude = readRules(path.join(gitDir, 'info', 'exclude'));
      if (exclude !== undefined) sources.push(source('.git/info/exclude', exclude));
    }
    const local = readRules(path.join(dir, '.gitignore'));
    if (local !== undefined)
      sources.push(source(toPosix(path.relative(cwd, path.join(dir, '.gitignore'))) || '.gitignore', local));
    sourcesOf.set(dir, sources);
    return sources;
  };
  /**
   * Which pattern file excludes `abs` (a folder when `asFolder`), looking at its own folder and
   * those above up to `top`: the deepest pattern file with a pattern that matches decides (one that
   * re-includes with `!` says not excluded), so the search goes up and stops there.
   */
  const verdict = (abs: string, asFolder: boolean, top: string): string | undefined => {
    for (let dir = path.dirname(abs); isInside(dir, top); dir = path.dirname(dir)) {
      const sources = sourcesFor(dir);
      if (sources.length) {
        const rel = toPosix(relativePath(dir, abs)) + (asFolder ? '/' : '');
        const lower = rel.toLowerCase();
        for (let j = sources.length - 1; j >= 0; j--) {
          if (!sources[j].may(lower)) continue;
          const r = sources[j].ig().test(rel);
          if (r.ignored) return sources[j].label;
          if (r.unignored) return undefined;
        }
      }
      if (dir === top || dir === path.dirname(dir)) break;
    }
    return undefined;
  };
  /** The pattern file that excludes `dir` or a folder above it (below `top`): git never looks inside. */
  const excludedFolders = new Map<string, string | undefined>();
  const folderExcluded = (dir: string, top: string): string | undefined => {
    if (dir === top || !isInside(dir, top) || dir === path.dirname(dir)) return undefined;
    const key = `${top}\0${dir}`;
    if (excludedFolders.has(key)) return excludedFolders.get(key);
    const label = folderExcluded(path.dirname(dir), top) ?? verdict(dir, true, top);
    excludedFolders.set(key, label);
    return label;
  };
  for (const f of files) {
    // Every pattern file from the repository root (or the working directory) down to the file's folder.
    const top = root && isInside(f, root) ? root : cwd;
    const source = folderExcluded(path.dirname(f), top) ?? verdict(f, false, top);
    if (source) ignored.set(f, source);
  }
  return ignored;
}

/**
 * The repository's own git dir, which holds info/exclude and the config: `.git`, or for a worktree
 * or submodule, whose `.git` is a file naming the git dir, that dir (a worktree's names the
 * repository's in `commondir`).
 */
async function commonGitDir(root: string): Promise<string> {
  const dotGit = path.join(root, '.git');
  const pointer = await fs.readFile(dotGit, 'utf8').catch(() => undefined);
  const m = pointer === undefined ? null : /^gitdir:\s*(.+?)\s*$/m.exec(pointer);
  if (!m) return dotGit;
  const gitDir = path.resolve(root, m[1]);
  const common = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
  return common === undefined ? gitDir : path.resolve(gitDir, common.trim());
}

/**
 * git's `core.ignorecase` in a repository's config text: whether .gitignore patterns match
 * ignoring case. git writes it as true at init or clone on a file system that ignores case; where
 * the config says nothing, git matches case (its default).
 */
export function coreIgnoreCase(config: string | undefined): boolean {
  let inCore = false;
  let value = false;
  for (const raw of (config ?? '').split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)\s*(")?/.exec(line);
    if (section) {
      // `[core "x"]` is a subsection, not [core].
      inCore = section[1].toLowerCase() === 'core' && !section[2];
      continue;
    }
    if (!inCore) continue;
    const entry = /^ignorecase\s*(?:=\s*"?([^"#;]*?)"?\s*)?(?:[#;].*)?$/i.exec(line);
    // A key with no value is true; the last one written wins, as in git.
    if (entry) value = entry[1] === undefined || /^(true|yes|on|1)$/i.test(entry[1]);
  }
  return value;
}

/** The names in a folder; none when it cannot be listed. */
export async function listDirectory(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => [] as string[]);
}

/** listDirectory, synchronous (a listing answers in microseconds, as the walk's do). */
function listDirectorySync(dir: string): string[] {
  try {
    return fsSync.readdirSync(dir);
  } catch {
    return [];
  }
}

export async function pathExists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/** A file's text, or undefined when it cannot be read. */
export async function readTextIfAny(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}

/** The file's text, or undefined when it does not exist; any other failure is thrown. */
export async function readTextUnlessMissing(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Creates `file` with `text`; fails (EEXIST) when something is there already, never overwriting it. */
export async function writeNewFile(file: string, text: string): Promise<void> {
  await fs.writeFile(file, text, { flag: 'wx' });
}

/** The process's working directory, for entry points whose caller names none. */
export function currentDirectory(): string {
  return process.cwd();
}

/**
 * The repository root: the nearest folder up from `cwd` holding `.git` (a folder, or the file of
 * a worktree or submodule), else the config's folder, else cwd. Writes stay inside it and the stage
 * folder is kept there. Found with a few stat calls, without running git: a plain lint run looks
 * for the stage folder on every start.
 */
export function repositoryRoot(cwd: string, config?: { source?: string; baseDir: string }): string {
  return gitRoot(cwd) ?? (config?.source ? config.baseDir : path.resolve(cwd));
}

function gitRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fsSync.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The stage dir: --stage-dir (from cwd), else fix.stageDir (from the config), else the root's. */
export function stageDirOf(flag: string | undefined, config: ResolvedConfig, cwd: string, root: string): string {
  if (flag) return path.resolve(cwd, flag);
  if (config.file.fix?.stageDir) return path.resolve(config.baseDir, config.file.fix.stageDir);
  return path.resolve(root, DEFAULT_STAGE_DIR);
}

export function isInside(p: string, dir: string): boolean {
  const rel = relativePath(dir, p);
  // `..name` is a child called that, not the parent.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * path.relative(base, abs) for the paths a walk finds: a slice when `abs` lies below `base` and
 * both are plain absolute paths (no `.` or `..` segment, no doubled separator), else path.relative.
 * path.relative resolves both against the working directory first, and per file of a tree of small
 * payloads that cost as much as reading the file.
 */
export function relativePath(base: string, abs: string): string {
  const sep = path.sep;
  const prefix = base.endsWith(sep) ? base.length : base.length + 1;
  if (
    abs.length > prefix &&
    abs.startsWith(base) &&
    (prefix === base.length || abs[base.length] === sep) &&
    path.isAbsolute(base) &&
    !abs.endsWith(sep) &&
    isPlain(abs)
  )
    return abs.slice(prefix);
  return path.relative(base, abs);
}

/** A `.` or `..` segment, or a doubled separator: path.relative would normalise these away. */
const NOT_PLAIN = /[\\/]\.{0,2}(?:[\\/]|$)/;

/**
 * No `.` or `..` segment and no doubled separator. On POSIX by native search (a regular
 * expression tried at every separator was a measurable part of a walk's per-file cost).
 */
function isPlain(abs: string): boolean {
  if (path.sep !== '/') return !NOT_PLAIN.test(abs);
  return (
    !abs.includes('//') &&
    !abs.includes('/./') &&
    !abs.includes('/../') &&
    !abs.endsWith('/') &&
    !abs.endsWith('/.') &&
    !abs.endsWith('/..')
  );
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      // mkdir of a folder on the way that is a file: `-o report.json/x`
      return 'a part of the path is a file, not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EMKDIR':
      return (e as { detail?: string }).detail ?? e.message;
    default:
      return e.code ? `${e.code}: ${e.message}` : String(err);
  }
}

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; detail: string };

/**
 * A buffer that a sequential reader reuses from file to file. Fresh buffers for every file cost
 * page faults and external-memory garbage collections (on a 180 MB tree, more than reading
 * itself); the bytes read into it are valid until the next read with the same scratch.
 */
export interface ReadScratch {
  buffer: Buffer;
}

/**
 * Reads a regular file only. Opening with O_NONBLOCK means a FIFO named on the command line
 * cannot hang the scan; fstat on the open descriptor then refuses anything that is not a file.
 * Synchronous on purpose: four thread-pool round trips per small file cost more than the read,
 * and linting is synchronous CPU work anyway.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: every failure, thrown or not, reaches the caller as a rejection or a result
export async function readRegularFile(
  filePath: string,
  maxBytes = MAX_FILE_BYTES,
  scratch?: ReadScratch,
): Promise<ReadResult> {
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(filePath, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const st = fsSync.fstatSync(fd);
    if (!st.isFile()) return { ok: false, detail: `not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { ok: false, detail: overReadingLimit(st.size, maxBytes) };
    return { ok: true, bytes: scratch ? readInto(fd, st.size, scratch) : fsSync.readFileSync(fd) };
  } catch (err) {
    return { ok: false, detail: describeFsError(err) };
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
}

/**
 * stat without an Error for the common miss: undefined for a path that is absent or cannot be
 * examined (EACCES, ENOTDIR...), as a failed read would treat it, at a fraction of the cost.
 */
function statQuietly(p: string): fsSync.Stats | undefined {
  try {
    return fsSync.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** What a path is when it exists and is not a regular file (`FIFO`, `directory`...), else undefined. */
export function notRegularFile(p: string): string | undefined {
  const st = statQuietly(p);
  if (!st || st.isFile()) return undefined;
  return st.isDirectory() ? 'directory' : kindOf(st);
}

/** True for an existing directory; false for anything else, including a path that cannot be read. */
export function isDirectory(p: string): boolean {
  return statQuietly(p)?.isDirectory() === true;
}

/** Reads to the end of `fd` into the scratch buffer, growing it when the file is larger. */
function readInto(fd: number, sizeHint: number, scratch: ReadScratch): Buffer {
  // One byte over the size seen by fstat, so that a file which did not grow ends in one read.
  if (scratch.buffer.length < sizeHint + 1)
    scratch.buffer = Buffer.allocUnsafe(Math.max(sizeHint + 1, scratch.buffer.length * 2, 64 * 1024));
  let buffer = scratch.buffer;
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = scratch.buffer = larger;
    }
    const n = fsSync.readSync(fd, buffer, length, buffer.length - length, null);
    length += n;
    // A read of a regular file that stops short of the buffer is at its end: when that end is the
    // size fstat gave, a second read only to get 0 back costs a system call per file.
    if (n === 0 || (length === sizeHint && length < buffer.length)) return buffer.subarray(0, length);
  }
}

/**
 * Standard input is read to its end, but not past the limit a file has: `--stdin < /dev/zero`
 * (or a producer that never stops) must end the run, not fill the memory.
 */
export async function readStdin(
  stream: NodeJS.ReadableStream = process.stdin,
  maxBytes = MAX_FILE_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new UsageError(
        `standard input passed ${maxBytes.toLocaleString('en-US')} bytes without ending, the most payload-guard reads of one document; lint a file by its path instead.`,
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export interface LoadedConfig {
  file: ConfigFile;
  /** absolute path of the file it came from, if any */
  path?: string;
  baseDir: string;
}

/** `-c FILE`, or the nearest config walking up from `cwd`: our two file names, then package.json. */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit) {
    const abs = path.resolve(cwd, explicit);
    // As for linted files: a FIFO or a device named by `-c` must not hang the run.
    const read = await readRegularFile(abs);
    if (!read.ok) throw new ConfigError(`${explicit}: cannot read the config file: ${read.detail}.`);
    return { file: parseConfigText(read.bytes.toString('utf8'), abs), path: abs, baseDir: path.dirname(abs) };
  }
  // Most candidates do not exist: a quiet stat first, rather than a failed read with an Error each.
  // Synchronous: a config file is small, and node:fs/promises would load for this one read.
  const readIfFile = (abs: string) => {
    if (!statQuietly(abs)?.isFile()) return undefined;
    try {
      return fsSync.readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const abs = path.join(dir, name);
      const text = readIfFile(abs);
      if (text !== undefined) return { file: parseConfigText(text, abs), path: abs, baseDir: dir };
    }
    const pkgPath = path.join(dir, 'package.json');
    const pkg = readIfFile(pkgPath);
    if (pkg !== undefined) {
      const parsed = parseConfigText(pkg, pkgPath) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && 'payload-guard' in parsed) {
        return { file: parsed['payload-guard'] as ConfigFile, path: pkgPath, baseDir: dir };
      }
    }
    if (dir === path.dirname(dir)) return { file: {}, baseDir: path.resolve(cwd) };
  }
}

function parseConfigText(text: string, filePath: string): ConfigFile {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as ConfigFile;
  } catch (err) {
    const m = /position (\d+)/.exec(String((err as Error).message));
    const pos = new LineIndex(text).position(m ? Number(m[1]) : 0);
    throw new ConfigError(
      `${filePath}:${pos.line}:${pos.column}: the config is not valid JSON (${(err as Error).message}).`,
    );
  }
}

/** A write the target's state forbids (changed since read, hard links, read-only): the target is untouched. */
class WriteRefused extends Error {}

export interface WriteOptions {
  /**
   * The bytes the file held when it was read: checked again just before the rename, and the
   * write is refused when the file changed since (an editor saved it during an upload).
   */
  expect?: Uint8Array;
  /**
   * A file edited in place (a payload the user owns): a hard-linked or read-only file is
   * refused, not split or overridden, and a symbolic link must resolve inside this folder.
   */
  editWithin?: string;
  /** with editWithin: rewrite a read-only file too (it stays read-only) */
  allowReadOnly?: boolean;
}

/**
 * `mkdir -p` that always ends. Node's recursive mkdir spins forever where creating a folder
 * fails with ENOENT although its parent exists (under /proc): here each missing folder is
 * created once, from the deepest existing ancestor down, and the first failure is thrown.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let p = path.resolve(dir);
  for (;;) {
    const st = await fs
      .stat(p)
      .catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${p} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    const parent = path.dirname(p);
    if (parent === p) break;
    missing.push(p);
    p = parent;
  }
  for (const d of missing.reverse()) {
    await fs.mkdir(d).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST' && isDirectory(d)) return;
      // ENOENT with the parent in place: a file system that holds no new folders (/proc, /sys).
      const why = err.code === 'ENOENT' ? 'the file system does not allow a folder there' : describeFsError(err);
      throw Object.assign(new Error(`cannot create the folder ${d}: ${why}`), {
        code: 'EMKDIR',
        detail: `cannot create the folder ${d}: ${why}`,
      });
    });
  }
}

/**
 * Write beside the target and rename: readers see the old file or the new one, never half of one.
 * A symbolic link is written through (its target is replaced, the link stays); a device, FIFO or
 * socket (`-o /dev/stdout`) is written to, never replaced; the new file keeps the old one's mode
 * and, where the process may set them (root), its owner and group.
 */
export async function writeFileAtomic(
  filePath: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  let st = await statIfExists(filePath);
  if (st?.isDirectory()) throw new WriteRefused(`${filePath} is a directory`);
  if (st && !st.isFile() && options.editWithin === undefined) {
    // A device or FIFO must stay one. Opened by the name given: /dev/stdout leads through
    // /proc links to a pipe that has no path of its own.
    await fs.writeFile(filePath, data);
    return;
  }
  const target = await resolveLinks(filePath);
  if (target !== path.resolve(filePath)) st = await statIfExists(target);
  if (options.editWithin !== undefined)
    await checkEditable(filePath, target, st, options.editWithin, options.allowReadOnly === true);
  if (st && st.nlink > 1) {
    // A hard-linked report is the same file under every name: written through, as a shell
    // redirection does (payloads, with editWithin, were refused above).
    await fs.writeFile(target, data);
    return;
  }
  const dir = path.dirname(target);
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  const mode = st ? st.mode & 0o7777 : 0o644;
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (st) {
      // The umask narrowed the mode given to open; a fix must not change who may read the file.
      await handle.chmod(mode);
      await keepOwner(handle, st);
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    if (options.expect) await checkUnchanged(target, options.expect);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

async function statIfExists(p: string): Promise<fsSync.Stats | undefined> {
  try {
    return await fs.stat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Follows a chain of symbolic links to the path they name (which need not exist yet). */
async function resolveLinks(filePath: string): Promise<string> {
  let p = path.resolve(filePath);
  for (let hops = 0; hops < 40; hops++) {
    let lst: fsSync.Stats;
    try {
      lst = await fs.lstat(p);
    } catch {
      return p;
    }
    if (!lst.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), await fs.readlink(p));
  }
  throw new WriteRefused(`${filePath}: symbolic link loop`);
}

async function checkEditable(
  filePath: string,
  target: string,
  st: fsSync.Stats | undefined,
  within: string,
  allowReadOnly: boolean,
): Promise<void> {
  if (target !== path.resolve(filePath)) {
    const realTarget = await fs.realpath(target).catch(() => target);
    const realRoot = await fs.realpath(within).catch(() => path.resolve(within));
    if (!isInside(realTarget, realRoot)) {
      throw new WriteRefused(
        `it is a symbolic link to ${realTarget}, outside ${realRoot}; fix the file it points to from a folder that holds it`,
      );
    }
  }
  if (!st) return;
  if (!st.isFile()) throw new WriteRefused(`not a regular file (${kindOf(st)})`);
  if (st.nlink > 1) {
    // A rename would give this name a new file and leave the other names on the old one; writing
    // in place could leave a half-written file on a crash. Neither is safe, so neither is done.
    throw new WriteRefused(
      `it has ${st.nlink} hard links, and rewriting it would split them; copy it to a file of its own (cp FILE tmp && mv tmp FILE) and run again`,
    );
  }
  if (!allowReadOnly && !(await isWritable(target, st))) {
    throw new WriteRefused(
      `it is read-only (mode ${(st.mode & 0o777).toString(8)}); make it writable (chmod u+w) to let payload-guard rewrite it (--fix-read-only lets --fix do so anyway)`,
    );
  }
}

/** Root may write anything; a file with no write bit at all is still read-only to a fix, as to an editor. */
async function isWritable(target: string, st: fsSync.Stats): Promise<boolean> {
  if ((st.mode & 0o222) === 0) return false;
  try {
    await fs.access(target, fsc.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function checkUnchanged(target: string, expected: Uint8Array): Promise<void> {
  let now: Buffer;
  try {
    now = await fs.readFile(target);
  } catch (err) {
    throw new WriteRefused(
      `the file could not be read again before writing (${describeFsError(err)}); leaving it as it is`,
    );
  }
  if (!now.equals(expected))
    throw new WriteRefused(
      'the file changed while it was being fixed; leaving the new content as it is (run the command again)',
    );
}

async function keepOwner(handle: fs.FileHandle, st: fsSync.Stats): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined || (st.uid === uid && st.gid === process.getgid?.())) return;
  try {
    await handle.chown(st.uid, st.gid);
  } catch (err) {
    // Only root may give a file away; anyone else's rewrite is theirs, as with any editor.
    if (uid === 0) throw err;
  }
}

/**
 * The reader for files a definition names (`DefinitionUri`, Serverless `${file()}`), relative to
 * the folder of `fromFile`. Each segment is matched by exact name in its folder listing, so a
 * path that differs only in letter case is found wanting on macOS as on Linux, where it fails.
 */
export function linkedFileReader(fromFile: string): (relative: string) => import('../definitions/links.js').LinkedFile {
  return (relative) => {
    let dir = path.dirname(path.resolve(fromFile));
    const parts = relative
      .replace(/\\/g, '/')
      .split('/')
      .filter((p) => p && p !== '.');
    const actual: string[] = [];
    let caseDiffers = false;
    for (const part of parts) {
      if (part === '..') {
        dir = path.dirname(dir);
        actual.push(part);
        continue;
      }
      let names: string[];
      try {
        names = fsSync.readdirSync(dir);
      } catch {
        return { status: 'missing' };
      }
      const name = names.includes(part) ? part : names.find((n) => n.toLowerCase() === part.toLowerCase());
      if (name === undefined) return { status: 'missing' };
      if (name !== part) caseDiffers = true;
      actual.push(name);
      dir = path.join(dir, name);
    }
    if (caseDiffers) return { status: 'case', actual: actual.join('/') };
    try {
      const st = fsSync.statSync(dir);
      if (!st.isFile()) return { status: 'unreadable', detail: 'not a regular file' };
      if (st.size > MAX_FILE_BYTES) return { status: 'unreadable', detail: 'too large to read' };
      return { status: 'found', bytes: fsSync.readFileSync(dir) };
    } catch (err) {
      return { status: 'unreadable', detail: describeFsError(err) };
    }
  };
}
