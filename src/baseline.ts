// Baselines: adopt payload-guard in a repository that already has big payloads. A baseline records
// today's findings keyed by file, rule, JSON pointer and a hash of the offending value (never line
// numbers, which churn with every edit above), plus the size for size findings. Later runs report
// only findings that are not in it, or whose value changed and grew past the recorded size.
// Entries that match nothing any more are stale; `--baseline-prune` drops them. Pure: the CLI reads
// and writes the file.
import type { Diagnostic, FileResult } from './types.js';

interface BaselineEntry {
  /** posix path relative to the config's directory (else the working directory) */
  file: string;
  rule: string;
  pointer: string;
  valueHash: string;
  /** the size the finding measured, for size findings: growing past it makes the finding new */
  bytes?: number;
  /** identical findings (two blobs in one string) */
  count: number;
}

export interface Baseline {
  version: 1;
  tool: 'payload-guard';
  entries: BaselineEntry[];
}

/** Findings a baseline never records: a file that does not parse has not been checked. */
function baselinable(d: Diagnostic): boolean {
  return d.ruleId !== 'parse-error';
}

const keyOf = (file: string, rule: string, pointer: string) => `${file}\0${rule}\0${pointer}`;

/** `toKey` maps a result's file path to the path stored in the baseline. */
export function createBaseline(results: readonly FileResult[], toKey: (filePath: string) => string): Baseline {
  const byId = new Map<string, BaselineEntry>();
  for (const r of results)
    for (const d of r.diagnostics) {
      if (!baselinable(d)) continue;
      const file = toKey(r.filePath);
      const valueHash = d.valueHash ?? '';
      const id = `${keyOf(file, d.ruleId, d.pointer)}\0${valueHash}`;
      const e = byId.get(id);
      if (e) {
        e.count++;
        if (d.bytes !== undefined) e.bytes = Math.max(e.bytes ?? 0, d.bytes);
      } else
        byId.set(id, {
          file,
          rule: d.ruleId,
          pointer: d.pointer,
          valueHash,
          ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
          count: 1,
        });
    }
  return { version: 1, tool: 'payload-guard', entries: sortEntries([...byId.values()]) };
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (a, b) => c(a.file, b.file) || c(a.rule, b.rule) || c(a.pointer, b.pointer) || c(a.valueHash, b.valueHash),
  );
}

export function parseBaseline(text: string, where: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: the baseline is not valid JSON (${(err as Error).message}).`, { cause: err });
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== 1 || !Array.isArray(b.entries)) {
    throw new Error(
      `${where}: not a payload-guard baseline (expected {"version": 1, "entries": [...]}); write one with --baseline-write.`,
    );
  }
  for (const e of b.entries) {
    if (
      !e ||
      typeof e.file !== 'string' ||
      typeof e.rule !== 'string' ||
      typeof e.pointer !== 'string' ||
      typeof e.valueHash !== 'string'
    ) {
      throw new Error(`${where}: a baseline entry needs file, rule, pointer and valueHash: ${JSON.stringify(e)}.`);
    }
  }
  return {
    version: 1,
    tool: 'payload-guard',
    entries: b.entries.map((e) => ({ ...e, count: typeof e.count === 'number' && e.count > 0 ? e.count : 1 })),
  };
}

export interface BaselineOutcome {
  /** results with baselined findings removed */
  results: FileResult[];
  /** how many findings the baseline matched */
  matched: number;
  /** entries that matched nothing in the files linted (or whose file is gone) */
  stale: BaselineEntry[];
  /** the baseline without its stale entries */
  pruned: Baseline;
}

/**
 * `linted` holds the baseline keys of every file this run looked at: entries for other files are
 * neither matched nor stale (a pre-commit run sees a handful of files), unless `exists` says the
 * file is gone.
 */
export function applyBaseline(
  results: readonly FileResult[],
  baseline: Baseline,
  toKey: (filePath: string) => string,
  exists: (key: string) => boolean,
): BaselineOutcome {
  const remaining = new Map<BaselineEntry, number>(baseline.entries.map((e) => [e, e.count]));
  const byKey = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) {
    const k = keyOf(e.file, e.rule, e.pointer);
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const take = (e: BaselineEntry | undefined) => {
    if (!e) return false;
    remaining.set(e, remaining.get(e)! - 1);
    return true;
  };
  let matched = 0;
  const linted = new Set<string>();
  const out = results.map((r) => {
    const file = toKey(r.filePath);
    linted.add(file);
    const diagnostics = r.diagnostics.filter((d) => {
      if (!baselinable(d)) return true;
      const candidates = (byKey.get(keyOf(file, d.ruleId, d.pointer)) ?? []).filter((e) => remaining.get(e)! > 0);
      // The same value: however the file was reformatted, this is the baselined finding.
      const same = candidates.find((e) => e.valueHash === d.valueHash);
      // A changed value is still the baselined finding while it has not grown past the recorded size.
      const notGrown =
        same ??
        (d.bytes !== undefined ? candidates.find((e) => e.bytes !== undefined && d.bytes! <= e.bytes) : undefined);
      if (take(notGrown)) {
        matched++;
        return false;
      }
      return true;
    });
    return diagnostics.length === r.diagnostics.length ? r : { ...r, diagnostics };
  });
  const stale: BaselineEntry[] = [];
  const kept: BaselineEntry[] = [];
  for (const e of baseline.entries) {
    const left = remaining.get(e)!;
    const judged = linted.has(e.file) || !exists(e.file);
    if (judged && left > 0) stale.push({ ...e, count: left });
    const keep = judged ? e.count - left : e.count;
    if (keep > 0) kept.push({ ...e, count: keep });
  }
  return { results: out, matched, stale, pruned: { version: 1, tool: 'payload-guard', entries: kept } };
}

export function serializeBaseline(b: Baseline): string {
  // One entry per line keeps diffs of the baseline readable in review.
  return `{\n  "version": 1,\n  "tool": "payload-guard",\n  "entries": [\n${b.entries.map((e) => '    ' + JSON.stringify(e)).join(',\n')}${b.entries.length ? '\n' : ''}  ]\n}\n`;
}
