// `--staged` without starting git. Three git processes (top level, `diff --cached`, `cat-file`)
// cost more than the lint of a staged file; this reads the same answers from `.git`: the index,
// HEAD's commit and, guided by the index's cache tree, only the trees on the paths that changed.
// It answers what `git diff --cached --raw --no-renames --diff-filter=ACMR` lists, as regular files
// (100644, 100755) with their blob ids. Whatever it does not read with certainty (a moved or
// configured repository, a split or sparse index, replaced objects, alternates, another hash, an
// object this reader cannot find) makes it return undefined, and git is asked as before.
import fs from 'node:fs';
import path from 'node:path';
import { ObjectStore, readRegular } from './git-objects.js';

export interface StagedBlob {
  /** path from the top of the working tree, with `/`, as git prints it */
  rel: string;
  id: string;
}

export interface LocalStaged {
  /** the top of the working tree, symbolic links resolved, as `git rev-parse --show-toplevel` */
  root: string;
  staged: StagedBlob[];
  /** the repository's objects, for the staged blobs; close it when done */
  store: ObjectStore;
}

/** A repository this reader does not answer for. */
class Unsupported extends Error {}

/** Variables that move the repository, its objects, its refs or its configuration. */
const MOVED_BY = [
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_NAMESPACE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_GRAFT_FILE',
];

/**
 * Past these, git (reading its own packs and hashing in C) is the faster of the two: trees of HEAD
 * read, entries in the index. Run once per process, this code runs before the JIT has compiled it:
 * an index of 2,500 entries took 13 ms to read here, git's whole answer about as long; on
 * serverless-patterns (13,700 entries) reading here took twice as long as git.
 */
const MAX_TREES = 300;
const MAX_INDEX_ENTRIES = 1000;

interface Repository {
  top: string;
  gitDir: string;
  commonDir: string;
}

interface IndexEntry {
  /** the path's bytes, one character per byte (latin1), so that comparisons are git's */
  name: string;
  mode: number;
  id: string;
  stage: number;
  intentToAdd: boolean;
}

interface ParsedIndex {
  entries: IndexEntry[];
  /** tree ids of the directories the cache tree still holds as valid, by `dir/` prefix */
  trees: Map<string, string>;
}

interface TreeEntry {
  mode: string;
  id: string;
}

/** What is staged, read from the repository's files; undefined: ask git. */
export function readStagedLocally(cwd: string, env: NodeJS.ProcessEnv = process.env): LocalStaged | undefined {
  try {
    return readStaged(cwd, env);
  } catch {
    // Unsupported, an unreadable object or file, or anything unforeseen: git's answer is the one
    // that counts, and it is one process away.
    return undefined;
  }
}

function readStaged(cwd: string, env: NodeJS.ProcessEnv): LocalStaged {
  if (MOVED_BY.some((name) => env[name] !== undefined)) throw new Unsupported('environment');
  const here = fs.realpathSync(cwd);
  const repo = discover(here);
  // A hook in a linked worktree runs with GIT_DIR set to that worktree's git directory.
  if (
    env.GIT_DIR !== undefined &&
    (repo.top !== here || fs.realpathSync(path.resolve(here, env.GIT_DIR)) !== fs.realpathSync(repo.gitDir))
  )
    throw new Unsupported('GIT_DIR');
  checkRepository(repo);
  let indexPath = path.join(repo.gitDir, 'index');
  if (env.GIT_INDEX_FILE !== undefined) {
    // git reads a relative GIT_INDEX_FILE from the top of the working tree.
    if (!path.isAbsolute(env.GIT_INDEX_FILE) && repo.top !== here) throw new Unsupported('GIT_INDEX_FILE');
    indexPath = path.resolve(repo.top, env.GIT_INDEX_FILE);
  }
  // No index file yet (nothing ever staged) reads, for git, as an empty one.
  const indexBytes = readRegular(indexPath);
  const index = indexBytes ? parseIndex(indexBytes) : { entries: [], trees: new Map<string, string>() };
  const store = new ObjectStore(path.join(repo.commonDir, 'objects'));
  try {
    return { root: repo.top, staged: changedAgainstHead(index, headTree(repo, store), store), store };
  } catch (err) {
    store.close();
    throw err;
  }
}

