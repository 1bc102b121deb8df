// `--cache`: a CI re-run on an unchanged tree should take the time of a `stat` per file. Entries are
// keyed by path and validated by size, mtime, ctime and inode (no read at all) or, when those
// changed (a fresh checkout rewrites every mtime), by a SHA-256 of the content: the result is
// reused when the bytes are the same. mtime alone cannot be trusted (`cp -p`, `rsync -t` and
// `touch -d` put an old mtime on new content); ctime cannot be set by a user, and a copy or an
// rsync replaces the inode, so any of those edits falls through to the hash. The whole cache is dropped when the tool version, the rule set or the config
// changes. Results are stored without fix artifacts (their bytes), so cached runs never fix.
import { sha256Hex } from '../hash.js';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { FileResult } from '../types.js';
import { describeFsError, makeDirs, writeFileAtomic } from './files.js';

export const DEFAULT_CACHE_LOCATION = '.payload-guard/cache.json';
/** The file written inside a folder named by --cache-location (as ESLint writes .eslintcache); no .json, so a scan of that folder does not lint it. */
export const CACHE_FILE_NAME = '.payload-guard-cache';
/** Coarsest mtime tick worth guarding against (ext4 and APFS are finer; some network filesystems are 1 s). */
const RACY_MS = 1000;

/** What stat says about a file; ctime and inode catch edits that keep size and mtime. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs?: number;
  ino?: number;
}

interface Entry extends FileStamp {
  hash: string;
  result: FileResult;
}

interface CacheData {
  /** marks the file as ours: --cache-location never overwrites anything else */
  tool?: 'payload-guard';
  version: 1;
  key: string;
  /** when the cache was written (ms): a file whose mtime is this recent may have changed since */
  savedAt?: number;
  files: Record<string, Entry>;
}

