// `--staged`: lint what is in the git index, not the working tree. A pre-commit hook must judge the
// content that is about to be committed: a file staged over the limit and then trimmed in the
// working tree (without `git add`) would otherwise pass. Files come from
// `git diff --cached -z --diff-filter=ACMR` (added, copied, modified, renamed: deleted files have
// nothing to lint) and their staged bytes from the index by blob id, in one `git cat-file --batch`
// process (what `git show :path` prints, without a process per file and without textconv).
// Those are the answers git gives; git-index.ts reads the same ones from `.git` without starting
// git, and where it cannot be sure of them, git is asked.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_EXTENSIONS, isDefaultIgnored, MAX_FILE_BYTES, toPosix } from './files.js';
import { readStagedLocally, type StagedBlob } from './git-index.js';
import { ObjectTooLarge } from './git-objects.js';

export type IndexFile =
  | {
      /** absolute path the file has in the working tree */
      abs: string;
      bytes: Buffer;
    }
  | {
      abs: string;
      bytes?: undefined;
      /** the staged blob's size, over the reading limit: it was not read */
      tooLarge: number;
    };

/**
 * `input`, when given, may come later: git starts now and reads it when it is known. With `sink`,
 * stdout goes to it as it comes, and the promise holds nothing.
 */
function git(
  args: string[],
  cwd: string,
  input?: string | Promise<string>,
  sink?: (chunk: Buffer) => void,
): Promise<Buffer> {
  // node:child_process loads on the first git started: it brings net, dgram and the streams, which a
  // `--staged` read from `.git` never needs.
  return import('node:child_process').then(({ spawn }) => spawnGit(spawn, args, cwd, input, sink));
}

function spawnGit(
  spawn: typeof import('node:child_process').spawn,
  args: string[],
  cwd: string,
  input: string | Promise<string> | undefined,
  sink: ((chunk: Buffer) => void) | undefined,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe only when there is input: a git that exits before reading a pipe we write
    // to would raise EPIPE on our side.
    const child = spawn('git', args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', sink ?? ((c: Buffer) => out.push(c)));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    // git missing from PATH is the user's setup, not a bug.
    child.on('error', (e) =>
      reject(
        new UsageError(
          `cannot run git (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on PATH' : e.message}).`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new Error(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit code ${code}`}`),
        );
    });
    if (input !== undefined) {
      // A git that dies early is reported by the exit code below; the broken pipe adds nothing.
      child.stdin!.on('error', () => {});
      void Promise.resolve(input).then(
        (text) => child.stdin!.end(text),
        () => child.stdin!.end(),
      );
    }
  });
}

/**
 * What is staged, as git lists it: regular files and links added, copied, modified or renamed, with
 * modes and blob ids, paths from the top whatever `diff.relative` says.
 */
export const STAGED_DIFF = [
  '-c',
  'diff.relative=false',
  'diff',
  '--cached',
  '--raw',
  '-z',
  '--no-renames',
  '--diff-filter=ACMR',
  '--no-abbrev',
];

export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  try {
    return path.resolve((await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim());
  } catch {
    return undefined;
  }
}

export interface IndexFilesOptions {
  cwd: string;
  /** paths, directories or globs (relative to cwd) that narrow the staged set; empty: all */
  patterns: string[];
  /** config ignore globs, relative to `ignoreBase` */
  ignoreGlobs: string[];
  ignoreBase: string;
  useIgnores: boolean;
  /** config `!glob` entries, relative to `ignoreBase`: linted even inside a default-ignored tree */
  unignoreGlobs?: string[];
  /** staged blobs over this many bytes are not read (default: the limit files on disk have) */
  maxBytes?: number;
}