/** git's discovery: the nearest `.git` (a directory, or a file naming one) at or above `start`. */
function discover(start: string): Repository {
  const device = fs.statSync(start).dev;
  for (let dir = start; ;) {
    const dotGit = path.join(dir, '.git');
    const stat = fs.lstatSync(dotGit, { throwIfNoEntry: false });
    if (stat) {
      let gitDir: string;
      if (stat.isDirectory()) gitDir = dotGit;
      else if (stat.isFile()) {
        const link = /^gitdir: (.+?)\r?\n?$/.exec(readRegular(dotGit)?.toString('utf8') ?? '');
        if (!link) throw new Unsupported('.git file');
        gitDir = path.resolve(dir, link[1]);
      } else throw new Unsupported('.git is a link or a device');
      // git would skip a `.git` that is not a repository and look further up; so does git here.
      if (!fs.statSync(path.join(gitDir, 'HEAD'), { throwIfNoEntry: false })?.isFile())
        throw new Unsupported('not a git directory');
      // Another user's repository is git's to refuse or allow (safe.directory).
      const uid = process.getuid?.();
      if (uid !== undefined && (fs.statSync(dir).uid !== uid || fs.statSync(gitDir).uid !== uid))
        throw new Unsupported('owner');
      const common = readOptional(path.join(gitDir, 'commondir'));
      return { top: dir, gitDir, commonDir: common === undefined ? gitDir : path.resolve(gitDir, common.trim()) };
    }
    if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')))
      throw new Unsupported('inside a git directory');
    const parent = path.dirname(dir);
    if (parent === dir || fs.statSync(parent).dev !== device) throw new Unsupported('no repository');
    dir = parent;
  }
}

/** Settings and files under which `.git` alone does not tell what git would answer. */
function checkRepository(repo: Repository): void {
  const config = readOptional(path.join(repo.commonDir, 'config')) ?? '';
  if (
    /^\s*\[\s*(extensions|include|includeif)\b/im.test(config) ||
    /^\s*worktree\s*=/im.test(config) ||
    /^\s*bare\s*=\s*(true|yes|on|1)\s*$/im.test(config) ||
    !/^[01]?$/.test(/^\s*repositoryformatversion\s*=\s*(\S*)/im.exec(config)?.[1] ?? '')
  )
    throw new Unsupported('config');
  if (
    listOptional(path.join(repo.commonDir, 'refs', 'replace')).length > 0 ||
    (readOptional(path.join(repo.commonDir, 'packed-refs')) ?? '').includes(' refs/replace/') ||
    fs.existsSync(path.join(repo.commonDir, 'info', 'grafts')) ||
    fs.existsSync(path.join(repo.commonDir, 'objects', 'info', 'alternates'))
  )
    throw new Unsupported('replaced or borrowed objects');
}

/** HEAD's tree id; undefined on a branch with no commit yet, where everything staged is new. */
function headTree(repo: Repository, store: ObjectStore): string | undefined {
  const commitId = resolveRef(repo, readOptional(path.join(repo.gitDir, 'HEAD')) ?? '', 0);
  if (commitId === undefined) return undefined;
  const commit = store.read(commitId);
  if (!commit || commit.type !== 'commit') throw new Unsupported('HEAD commit');
  const tree = /^tree ([0-9a-f]{40})\n/.exec(commit.data.toString('latin1', 0, 46));
  if (!tree) throw new Unsupported('HEAD commit has no tree');
  return tree[1];
}

function resolveRef(repo: Repository, content: string, depth: number): string | undefined {
  const text = content.trim();
  if (/^[0-9a-f]{40}$/.test(text)) return text;
  const symbolic = /^ref: (refs\/\S+)$/.exec(text);
  if (!symbolic || depth > 5 || symbolic[1].split('/').some((part) => part === '..' || part === '.' || part === ''))
    throw new Unsupported('HEAD');
  const name = symbolic[1];
  const perWorktree = /^refs\/(bisect|worktree|rewritten)\//.test(name);
  const loose = readOptional(path.join(perWorktree ? repo.gitDir : repo.commonDir, name));
  if (loose !== undefined) return resolveRef(repo, loose, depth + 1);
  for (const line of (readOptional(path.join(repo.commonDir, 'packed-refs')) ?? '').split('\n')) {
    const packed = /^([0-9a-f]{40}) (\S+)$/.exec(line.trimEnd());
    if (packed && packed[2] === name) return packed[1];
  }
  return undefined;
}

/** The index file: entries of versions 2, 3 and 4, and the cache-tree extension. */
function parseIndex(buf: Buffer): ParsedIndex {
  if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new Unsupported('index signature');
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) throw new Unsupported(`index version ${version}`);
  const count = buf.readUInt32BE(8);
  if (count > MAX_INDEX_ENTRIES) throw new Unsupported('a large index');
  const end = buf.length - 20;
  // The checksum at the end is not hashed again (that meant loading node:crypto, a fifth of a
  // hook's run): git checks it on every read, a hook runs after git has read it, and the entries
  // and extensions read here must end exactly where it begins.
  const entries: IndexEntry[] = [];
  let at = readEntries(buf, version, count, end, entries);
  let trees = new Map<string, string>();
  while (at + 8 <= end) {
    const signature = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32BE(at + 4);
    if (at + 8 + size > end) throw new Unsupported('index extension truncated');
    if (signature === 'TREE') trees = parseCacheTree(buf.subarray(at + 8, at + 8 + size));
    // Upper case: optional, safe to pass over. Lower case (`link` split index, `sdir` sparse
    // index): the entries do not mean what they say without it.
    else if (!/^[A-Z]/.test(signature)) throw new Unsupported(`index extension ${signature}`);
    at += 8 + size;
  }
  if (at !== end) throw new Unsupported('index trailer');
  return { entries, trees };
}

