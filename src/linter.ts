// The composition root: the one module that puts the rules, the parsers and the reader of linked
// files together. The API, the CLI and the worker entry each build a linter here, once per run,
// and lint through it; nothing else in src/ imports rules/ (test/import-graph.test.ts keeps it so).
import path from 'node:path';
import { rules as builtinRules } from '../rules/index.js';
import type { FileSettings, ResolvedConfig } from './config.js';
import type { LinkedFiles } from './definitions/index.js';
import { explainFile, lintSource, type FileExplanation } from './engine.js';
import { fixText, type FixTextOutcome } from './fix/apply.js';
import { fixTarget, type FixSettings } from './fix/keys.js';
import { linkedFileReader } from './io/files.js';
import { loadParsers, mayBeYaml, parseSource, type Parsers, type SourceResult } from './parse/source.js';
import type { AnyRule, StagedObjects } from './rule.js';
import type { FileResult, FixArtifact, SourceFormat } from './types.js';

export interface LinterParts {
  rules: readonly AnyRule[];
  /** Parsers already loaded; otherwise `prepare` loads the YAML parser when a file may need it. */
  parsers?: Parsers;
  /** Reads the files a definition links to, relative to the (absolute) linking file; without it links are not followed. */
  linkedFiles?: (fromFile: string) => LinkedFiles;
}

interface LintFileOptions {
  format?: SourceFormat;
  /** Over the config's `fix` section: the bucket and prefix of a --fix run. */
  fixSettings?: FixSettings;
  /** Objects in the S3 stage folder, for rules that judge what a reference points at. */
  stagedObjects?: StagedObjects;
}

export interface Linter {
  readonly rules: readonly AnyRule[];
  readonly parsers: Readonly<Parsers>;
  /** Loads the parsers files of these names may need (every parser without names), before linting them. */
  prepare(filePaths?: Iterable<string>): Promise<void>;
  /** Lints one file's content; `configRelativePath` picks the config entries that apply. */
  lintFile(
    displayPath: string,
    input: Uint8Array | string,
    config: ResolvedConfig,
    configRelativePath?: string,
    options?: LintFileOptions,
  ): FileResult;
  /**
   * lintFile, loading the YAML parser first when a definition the file links to is YAML and the
   * parser is not loaded yet (a JSON file of any name may link `${file(def.yml)}`).
   */
  lintFileWithParsers(
    displayPath: string,
    input: Uint8Array | string,
    config: ResolvedConfig,
    configRelativePath?: string,
    options?: LintFileOptions,
  ): FileResult | Promise<FileResult>;
  /**
   * The fix pass for one file: lint, apply the fixes that may apply (innermost first, re-linting
   * between passes), and return the new text with the artifacts to store before writing it.
   * Objects already staged, or pending in this very pass, are visible to rules through `stagedObjects`.
   */
  fixFileText(
    displayPath: string,
    text: string,
    config: ResolvedConfig,
    configRelativePath: string,
    options: {
      unsafe: boolean;
      fixSettings: FixSettings;
      stagedObjects?: (pending: readonly FixArtifact[]) => StagedObjects;
    },
  ): FixTextOutcome;
  /** What `--print-config` says of a file (see engine.explainFile). */
  explainFile(
    filePath: string,
    input: Uint8Array | string | undefined,
    settings: FileSettings,
    unreadable?: string,
  ): FileExplanation;
  parse(filePath: string, input: Uint8Array | string, format?: SourceFormat): SourceResult;
}

export function createLinter(parts: LinterParts): Linter {
  const { rules, linkedFiles } = parts;
  // The linter's own parsers, filled by prepare(): state of this run, not of the module.
  const parsers: Parsers = { ...parts.parsers };
  // The fix target of the last config and fix settings seen: a run lints every file with the same.
  let lastFix: { fix: unknown; settings: FixSettings | undefined; target: ReturnType<typeof fixTarget> } | undefined;
  const fixTargetFor = (config: ResolvedConfig, settings: FixSettings | undefined) => {
    if (lastFix && lastFix.fix === config.file.fix && lastFix.settings === settings) return lastFix.target;
    const target = fixTarget({ ...config.file.fix, ...settings });
    lastFix = { fix: config.file.fix, settings, target };
    return target;
  };
  const lintFile: Linter['lintFile'] = (displayPath, input, config, configRelativePath = displayPath, options = {}) => {
    // The reader of linked files, made when a definition names one (most files name none).
    let reader: LinkedFiles | undefined;
    return lintSource(displayPath, input, {
      settings: config.forFile(configRelativePath),
      registry: rules,
      parsers,
      fixTarget: fixTargetFor(config, options.fixSettings),
      stagedObjects: options.stagedObjects,
      format: options.format,
      valueHashes: config.valueHashes,
      files:
        linkedFiles &&
        ((relative) => (reader ??= linkedFiles(path.resolve(config.baseDir, configRelativePath)))(relative)),
    });
  };
  const prepare: Linter['prepare'] = async (filePaths) => {
    if (parsers.yaml) return;
    const names = filePaths && [...filePaths];
    if (names && !names.some(mayBeYaml)) return;
    Object.assign(parsers, await loadParsers(names));
  };
  return {
    rules,
    parsers,
    prepare,
    lintFile,
    lintFileWithParsers(displayPath, input, config, configRelativePath, options) {
      const result = lintFile(displayPath, input, config, configRelativePath, options);
      if (!result.needsYaml) return result;
      // Only then a promise: a run of thousands of small files pays no turn of the loop per file.
      return prepare().then(() => {
        const again = lintFile(displayPath, input, config, configRelativePath, options);
        delete again.needsYaml;
        return again;
      });
    },
    fixFileText(displayPath, text, config, configRelativePath, options) {
      return fixText(
        text,
        (current, pending) =>
          lintFile(displayPath, current, config, configRelativePath, {
            fixSettings: options.fixSettings,
            stagedObjects: options.stagedObjects?.(pending),
          }),
        { unsafe: options.unsafe },
      );
    },
    explainFile: (filePath, input, settings, unreadable) => explainFile(filePath, input, settings, parsers, unreadable),
    parse: (filePath, input, format) => parseSource(filePath, input, parsers, format),
  };
}

/** The linter the tool ships: every built-in rule, and linked files read from disk. */
export function builtinLinter(): Linter {
  return createLinter({ rules: builtinRules, linkedFiles: linkedFileReader });
}

/** The built-in rules, for the build step that precompiles their schemas. */
export { builtinRules };