export async function indexFiles(options: IndexFilesOptions): Promise<IndexFile[]> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  // Read from `.git` when it can be: no git process to start, which is most of a hook's run.
  const local = readStagedLocally(options.cwd);
  if (local) {
    try {
      const selected = await selectStaged(options, local.root, local.staged);
      // A blob over the limit is not inflated here, and its size is all that is kept.
      return await stagedBytes(options, selected, (id) => {
        try {
          const blob = local.store.read(id, maxBytes);
          return blob?.type === 'blob' ? blob.data : undefined;
        } catch (err) {
          return err instanceof ObjectTooLarge ? err.size : undefined;
        }
      });
    } finally {
      local.store.close();
    }
  }
  // All at once, from the working directory: git start-up is most of a hook's run. Paths in
  // `diff --raw` are relative to the top of the repository wherever git runs, unless
  // `diff.relative` says otherwise, which is turned off for this command.
  // --raw gives modes and blob ids: symbolic links (120000) and submodules (160000) are not files.
  const top = gitTopLevel(options.cwd);
  const diff = git(STAGED_DIFF, options.cwd).then(
    (out) => ({ out }),
    (err: unknown) => ({ err }),
  );
  // `cat-file` starts with them and waits for the blob ids, so its start-up overlaps the diff's.
  // It finds the repository from the working directory, as they do. With nothing to ask (or after
  // an error), its input closes empty and it exits.
  let ask!: (ids: string) => void;
  const reply = catFile(options.cwd, new Promise<string>((resolve) => (ask = resolve)), maxBytes);
  reply.catch(() => {});
  try {
    const root = await top;
    if (!root)
      throw new UsageError(
        '--staged lints the git index, and the working directory is not inside a git repository; name the files to lint instead.',
      );
    const listed = await diff;
    if ('err' in listed) throw listed.err;
    const selected = await selectStaged(options, root, parseRawDiff(listed.out));
    return await stagedBytes(options, selected, () => undefined, ask, reply);
  } finally {
    ask('');
  }
}

/** One object of `git cat-file --batch`: its bytes, or only its size (-1: missing) when over the limit. */
interface BatchObject {
  header: string;
  size: number;
  bytes?: Buffer;
}

/** `git cat-file --batch` on `ids` (one per line), read as it comes by a `BatchReader`. */
async function catFile(cwd: string, ids: string | Promise<string>, maxBytes: number): Promise<BatchObject[]> {
  const reader = new BatchReader(maxBytes);
  await git(['cat-file', '--batch'], cwd, ids, reader.push);
  return reader.finish();
}

/**
 * `git cat-file --batch` output, parsed chunk by chunk: per object "<id> <type> <size>\n", the bytes
 * and "\n", or "<id> missing\n". The bytes of an object over `maxBytes` are dropped as they pass,
 * so a huge staged file takes no memory. A reply out of that shape is kept for `finish` to report:
 * a throw here would escape the stream's handler.
 */
class BatchReader {
  private readonly objects: BatchObject[] = [];
  private header: Buffer[] = [];
  private body?: { object: BatchObject; parts?: Buffer[]; left: number };
  private bad?: string;

  constructor(private readonly maxBytes: number) {}

  readonly push = (chunk: Buffer): void => {
    let at = 0;
    while (at < chunk.length && this.bad === undefined) {
      if (this.body) {
        const body = this.body;
        const take = Math.min(body.left, chunk.length - at);
        body.parts?.push(chunk.subarray(at, at + take));
        at += take;
        body.left -= take;
        if (body.left === 0) {
          this.body = undefined;
          if (body.parts) {
            const all = Buffer.concat(body.parts);
            if (all[body.object.size] !== 10) this.bad = `${body.object.header} (no newline after its bytes)`;
            body.object.bytes = all.subarray(0, body.object.size);
          }
        }
        continue;
      }
      const nl = chunk.indexOf(10, at);
      if (nl < 0) {
        this.header.push(chunk.subarray(at));
        break;
      }
      this.header.push(chunk.subarray(at, nl));
      const header = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      at = nl + 1;
      const [, type, sizeText, extra] = header.split(' ');
      if (type === 'missing' && sizeText === undefined) {
        this.objects.push({ header, size: -1 });
        continue;
      }
      const size = Number(sizeText);
      if (!type || extra !== undefined || !/^\d+$/.test(sizeText ?? '') || !Number.isSafeInteger(size)) {
        this.bad = header;
        break;
      }
      const object: BatchObject = { header, size };
      this.objects.push(object);
      this.body = { object, parts: size <= this.maxBytes ? [] : undefined, left: size + 1 };
    }
  };