/** Reads the entries (versions 2 to 4) into `into`; returns where they end. */
function readEntries(buf: Buffer, version: number, count: number, end: number, into: IndexEntry[]): number {
  let at = 12;
  let previous = '';
  let previousBytes = 0;
  for (let i = 0; i < count; i++) {
    const start = at;
    if (start + 62 > end) throw new Unsupported('index truncated');
    const flags = buf.readUInt16BE(start + 60);
    let nameAt = start + 62;
    let extended = 0;
    if (flags & 0x4000) {
      if (version < 3) throw new Unsupported('extended flags in a version 2 index');
      extended = buf.readUInt16BE(nameAt);
      nameAt += 2;
    }
    let strip = 0;
    if (version === 4) {
      // The path is the previous one, less a number of bytes from its end, plus a suffix.
      let c = buf[nameAt++];
      strip = c & 0x7f;
      while (c & 0x80) {
        c = buf[nameAt++];
        strip = (strip + 1) * 128 + (c & 0x7f);
      }
      if (strip > previousBytes) throw new Unsupported('index path prefix');
    }
    // A name shorter than 0xfff bytes has its length in the flags; NUL-terminated either way.
    const short = flags & 0xfff;
    const nul = version !== 4 && short < 0xfff ? nameAt + short : buf.indexOf(0, nameAt);
    if (nul < 0 || nul >= end || buf[nul] !== 0) throw new Unsupported('index path');
    previousBytes = previousBytes - strip + (nul - nameAt);
    // Entries of versions 2 and 3 are padded with 1 to 8 NULs to a multiple of 8 bytes.
    at = version === 4 ? nul + 1 : start + ((nul - start + 8) & ~7);
    const mode = buf.readUInt32BE(start + 24);
    if ((mode & 0o170000) === 0o040000) throw new Unsupported('sparse directory entry');
    const suffix = buf.toString('latin1', nameAt, nul);
    const name = version === 4 ? previous.slice(0, previous.length - strip) + suffix : suffix;
    into.push({
      name,
      mode,
      id: buf.toString('hex', start + 40, start + 60),
      stage: (flags >> 12) & 3,
      intentToAdd: (extended & 0x2000) !== 0,
    });
    previous = name;
  }
  return at;
}

