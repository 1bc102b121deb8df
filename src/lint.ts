// The run: config, discovery, reading and linting, shared by the CLI and the programmatic API.
import path from 'node:path';
import { rules as registry } from '../rules/index.js';
import { resolveConfig, type ConfigFile, type ResolvedConfig } from './config.js';
import { lintSource, unreadableResult } from './engine.js';
import { discover, forEachLimited, loadConfig, readRegularFile, toPosix } from './io.js';
import type { AnyRule } from './rule.js';
import { fixText, type FixTextOutcome } from './fix/apply.js';
import type { FileResult, FixArtifact, SourceFormat } from './types.js';

export interface RunOptions {
  cwd?: string;
  /** path to a config file; otherwise found by walking up from cwd */
  configFile?: string;
  /** a config object used instead of any file */
  config?: ConfigFile;
  /** honour .gitignore and config ignores (default true) */
  ignore?: boolean;
  /** called after each file, for progress lines */
  onFile?: (done: number, total: number) => void;
  /** settings for rewrites (bucket, prefix from the command line), over the config's `fix` */
  fixSettings?: Record<string, unknown>;
}

export interface RunResult {
  results: FileResult[];
  config: ResolvedConfig;
  /** patterns that matched nothing */
  missing: string[];
}

export async function getConfig(options: RunOptions): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  if (options.config) return resolveConfig(options.config, registry, cwd, 'config');
  const loaded = await loadConfig(cwd, options.configFile);
  return resolveConfig(loaded.file, registry, loaded.baseDir, loaded.path ? path.relative(cwd, loaded.path) || loaded.path : undefined);
}

export async function runLint(patterns: string[], options: RunOptions = {}): Promise<RunResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = await getConfig(options);
  const useIgnores = options.ignore !== false;
  const found = await discover(patterns, { cwd, useIgnores, ignoreGlobs: config.ignoreGlobs, ignoreBase: config.baseDir });
  const results: FileResult[] = new Array(found.files.length);
  let done = 0;
  // Reading overlaps with linting; linting itself is synchronous CPU work.
  await forEachLimited(found.files, 8, async (abs, i) => {
    const display = displayPath(cwd, abs);
    const read = await readRegularFile(abs);
    results[i] = read.ok
      ? lintFile(display, read.bytes, config, relativeTo(config.baseDir, abs), undefined, registry, options.fixSettings)
      : unreadableResult(display, read.detail, registry);
    options.onFile?.(++done, found.files.length);
  });
  for (const u of found.unreadable) results.push(unreadableResult(displayPath(cwd, u.filePath), u.detail, registry));
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results, config, missing: found.missing };
}

export function lintFile(
  displayPath: string,
  input: Uint8Array | string,
  config: ResolvedConfig,
  configRelativePath = displayPath,
  format?: SourceFormat,
  rules: readonly AnyRule[] = registry,
  fixSettings?: Record<string, unknown>,
): FileResult {
  const settings = config.forFile(configRelativePath);
  return lintSource(displayPath, input, { settings, registry: rules, fixSettings: { ...config.file.fix, ...fixSettings }, format });
}

/**
 * The fix pass for one file: lint, apply the fixes that may apply (innermost first, re-linting
 * between passes), and return the new text with the artifacts to store before writing it.
 * Objects already staged, or pending in this very pass, are visible to rules through `stagedBytes`.
 */
export function fixFileText(
  displayPath: string,
  text: string,
  config: ResolvedConfig,
  configRelativePath: string,
  options: { unsafe: boolean; fixSettings: Record<string, unknown>; stagedBytes?: (bucket: string, key: string, pending: readonly FixArtifact[]) => number | undefined },
): FixTextOutcome {
  return fixText(
    text,
    (current, pending) =>
      lintFile(displayPath, current, config, configRelativePath, undefined, registry, {
        ...options.fixSettings,
        ...(options.stagedBytes ? { stagedBytes: (bucket: string, key: string) => options.stagedBytes!(bucket, key, pending) } : {}),
      }),
    { unsafe: options.unsafe },
  );
}

function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : abs;
}

function relativeTo(base: string, abs: string): string {
  return toPosix(path.relative(base, abs));
}