  finish(): BatchObject[] {
    if (this.bad !== undefined || this.body || this.header.length)
      throw new Error(`unexpected reply from git cat-file: ${this.bad ?? 'cut short'}`);
    return this.objects;
  }
}

/** Regular files (100644, 100755) in `diff --raw -z` output, with their staged blob ids. */
function parseRawDiff(out: Buffer): StagedBlob[] {
  const parts = out.toString('utf8').split('\0');
  const entries: StagedBlob[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [ACMR]/.exec(parts[i]);
    if (!m) continue;
    const mode = m[1];
    if (mode !== '100644' && mode !== '100755') continue;
    entries.push({ rel: parts[i + 1], id: m[2] });
  }
  return entries;
}

interface Selected {
  abs: string;
  id: string;
}

/** The staged files a lint takes: linted extensions, not ignored, inside the paths given. */
async function selectStaged(options: IndexFilesOptions, root: string, entries: StagedBlob[]): Promise<Selected[]> {
  const globs = [...(options.unignoreGlobs ?? []), ...options.ignoreGlobs, ...options.patterns];
  // The glob matcher loads only for globs: a hook with none pays for no matcher.
  const picomatch = globs.length ? (await import('picomatch')).default : undefined;
  const extension = new RegExp(`\\.(${DEFAULT_EXTENSIONS.join('|')})$`, 'i');
  const unignored = options.unignoreGlobs?.length ? picomatch!(options.unignoreGlobs, { dot: true }) : () => false;
  const defaultIgnored = options.useIgnores
    ? (rel: string) =>
        isDefaultIgnored(rel) && !unignored(toPosix(path.relative(options.ignoreBase, path.join(root, rel))))
    : () => false;
  const configIgnored =
    options.useIgnores && options.ignoreGlobs.length ? picomatch!(options.ignoreGlobs, { dot: true }) : () => false;
  const wanted = options.patterns.map((p) => {
    const abs = path.resolve(options.cwd, p);
    if (/[*?[\]{}!]/.test(p)) {
      const match = picomatch!(p.replace(/\\/g, '/'), { dot: true });
      return (file: string) => match(toPosix(path.relative(options.cwd, file)));
    }
    return (file: string) => file === abs || file.startsWith(abs + path.sep);
  });
  return entries
    .filter((e) => extension.test(e.rel))
    .filter((e) => !defaultIgnored(e.rel))
    .map((e) => ({ abs: path.join(root, e.rel), id: e.id }))
    .filter((e) => !configIgnored(toPosix(path.relative(options.ignoreBase, e.abs))))
    .filter((e) => !wanted.length || wanted.some((w) => w(e.abs)));
}

/**
 * The staged bytes of each selected file: from `known` where it has them, the rest from one
 * `git cat-file --batch` (`ask`/`reply` when it is already running, else started here). A blob over
 * `maxBytes` is not read, as a file on disk over the limit is not: it comes back as its size.
 */
async function stagedBytes(
  options: IndexFilesOptions,
  selected: Selected[],
  known: (id: string) => Buffer | number | undefined,
  ask?: (ids: string) => void,
  reply?: Promise<BatchObject[]>,
): Promise<IndexFile[]> {
  const out: IndexFile[] = [];
  const rest: Selected[] = [];
  for (const e of selected) {
    const bytes = known(e.id);
    if (typeof bytes === 'number') out.push({ abs: e.abs, tooLarge: bytes });
    else if (bytes) out.push({ abs: e.abs, bytes });
    else rest.push(e);
  }
  if (rest.length) {
    const ids = rest.map((e) => e.id).join('\n') + '\n';
    let objects: BatchObject[];
    if (ask && reply) {
      ask(ids);
      objects = await reply;
    } else objects = await catFile(options.cwd, ids, options.maxBytes ?? MAX_FILE_BYTES);
    rest.forEach((e, i) => {
      const o = objects[i];
      if (!o?.header.startsWith(`${e.id} `) || o.size < 0)
        throw new Error(`unexpected reply from git cat-file: ${o?.header ?? 'nothing'}`);
      out.push(o.bytes ? { abs: e.abs, bytes: o.bytes } : { abs: e.abs, tooLarge: o.size });
    });
  }
  return out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
}
