// The run: config, discovery, reading and linting, shared by the CLI and the programmatic API.
import path from 'node:path';
import { resolveConfig, type ConfigFile, type ResolvedConfig } from './config.js';
import { ignoredResult, sortDiagnostics, unreadableResult } from './engine.js';
import {
  discover,
  isDirectory,
  loadConfig,
  MAX_FILE_BYTES,
  notRegularFile,
  overReadingLimit,
  relativePath,
  repositoryRoot,
  stageDirOf,
  toPosix,
  vendoredReason,
  vendorFacts,
} from './io/files.js';
import { UsageError } from './errors.js';
import { lintJobs, type FileJob } from './cli/run-files.js';
import { unusedIgnoreResults } from './unused-ignores.js';
import { formatMessage, stagedObjectsOf, type AnyRule } from './rule.js';
import { stepFunctionsSource } from './io/cdk-app.js';
// Static: a pre-commit hook's `--staged` run would otherwise load the git module and, through it,
// a stub file for every module it shares with the bundle, each read and compiled on its own.
import { indexFiles } from './io/git.js';
import type { FixSettings } from './fix/keys.js';
import type { Linter } from './linter.js';
import type { FileResult } from './types.js';

export interface RunOptions {
  /** the linter to run (src/linter.ts builds it) */
  linter: Linter;
  cwd: string;
  /** path to a config file; otherwise found by walking up from cwd */
  configFile?: string;
  /** a config object used instead of any file */
  config?: ConfigFile;
  /** honour .gitignore and config ignores (default true) */
  ignore?: boolean;
  /** called after each file, for progress lines */
  onFile?: (done: number, total: number) => void;
  /** settings for rewrites (bucket, prefix from the command line), over the config's `fix` */
  fixSettings?: FixSettings;
  /** lint the content staged in the git index instead of the working tree (`--staged`) */
  staged?: boolean;
  /** reuse results of unchanged files from this cache file (`--cache`); not with fixSettings */
  cacheLocation?: string;
  /** lint on this many threads, this one and the rest workers (`--concurrency`); not with fixSettings */
  concurrency?: number;
  /** compute Diagnostic.valueHash, for baselines and SARIF fingerprints */
  valueHashes?: boolean;
}

export interface RunResult {
  results: FileResult[];
  config: ResolvedConfig;
  /** patterns that matched nothing */
  missing: string[];
  /** problems that did not change the results (a cache that could not be saved, fewer threads than asked) */
  warnings: string[];
  /** named directories with nothing left to lint, each a sentence saying why */
  empty: string[];
  /** files named on the command line that are not linted, each a note saying why */
  skipped: string[];
}

export async function getConfig(
  options: Pick<RunOptions, 'linter' | 'cwd' | 'configFile' | 'config'>,
): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd);
  const { rules } = options.linter;
  if (options.config) return resolveConfig(options.config, rules, cwd, 'config');
  const loaded = await loadConfig(cwd, options.configFile);
  return resolveConfig(
    loaded.file,
    rules,
    loaded.baseDir,
    loaded.path ? path.relative(cwd, loaded.path) || loaded.path : undefined,
  );
}

