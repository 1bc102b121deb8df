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
import { DEFAULT_EXTENSIONS, isDefaultIgnored, toPosix } from './files.js';
import { readStagedLocally, type StagedBlob } from './git-index.js';

export interface IndexFile {
  /** absolute path the file has in the working tree */
  abs: string;
  bytes: Buffer;
}

/** `input`, when given, may come later: git starts now and reads it when it is known. */
function git(args: string[], cwd: string, input?: string | Promise<string>): Promise<Buffer> {
  // node:child_process loads on the first git started: it brings net, dgram and the streams, which a
  // `--staged` read from `.git` never needs.
  return import('node:child_process').then(({ spawn }) => spawnGit(spawn, args, cwd, input));
}

function spawnGit(
  spawn: typeof import('node:child_process').spawn,
  args: string[],
  cwd: string,
  input: string | Promise<string> | undefined,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe only when there is input: a git that exits before reading a pipe we write
    // to would raise EPIPE on our side.
    const child = spawn('git', args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
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
}

export async function indexFiles(options: IndexFilesOptions): Promise<IndexFile[]> {
  // Read from `.git` when it can be: no git process to start, which is most of a hook's run.
  const local = readStagedLocally(options.cwd);
  if (local) {
    try {
      const selected = await selectStaged(options, local.root, local.staged);
      return await stagedBytes(options, selected, (id) => {
        try {
          const blob = local.store.read(id);
          return blob?.type === 'blob' ? blob.data : undefined;
        } catch {
          return undefined;
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
  const reply = git(['cat-file', '--batch'], options.cwd, new Promise<string>((resolve) => (ask = resolve)));
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
 * `git cat-file --batch` (`ask`/`reply` when it is already running, else started here).
 */
async function stagedBytes(
  options: IndexFilesOptions,
  selected: Selected[],
  known: (id: string) => Buffer | undefined,
  ask?: (ids: string) => void,
  reply?: Promise<Buffer>,
): Promise<IndexFile[]> {
  const out: IndexFile[] = [];
  const rest: Selected[] = [];
  for (const e of selected) {
    const bytes = known(e.id);
    if (bytes) out.push({ abs: e.abs, bytes });
    else rest.push(e);
  }
  if (rest.length) {
    const ids = rest.map((e) => e.id).join('\n') + '\n';
    let batch: Buffer;
    if (ask && reply) {
      ask(ids);
      batch = await reply;
    } else batch = await git(['cat-file', '--batch'], options.cwd, ids);
    let at = 0;
    for (const e of rest) {
      const nl = batch.indexOf(10, at);
      const header = batch.subarray(at, nl).toString('utf8');
      const size = Number(header.split(' ')[2]);
      if (!header.startsWith(e.id) || !Number.isFinite(size))
        throw new Error(`unexpected reply from git cat-file: ${header}`);
      out.push({ abs: e.abs, bytes: Buffer.from(batch.subarray(nl + 1, nl + 1 + size)) });
      at = nl + 1 + size + 1;
    }
  }
  return out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
}
