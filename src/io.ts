// The one module besides the CLI that touches the disk: finding files, reading them safely,
// loading the config, writing atomically.
import fsSync, { constants as fsc, promises as fs } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, type ConfigFile } from './config.js';
import { LineIndex } from './text.js';

export const DEFAULT_EXTENSIONS = ['json', 'jsonc', 'yaml', 'yml', 'tf'];
/** Never descended into, whatever the ignore settings say. */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
/** Where `--fix` stages moved objects as <dir>/<bucket>/<key>, relative to the working directory. */
export const DEFAULT_STAGE_DIR = '.payload-guard/s3';
/** Skipped unless --no-ignore: our own stage dir and CDK's asset copies. */
export const DEFAULT_IGNORED = ['**/.payload-guard/**', '**/cdk.out/asset.*/**'];

/** Larger files are reported, not read: V8 cannot hold a string much over 512 MiB. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * DEFAULT_IGNORED as a function of a relative POSIX path, for files named on the command line:
 * a hook naming one file should not load a glob library to ask this (a test holds it equal to
 * picomatch's reading of the globs).
 */
export function isDefaultIgnored(rel: string): boolean {
  const segments = rel.split('/');
  // `**` never matches across a `.` or `..` segment, so such a path is never ignored.
  if (segments.includes('.') || segments.includes('..')) return false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s === '.payload-guard') return true;
    // `asset.*/**` needs something under the asset folder.
    if (s === 'cdk.out' && i + 2 < segments.length && segments[i + 1].startsWith('asset.')) return true;
  }
  return false;
}

export interface Discovery {
  /** absolute paths, sorted, unique */
  files: string[];
  /** paths that could not be used: each becomes a parse-error diagnostic */
  unreadable: { filePath: string; detail: string }[];
  /** patterns that matched nothing and name no existing path (a usage error) */
  missing: string[];
}

export interface DiscoveryOptions {
  cwd: string;
  /** honour .gitignore and config ignores */
  useIgnores: boolean;
  /** config ignore globs, relative to `ignoreBase` */
  ignoreGlobs: string[];
  ignoreBase: string;
}

export async function discover(patterns: string[], options: DiscoveryOptions): Promise<Discovery> {
  const { cwd } = options;
  const files = new Set<string>();
  const unreadable: Discovery['unreadable'] = [];
  const missing: string[] = [];
  const globs: string[] = [];
  const dirs: string[] = [];
  const explicit = new Set<string>();

  await forEachLimited(patterns.length ? patterns : ['.'], 64, async (p) => {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && GLOB_CHARS.test(p)) globs.push(p);
      else if (code === 'ENOENT') missing.push(p);
      else unreadable.push({ filePath: abs, detail: describeFsError(err) });
      return;
    }
    if (st.isDirectory()) dirs.push(abs);
    else if (st.isFile()) explicit.add(abs);
    else unreadable.push({ filePath: abs, detail: `not a regular file (${kindOf(st)})` });
  });

  if (globs.length || dirs.length) {
    const { default: fg } = await import('fast-glob');
    const ignore = [...ALWAYS_IGNORED, ...(options.useIgnores ? DEFAULT_IGNORED : [])];
    const pattern = `**/*.{${DEFAULT_EXTENSIONS.join(',')}}`;
    const found: string[] = [];
    for (const dir of dirs) found.push(...(await filesUnder(dir, pattern, fg, ignore)));
    if (globs.length) {
      found.push(...(await fg(globs, { cwd, absolute: true, dot: true, onlyFiles: true, ignore, suppressErrors: true })));
    }
    const kept = options.useIgnores ? await filterGitignored(found, cwd) : found;
    for (const f of kept) files.add(path.normalize(f));
    // A pattern that matched nothing is a mistake worth stopping for, like ESLint's.
    for (const g of globs) if (!found.length) missing.push(g);
  }
  // Named files too: hooks (pre-commit, lint-staged) name every changed file, and our own baseline,
  // cache and staged objects under .payload-guard/ are not payloads however big they grow.
  for (const f of explicit) if (!options.useIgnores || !isDefaultIgnored(toPosix(path.relative(cwd, f)))) files.add(f);

  let list = [...files];
  if (options.useIgnores && options.ignoreGlobs.length) {
    const { default: picomatch } = await import('picomatch');
    const match = picomatch(options.ignoreGlobs, { dot: true });
    list = list.filter((f) => !match(toPosix(path.relative(options.ignoreBase, f))));
  }
  return { files: list.sort(), unreadable, missing: [...new Set(missing)] };
}