export async function runLint(patterns: string[], options: RunOptions): Promise<RunResult> {
  const { linter } = options;
  const registry = linter.rules;
  const cwd = path.resolve(options.cwd);
  const config = await getConfig(options);
  if (options.valueHashes) config.valueHashes = true;
  const useIgnores = options.ignore !== false;
  let found: Pick<RunResult, 'missing' | 'empty' | 'skipped'> & {
    files: string[];
    unreadable: { filePath: string; detail: string }[];
    ignored?: { filePath: string; reason: string }[];
  };
  let jobs: FileJob[];
  if (options.staged) {
    const unignoreGlobs = config.unignoreGlobs;
    let indexed = await indexFiles({
      cwd,
      patterns,
      useIgnores,
      ignoreGlobs: config.ignoreGlobs,
      ignoreBase: config.baseDir,
      unignoreGlobs,
    });
    // Vendored Python trees are known by their neighbours on disk (a *.dist-info beside them).
    if (useIgnores) {
      const facts = vendorFacts();
      const unignored = unignoreGlobs.length
        ? (await import('picomatch')).default(unignoreGlobs, { dot: true })
        : () => false;
      indexed = indexed.filter(
        (s) => unignored(relativeTo(config.baseDir, s.abs)) || !vendoredReason(s.abs, cwd, facts),
      );
    }
    // A staged blob over the reading limit is reported as a file on disk over it is, not read.
    const unreadable = indexed.flatMap((s) =>
      s.bytes ? [] : [{ filePath: s.abs, detail: overReadingLimit(s.tooLarge, MAX_FILE_BYTES, 'the staged file') }],
    );
    const staged = indexed.flatMap((s) => (s.bytes ? [{ abs: s.abs, bytes: s.bytes }] : []));
    found = { files: staged.map((s) => s.abs), unreadable, missing: [], empty: [], skipped: [] };
    jobs = staged.map((s) => ({
      abs: s.abs,
      bytes: s.bytes,
      display: displayPath(cwd, s.abs),
      rel: relativeTo(config.baseDir, s.abs),
    }));
  } else {
    found = await discover(patterns, {
      cwd,
      useIgnores,
      ignoreGlobs: config.ignoreGlobs,
      ignoreBase: config.baseDir,
      unignoreGlobs: config.unignoreGlobs,
    });
    jobs = found.files.map((abs) => ({ abs, display: displayPath(cwd, abs), rel: relativeTo(config.baseDir, abs) }));
  }
  let done = 0;
  // A plain run still sees the sizes of staged objects (power-tuning-budget's 6 MB check on payloadS3).
  const stagedSizes = options.fixSettings ? undefined : await stageFolderSizesOf(cwd, config);
  const stagedObjects = stagedSizes && stagedObjectsOf(stagedSizes);
  // Fix runs need every result fresh (with its artifacts) and fix settings that may hold functions.
  const plain = !options.fixSettings;
  // A trailing slash names a folder to keep the cache in, even before it exists.
  const cacheAt =
    options.cacheLocation &&
    path.resolve(cwd, options.cacheLocation) + (/[/\\]$/.test(options.cacheLocation) ? path.sep : '');
  let cache: Awaited<ReturnType<typeof openCache>> | undefined;
  if (plain && cacheAt) {
    // As for linted files: reading a FIFO or a device would hang the run.
    // A folder is where the cache goes (.payload-guard-cache inside it).
    const kind = notRegularFile(path.resolve(cwd, options.cacheLocation!));
    if (kind && kind !== 'directory')
      throw new UsageError(
        `${options.cacheLocation}: the cache location is a ${kind}, not a file or folder; give --cache-location a file or a folder.`,
      );
    cache = await openCache(cacheAt, config, registry);
  }
  const notes: string[] = [];
  // Reading overlaps with linting; linting itself is synchronous CPU work (or on worker threads).
  const results = await lintJobs(jobs, config, {
    cache,
    concurrency: plain ? options.concurrency : 1,
    registry,
    prepare: (abs) => linter.prepare(abs),
    lint: (display, bytes, cfg, rel) =>
      linter.lintFileWithParsers(display, bytes, cfg, rel, { fixSettings: options.fixSettings, stagedObjects }),
    stagedSizes,
    onFile: () => options.onFile?.(++done, jobs.length),
    onNote: (text) => notes.push(text),
  });
  const cacheWarning = await cache?.save();
  if (cacheWarning) notes.push(cacheWarning);
  for (const u of found.unreadable) results.push(unreadableResult(displayPath(cwd, u.filePath), u.detail, registry));
  for (const i of found.ignored ?? []) results.push(ignoredResult(displayPath(cwd, i.filePath), i.reason, registry));
  notUnsynthesisedCdkApps(jobs, results, config, registry);
  const unusedIgnores = await unusedIgnoreResults(results, jobs, config, cwd, registry);
  if (unusedIgnores) {
    const same = results.findIndex((r) => r.filePath === unusedIgnores.filePath);
    if (same === -1) results.push(unusedIgnores);
    else
      results[same] = {
        ...results[same],
        diagnostics: sortDiagnostics([...results[same].diagnostics, ...unusedIgnores.diagnostics]),
      };
  }
  mergeLinked(results);
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results, config, missing: found.missing, empty: found.empty, skipped: found.skipped, warnings: notes };
}

