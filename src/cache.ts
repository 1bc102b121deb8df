// `--cache`: a CI re-run on an unchanged tree should take the time of a `stat` per file. Entries are
// keyed by path and validated by size + mtime (no read at all) or, when those changed (a fresh
// checkout rewrites every mtime), by a SHA-256 of the content: the result is reused when the bytes
// are the same. The whole cache is dropped when the tool version, the rule set or the config
// changes. Results are stored without fix artifacts (their bytes), so cached runs never fix.
import { sha256Hex } from './hash.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileResult } from './types.js';
import { writeFileAtomic } from './io.js';

export const DEFAULT_CACHE_LOCATION = '.payload-guard/cache.json';
/** Coarsest mtime tick worth guarding against (ext4 and APFS are finer; some network filesystems are 1 s). */
const RACY_MS = 1000;

interface Entry {
  size: number;
  mtimeMs: number;
  hash: string;
  result: FileResult;
}

interface CacheData {
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
export function cacheKey(parts: { version: string; rules: readonly string[]; config: unknown; baseDir: string }): string {
  return sha256Hex(JSON.stringify([parts.version, parts.rules, parts.config, parts.baseDir]));
}

function strip(result: FileResult): FileResult {
  const dropArtifacts = <T extends { fix?: FileResult['diagnostics'][number]['fix']; suggestions?: FileResult['diagnostics'][number]['suggestions'] }>(d: T): T => ({
    ...d,
    ...(d.fix ? { fix: { ...d.fix, artifacts: undefined } } : {}),
    ...(d.suggestions ? { suggestions: d.suggestions.map((s) => ({ ...s, artifacts: undefined })) } : {}),
  });
  const { output: _output, ...rest } = result;
  return { ...rest, diagnostics: result.diagnostics.map(dropArtifacts), ...(result.suppressed ? { suppressed: result.suppressed.map(dropArtifacts) } : {}) };
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
  hits = 0;
  misses = 0;
  private constructor(
    readonly location: string,
    private data: CacheData,
  ) {}

  static async load(location: string, key: string): Promise<LintCache> {
    const abs = path.resolve(location);
    let data: CacheData = { version: 1, key, files: {} };
    try {
      const parsed = JSON.parse(await fs.readFile(abs, 'utf8')) as CacheData;
      if (parsed && parsed.version === 1 && parsed.key === key && parsed.files && typeof parsed.files === 'object') data = parsed;
    } catch {
      // missing or unreadable: start empty
    }
    const cache = new LintCache(abs, data);
    cache.dirty = data.files !== undefined && data.key !== key;
    return cache;
  }

  /** A result for an unchanged size and mtime: no read needed. */
  byStat(abs: string, size: number, mtimeMs: number, display: string): FileResult | undefined {
    const e = this.data.files[abs];
    if (!e || e.size !== size || e.mtimeMs !== mtimeMs) return undefined;
    // "Racy clean", as git calls it: a file written within a second of the cache may have been
    // changed again in the same mtime tick, so its content decides (byHash).
    if (this.data.savedAt === undefined || mtimeMs >= this.data.savedAt - RACY_MS) return undefined;
    this.hits++;
    return relabel(e.result, display);
  }

  /** A result for the same content under a new mtime; refreshes the stored mtime. */
  byHash(abs: string, hash: string, size: number, mtimeMs: number, display: string): FileResult | undefined {
    const e = this.data.files[abs];
    if (!e || e.hash !== hash) return undefined;
    this.hits++;
    // Saving again moves savedAt past a racy mtime, so the next run may trust stat for this file.
    if (this.data.savedAt === undefined || mtimeMs >= this.data.savedAt - RACY_MS) this.dirty = true;
    if (e.mtimeMs !== mtimeMs || e.size !== size) {
      this.data.files[abs] = { ...e, size, mtimeMs };
      this.dirty = true;
    }
    return relabel(e.result, display);
  }

  set(abs: string, size: number, mtimeMs: number, hash: string, result: FileResult): void {
    this.misses++;
    this.data.files[abs] = { size, mtimeMs, hash, result: strip(result) };
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist. */
  async save(): Promise<void> {
    for (const f of Object.keys(this.data.files)) {
      try {
        await fs.stat(f);
      } catch {
        delete this.data.files[f];
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    await fs.mkdir(path.dirname(this.location), { recursive: true });
    this.data.savedAt = Date.now();
    await writeFileAtomic(this.location, JSON.stringify(this.data));
    this.dirty = false;
  }
}