/**
 * One walk per directory. fast-glob walks without following links (a link loop would never end);
 * links to regular files are still wanted, so links are kept in the walk and resolved here: stat
 * follows them, and a loop fails with ELOOP.
 */
async function filesUnder(dir: string, pattern: string, fg: typeof import('fast-glob'), ignore: string[]): Promise<string[]> {
  const entries = await fg(pattern, {
    cwd: dir,
    absolute: true,
    dot: true,
    onlyFiles: false,
    ignore,
    suppressErrors: true,
    followSymbolicLinks: false,
    objectMode: true,
  });
  const out: string[] = [];
  for (const e of entries) {
    if (e.dirent.isFile()) out.push(e.path);
    else if (e.dirent.isSymbolicLink()) {
      try {
        if ((await fs.stat(e.path)).isFile()) out.push(e.path);
      } catch {
        // dangling link or loop: nothing to lint
      }
    }
  }
  return out;
}

async function filterGitignored(files: string[], cwd: string): Promise<string[]> {
  if (!files.length) return files;
  const { default: ignoreFactory } = await import('ignore');
  const root = await gitRoot(cwd);
  const matchers = new Map<string, ((rel: string) => boolean) | null>();
  const matcherFor = async (dir: string) => {
    if (matchers.has(dir)) return matchers.get(dir)!;
    let m: ((rel: string) => boolean) | null = null;
    try {
      const ig = ignoreFactory().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8'));
      m = (rel) => ig.ignores(rel);
    } catch {
      m = null;
    }
    matchers.set(dir, m);
    return m;
  };
  const out: string[] = [];
  for (const f of files) {
    let ignored = false;
    // Every .gitignore from the repository root (or the working directory) down to the file's folder.
    const top = root && isInside(f, root) ? root : cwd;
    for (let dir = path.dirname(f); isInside(dir, top); dir = path.dirname(dir)) {
      const m = await matcherFor(dir);
      if (m && m(toPosix(path.relative(dir, f)))) {
        ignored = true;
        break;
      }
      if (dir === top || dir === path.dirname(dir)) break;
    }
    if (!ignored) out.push(f);
  }
  return out;
}

async function gitRoot(from: string): Promise<string | undefined> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      await fs.stat(path.join(dir, '.git'));
      return dir;
    } catch {
      if (dir === path.dirname(dir)) return undefined;
    }
  }
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
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
export async function readRegularFile(filePath: string, maxBytes = MAX_FILE_BYTES, scratch?: ReadScratch): Promise<ReadResult> {
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(filePath, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const st = fsSync.fstatSync(fd);
    if (!st.isFile()) return { ok: false, detail: `not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { ok: false, detail: `the file is ${st.size} bytes, over the ${maxBytes}-byte reading limit` };
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

/** True for an existing directory; false for anything else, including a path that cannot be read. */
export function isDirectory(p: string): boolean {
  return statQuietly(p)?.isDirectory() === true;
}

/** Reads to the end of `fd` into the scratch buffer, growing it when the file is larger. */
function readInto(fd: number, sizeHint: number, scratch: ReadScratch): Buffer {
  // One byte over the size seen by fstat, so that a file which did not grow ends in one read.
  if (scratch.buffer.length < sizeHint + 1) scratch.buffer = Buffer.allocUnsafe(Math.max(sizeHint + 1, scratch.buffer.length * 2, 64 * 1024));
  let buffer = scratch.buffer;
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = scratch.buffer = larger;
    }
    const n = fsSync.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
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
    const text = await fs.readFile(abs, 'utf8').catch((err) => {
      throw new ConfigError(`${explicit}: cannot read the config file (${describeFsError(err)}).`);
    });
    return { file: parseConfigText(text, abs), path: abs, baseDir: path.dirname(abs) };
  }
  // Most candidates do not exist: a quiet stat first, rather than a failed read with an Error each.
  const readIfFile = async (abs: string) => (statQuietly(abs)?.isFile() ? fs.readFile(abs, 'utf8').catch(() => undefined) : undefined);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const abs = path.join(dir, name);
      const text = await readIfFile(abs);
      if (text !== undefined) return { file: parseConfigText(text, abs), path: abs, baseDir: dir };
    }
    const pkgPath = path.join(dir, 'package.json');
    const pkg = await readIfFile(pkgPath);
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
    throw new ConfigError(`${filePath}:${pos.line}:${pos.column}: the config is not valid JSON (${(err as Error).message}).`);
  }
}

/** Write beside the target and rename: readers see the old file or the new one, never half of one. */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await fs.stat(filePath)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const handle = await fs.open(tmp, 'wx', mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, filePath);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Run `fn` over `items` with at most `limit` in flight (thousands of paths from lint-staged). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