/**
 * Results for linked definitions (Serverless `${file()}`) join the linked file's own result, or
 * stand as its result when the run did not lint it; a finding both runs made is kept once.
 */
export function mergeLinked(results: FileResult[]): void {
  // Most runs link nothing: no map of every result, no copy of the list (`in`, as `delete` below
  // also removes a `linked` key that holds undefined).
  if (!results.some((r) => 'linked' in r)) return;
  const byPath = new Map(results.map((r) => [r.filePath, r]));
  for (const r of [...results]) {
    for (const l of r.linked ?? []) {
      const same = byPath.get(l.filePath);
      if (!same) {
        results.push(l);
        byPath.set(l.filePath, l);
        continue;
      }
      const seen = new Set(same.diagnostics.map(diagnosticKey));
      const fresh = l.diagnostics.filter((d) => !seen.has(diagnosticKey(d)));
      if (fresh.length) same.diagnostics = sortDiagnostics([...same.diagnostics, ...fresh]);
    }
    delete r.linked;
  }
}

function diagnosticKey(d: FileResult['diagnostics'][number]): string {
  return `${d.ruleId}\0${d.line}:${d.column}\0${d.message}`;
}

async function openCache(location: string, config: ResolvedConfig, registry: readonly AnyRule[]) {
  const { LintCache, cacheKey } = await import('./io/cache.js');
  const { packageInfo } = await import('./io/package-info.js');
  const key = cacheKey({
    version: packageInfo().version,
    rules: registry.map((r) => r.id),
    config: [config.file, config.valueHashes === true],
    baseDir: config.baseDir,
  });
  return LintCache.load(location, key);
}

/** The S3 stage folder's objects (not the git index): sizes read once, as plain data. */
async function stageFolderSizesOf(cwd: string, config: ResolvedConfig): Promise<Record<string, number> | undefined> {
  // Where --fix stages by default, found with a few stat calls (no git process on every run).
  const dir = stageDirOf(undefined, config, cwd, repositoryRoot(cwd, config));
  // Most runs have no stage dir: do not load the staging code to find that out.
  if (!isDirectory(dir)) return undefined;
  const { stageFolderSizes } = await import('./io/stage.js');
  const sizes = await stageFolderSizes(dir);
  return Object.keys(sizes).length ? sizes : undefined;
}

function displayPath(cwd: string, abs: string): string {
  const rel = relativePath(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : abs;
}

function relativeTo(base: string, abs: string): string {
  return toPosix(relativePath(base, abs));
}

/**
 * A CDK app (`cdk.json`) without `cdk.out` builds its state machines in code: none of them is
 * checked until `cdk synth` writes the templates. Said once, on the cdk.json (sfn-definition-unread),
 * for an app whose code uses Step Functions: an app with none has nothing unread.
 */
function notUnsynthesisedCdkApps(
  jobs: readonly FileJob[],
  results: FileResult[],
  config: ResolvedConfig,
  registry: readonly AnyRule[],
): void {
  const rule = registry.find((r) => r.id === 'sfn-definition-unread');
  if (!rule) return;
  let byPath: Map<string, FileResult> | undefined;
  for (const job of jobs) {
    if (path.basename(job.abs) !== 'cdk.json' || isDirectory(path.join(path.dirname(job.abs), 'cdk.out'))) continue;
    const state = config.forFile(job.rel).rules.get(rule.id);
    if (!byPath) {
      byPath = new Map();
      for (const r of results) if (!byPath.has(r.filePath)) byPath.set(r.filePath, r);
    }
    const result = byPath.get(job.display);
    if (!state || state.severity === 'off' || !result) continue;
    const source = stepFunctionsSource(path.dirname(job.abs));
    if (source === undefined) continue;
    const message = formatMessage(rule.messages.cdkNotSynthesised, {
      where: source === true ? 'its code' : `\`${source}\``,
    });
    result.diagnostics = sortDiagnostics([
      ...result.diagnostics,
      {
        ruleId: rule.id,
        messageId: 'cdkNotSynthesised',
        message,
        severity: state.severity,
        filePath: job.display,
        path: '$',
        pointer: '',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
      },
    ]);
  }
}