/** The cache tree, in pre-order: name NUL, entry count SP, subtree count LF, id (when valid). */
function parseCacheTree(data: Buffer): Map<string, string> {
  const trees = new Map<string, string>();
  let at = 0;
  const field = (stop: number): string => {
    const to = data.indexOf(stop, at);
    if (to < 0) throw new Unsupported('cache tree');
    const text = data.toString('latin1', at, to);
    at = to + 1;
    return text;
  };
  const node = (prefix: string | undefined): void => {
    const name = field(0);
    const entryCount = Number(field(32));
    const subtrees = Number(field(10));
    if (!Number.isInteger(entryCount) || !Number.isInteger(subtrees) || subtrees < 0)
      throw new Unsupported('cache tree');
    const dir = prefix === undefined ? '' : `${prefix}${name}/`;
    if (entryCount >= 0) {
      if (at + 20 > data.length) throw new Unsupported('cache tree');
      trees.set(dir, data.toString('hex', at, at + 20));
      at += 20;
    }
    for (let i = 0; i < subtrees; i++) node(dir);
  };
  if (data.length) node(undefined);
  return trees;
}

/** Staged regular files that are new or differ from HEAD, as `diff --cached --diff-filter=ACMR`. */
function changedAgainstHead(index: ParsedIndex, head: string | undefined, store: ObjectStore): StagedBlob[] {
  // Unmerged paths (stages 1 to 3) are `U`, and intent-to-add entries are not in a `--cached` diff.
  const files = index.entries.filter((e) => e.stage === 0 && !e.intentToAdd);
  const staged: StagedBlob[] = [];
  let treesRead = 0;
  const readTree = (id: string): Map<string, TreeEntry> => {
    if (++treesRead > MAX_TREES) throw new Unsupported('too many trees');
    const tree = store.read(id);
    if (!tree || tree.type !== 'tree') throw new Unsupported(`tree ${id}`);
    return parseTree(tree.data);
  };
  const walk = (prefix: string, headId: string | undefined, from: number, to: number): void => {
    // A directory the cache tree holds at HEAD's id has nothing staged under it.
    if (headId !== undefined && index.trees.get(prefix) === headId) return;
    const head = headId === undefined ? new Map<string, TreeEntry>() : readTree(headId);
    // The directory's direct children among files[from, to), sorted as the index is: each file,
    // and each subdirectory once, with the range of the entries under it.
    for (let i = from; i < to;) {
      const rest = files[i].name.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        const entry = files[i++];
        if (changed(entry, head.get(rest)))
          staged.push({ rel: Buffer.from(entry.name, 'latin1').toString('utf8'), id: entry.id });
        continue;
      }
      const dir = prefix + rest.slice(0, slash + 1);
      let j = i + 1;
      while (j < to && files[j].name.startsWith(dir)) j++;
      const sub = head.get(rest.slice(0, slash));
      walk(dir, sub?.mode === '40000' ? sub.id : undefined, i, j);
      i = j;
    }
  };
  walk('', head, 0, files.length);
  return staged;
}

/** A regular file in the index, added (A) or with other content or mode (M) than in HEAD. */
function changed(entry: IndexEntry, head: TreeEntry | undefined): boolean {
  if (entry.mode !== 0o100644 && entry.mode !== 0o100755) return false;
  if (!head || head.mode === '40000') return true;
  // 100664 and the like, from old gits, read as 100644: git's canon_mode.
  const headMode = Number.parseInt(head.mode, 8);
  if ((headMode & 0o170000) !== 0o100000) return false; // was a link or a submodule: T, not listed
  return head.id !== entry.id || (headMode & 0o100 ? 0o100755 : 0o100644) !== entry.mode;
}

function parseTree(data: Buffer): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const nul = data.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new Unsupported('tree entry');
    entries.set(data.toString('latin1', space + 1, nul), {
      mode: data.toString('latin1', at, space),
      id: data.toString('hex', nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}

function readOptional(file: string): string | undefined {
  return readRegular(file)?.toString('latin1');
}

function listOptional(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (err) {
    if (absent(err)) return [];
    throw err;
  }
}

function absent(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