export function contentHash(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

/** What invalidates every entry: tool version, rule ids and the resolved config. */
export function cacheKey(parts: {
  version: string;
  rules: readonly string[];
  config: unknown;
  baseDir: string;
}): string {
  return sha256Hex(JSON.stringify([parts.version, parts.rules, parts.config, parts.baseDir]));
}

function strip(result: FileResult): FileResult {
  const dropArtifacts = <
    T extends {
      fix?: FileResult['diagnostics'][number]['fix'];
      suggestions?: FileResult['diagnostics'][number]['suggestions'];
    },
  >(
    d: T,
  ): T => ({
    ...d,
    ...(d.fix ? { fix: { ...d.fix, artifacts: undefined } } : {}),
    ...(d.suggestions ? { suggestions: d.suggestions.map((s) => ({ ...s, artifacts: undefined })) } : {}),
  });
  const { output: _output, ...rest } = result;
  return {
    ...rest,
    diagnostics: result.diagnostics.map(dropArtifacts),
    ...(result.suppressed ? { suppressed: result.suppressed.map(dropArtifacts) } : {}),
  };
}

/** Gives a cached result the display path of this run (the working directory may differ). */
function relabel(result: FileResult, filePath: string): FileResult {
  return {
    ...result,
    filePath,
    diagnostics: result.diagnostics.map((d) => ({ ...d, filePath })),
    ...(result.suppressed ? { suppressed: result.suppressed.map((d) => ({ ...d, filePath })) } : {}),
  };
}

export class LintCache {
  private dirty = false;
  /** entries this run looked up or wrote: their files exist, so saving need not stat them again */
  private seen = new Set<string>();
  hits = 0;
  misses = 0;
  private constructor(
    readonly location: string,
    private data: CacheData,
  ) {}

  /**
   * `location` may name a folder (existing, or written with a trailing slash): the cache is the
   * file CACHE_FILE_NAME inside it. An existing file that is not a payload-guard cache is refused
   * (a usage error), never overwritten.
   */
  static async load(location: string, key: string): Promise<LintCache> {
    let abs = path.resolve(location);
    const isDir = await fs.stat(abs).then(
      (st) => st.isDirectory(),
      () => false,
    );
    if (isDir || /[/\\]$/.test(location)) abs = path.join(abs, CACHE_FILE_NAME);
    let data: CacheData = { tool: 'payload-guard', version: 1, key, files: {} };
    let text: string | undefined;
    try {
      text = await fs.readFile(abs, 'utf8');
    } catch {
      // missing or unreadable: start empty (an unwritable one is reported when saving)
    }
    if (text !== undefined && text.trim() !== '') {
      const parsed = parseCache(text);
      if (!parsed) {
        throw new UsageError(
          `--cache-location: ${abs} is not a payload-guard cache; not overwriting it. Name a new file or a folder.`,
        );
      }
      if (parsed.key === key) data = { ...parsed, tool: 'payload-guard' };
    }
    const cache = new LintCache(abs, data);
    cache.dirty = text !== undefined && data.key !== key;
    return cache;
  }

  /** A result for an unchanged size, mtime, ctime and inode: no read needed. */
  byStat(abs: string, stamp: FileStamp, display: string): FileResult | undefined {
    const e = this.data.files[abs];
    if (e) this.seen.add(abs);
    if (
      !e ||
      e.size !== stamp.size ||
      e.mtimeMs !== stamp.mtimeMs ||
      e.ctimeMs !== stamp.ctimeMs ||
      e.ino !== stamp.ino
    )
      return undefined;
    // "Racy clean", as git calls it: a file written within a second of the cache may have been
    // changed again in the same tick, so its content decides (byHash).
    if (this.data.savedAt === undefined || Math.max(stamp.mtimeMs, stamp.ctimeMs ?? 0) >= this.data.savedAt - RACY_MS)
      return undefined;
    this.hits++;
    return relabel(e.result, display);
  }

  /** A result for the same content under a new stamp; refreshes the stored stamp. */
  /** The content hash on record for `abs`, so a worker can tell unchanged content without the entry. */
  knownHash(abs: string): string | undefined {
    return this.data.files[abs]?.hash;
  }

  byHash(abs: string, hash: string, stamp: FileStamp, display: string): FileResult | undefined {
    const e = this.data.files[abs];
    if (e) this.seen.add(abs);
    if (!e || e.hash !== hash) return undefined;
    this.hits++;
    // Saving again moves savedAt past a racy time, so the next run may trust stat for this file.
    if (this.data.savedAt === undefined || Math.max(stamp.mtimeMs, stamp.ctimeMs ?? 0) >= this.data.savedAt - RACY_MS)
      this.dirty = true;
    if (e.mtimeMs !== stamp.mtimeMs || e.size !== stamp.size || e.ctimeMs !== stamp.ctimeMs || e.ino !== stamp.ino) {
      this.data.files[abs] = { ...e, ...stamp };
      this.dirty = true;
    }
    return relabel(e.result, display);
  }

  set(abs: string, stamp: FileStamp, hash: string, result: FileResult): void {
    this.misses++;
    this.seen.add(abs);
    this.data.files[abs] = { ...stamp, hash, result: strip(result) };
    this.dirty = true;
  }

  /**
   * Drops entries of files that no longer exist and writes the cache. A cache that cannot be
   * written costs the next run its speed, not this run its report: the reason comes back as a
   * warning for the caller to print.
   */
  async save(): Promise<string | undefined> {
    try {
      await this.write();
      return undefined;
    } catch (err) {
      return `the cache was not saved to ${this.location} (${describeFsError(err)}); the next run lints every file again.`;
    }
  }

  private async write(): Promise<void> {
    // Only entries this run did not meet may name deleted files; a synchronous stat each, as a
    // thread-pool round trip per file would cost a warm run more than its own stats.
    for (const f of Object.keys(this.data.files)) {
      if (this.seen.has(f)) continue;
      let exists = false;
      try {
        exists =
          statSync(f.startsWith('staged:') ? f.slice('staged:'.length) : f, { throwIfNoEntry: false }) !== undefined;
      } catch {
        // unreadable: as good as gone
      }
      if (!exists) {
        delete this.data.files[f];
        this.dirty = true;
      }
    }
    // Nothing changed: the file on disk is already this cache (a warm run writes nothing).
    if (!this.dirty) return;
    await makeDirs(path.dirname(this.location));
    this.data.savedAt = Date.now();
    await writeFileAtomic(this.location, JSON.stringify(this.data));
    this.dirty = false;
  }
}

/** The cache in `text`, or undefined when the text is something else (then never overwritten). */
function parseCache(text: string): CacheData | undefined {
  try {
    const parsed = JSON.parse(text) as CacheData;
    if (
      parsed &&
      parsed.version === 1 &&
      typeof parsed.key === 'string' &&
      parsed.files &&
      typeof parsed.files === 'object' &&
      (parsed.tool ?? 'payload-guard') === 'payload-guard'
    )
      return parsed;
  } catch {
    // not JSON
  }
  return undefined;
}
