// `--staged`: lint what is in the git index, not the working tree. A pre-commit hook must judge the
// content that is about to be committed: a file staged over the limit and then trimmed in the
// working tree (without `git add`) would otherwise pass. Files come from
// `git diff --cached -z --diff-filter=ACMR` (added, copied, modified, renamed: deleted files have
// nothing to lint) and their staged bytes from the index by blob id, in one `git cat-file --batch`
// process (what `git show :path` prints, without a process per file and without textconv).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_EXTENSIONS, isDefaultIgnored } from './files.js';

export interface IndexFile {
  /** absolute path the file has in the working tree */
  abs: string;
  bytes: Buffer;
}

/** `input`, when given, may come later: git starts now and reads it when it is known. */
function git(args: string[], cwd: string, input?: string | Promise<string>): Promise<Buffer> {
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
  // All at once, from the working directory: git start-up is most of a hook's run. Paths in
  // `diff --raw` are relative to the top of the repository wherever git runs, unless
  // `diff.relative` says otherwise, which is turned off for this command.
  // --raw gives modes and blob ids: symbolic links (120000) and submodules (160000) are not files.
  const top = gitTopLevel(options.cwd);
  const diff = git(
    [
      '-c',
      'diff.relative=false',
      'diff',
      '--cached',
      '--raw',
      '-z',
      '--no-renames',
      '--diff-filter=ACMR',
      '--no-abbrev',
    ],
    options.cwd,
  ).then(
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
    return await readStaged(options, await top, await diff, ask, reply);
  } finally {
    ask('');
  }
}

async function readStaged(
  options: IndexFilesOptions,
  root: string | undefined,
  diff: { out: Buffer } | { err: unknown },
  ask: (ids: string) => void,
  reply: Promise<Buffer>,
): Promise<IndexFile[]> {
  if (!root)
    throw new UsageError(
      '--staged lints the git index, and the working directory is not inside a git repository; name the files to lint instead.',
    );
  if ('err' in diff) throw diff.err;
  const raw = diff.out.toString('utf8');
  const parts = raw.split('\0');
  const entries: { rel: string; sha: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [ACMR]/.exec(parts[i]);
    if (!m) continue;
    const mode = m[1];
    if (mode !== '100644' && mode !== '100755') continue;
    entries.push({ rel: parts[i + 1], sha: m[2] });
  }
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
  const selected = entries
    .map((e) => ({ ...e, abs: path.join(root, e.rel) }))
    .filter((e) => extension.test(e.rel))
    .filter((e) => !defaultIgnored(e.rel))
    .filter((e) => !configIgnored(toPosix(path.relative(options.ignoreBase, e.abs))))
    .filter((e) => !wanted.length || wanted.some((w) => w(e.abs)));
  if (!selected.length) return [];
  ask(selected.map((e) => e.sha).join('\n') + '\n');
  const batch = await reply;
  const out: IndexFile[] = [];
  let at = 0;
  for (const e of selected) {
    const nl = batch.indexOf(10, at);
    const header = batch.subarray(at, nl).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!header.startsWith(e.sha) || !Number.isFinite(size))
      throw new Error(`unexpected reply from git cat-file: ${header}`);
    out.push({ abs: e.abs, bytes: Buffer.from(batch.subarray(nl + 1, nl + 1 + size)) });
    at = nl + 1 + size + 1;
  }
  return out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
