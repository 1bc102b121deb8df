// The programmatic API: the same data as the json reporter, for users' own tests and tools.
import path from 'node:path';
import { configRelativePath, type ConfigFile } from './config.js';
import { currentDirectory } from './io/files.js';
import { getConfig, mergeLinked, runLint } from './lint.js';
import { builtinLinter } from './linter.js';
import { toEslintResults } from './reporters/json.js';

export type { ConfigFile } from './config.js';
export type { Diagnostic, FileResult } from './types.js';
export { detectBase64 } from './base64/detect.js';
export { TARGETS } from './limits.js';

export interface LintOptions {
  cwd?: string;
  configFile?: string;
  config?: ConfigFile;
  ignore?: boolean;
  /** lint the content staged in the git index instead of the working tree (`lint` only) */
  staged?: boolean;
  /** reuse results of unchanged files from this cache file (`lint` only) */
  cacheLocation?: string;
  /** lint on this many threads, this one and the rest workers (`lint` only) */
  concurrency?: number;
}

export type LintResult = ReturnType<typeof toEslintResults>[number];

/** Lint files, directories and globs, as the CLI does. */
export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult[]> {
  const run = await runLint(paths, {
    ...options,
    linter: builtinLinter(),
    cwd: path.resolve(options.cwd ?? currentDirectory()),
  });
  if (run.missing.length)
    throw new Error(`No files matching ${run.missing.map((m) => `'${m}'`).join(', ')} were found.`);
  return toEslintResults(run.results);
}

/** Lint text that is not on disk; `filePath` picks JSON or YAML and the config globs that apply. */
export async function lintText(text: string, options: LintOptions & { filePath?: string } = {}): Promise<LintResult[]> {
  const cwd = path.resolve(options.cwd ?? currentDirectory());
  const linter = builtinLinter();
  const config = await getConfig({ ...options, linter, cwd });
  const name = options.filePath ?? '<text>.json';
  await linter.prepare([name]);
  const rel = configRelativePath(config, name, cwd);
  const results = [await linter.lintFileWithParsers(name, text, config, rel)];
  mergeLinked(results);
  return toEslintResults(results);
}
