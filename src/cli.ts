#!/usr/bin/env node
// The command line. The only module (with io.ts) that touches process, the disk and the terminal;
// the only one that sets the exit code: 0 clean, 1 lint errors or too many warnings,
// 2 usage, config or internal failure.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ConfigError, UsageError } from './errors.js';
import { countSeverities, REPORTER_NAMES, type ReporterName } from './reporters/index.js';
import { getConfig, lintFile, runLint } from './lint.js';
import * as ci from './cli-ci.js';
import { parseOutputs } from './outputs.js';
import type { FixFlags } from './fix/command.js';
import type { FileResult } from './types.js';

const EXIT_OK = 0;
const EXIT_LINT = 1;
const EXIT_FAILURE = 2;


function version(): string {
  // Two levels below the package root both as compiled (dist/src) and as bundled (dist/bin).
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

interface LintArgs extends FixFlags {
  paths: string[];
  config?: string;
  ignore: boolean;
  stdin: boolean;
  stdinFilename?: string;
  format: ReporterName;
  outputFile?: string;
  quiet: boolean;
  maxWarnings: number;
  color?: boolean;
  printConfig?: string;
  staged?: boolean;
  baseline?: string;
  baselineWrite?: string;
  baselinePrune?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  concurrency?: number;
}

/** The raw arguments, for pairing each --format with its --output-file (yargs loses the order). */
let rawArgs: readonly string[] = [];

/** Value hashes cost a hash per finding: only baselines and SARIF fingerprints need them. */
function wantsValueHashes(args: LintArgs): boolean {
  if (args.baseline || args.baselineWrite || args.baselinePrune) return true;
  const sarif = /^(-f|--format)=?sarif$|^--output=?sarif=/;
  return rawArgs.some((a, i) => sarif.test(a) || ((a === '-f' || a === '--format') && rawArgs[i + 1] === 'sarif') || (a === '--output' && rawArgs[i + 1]?.startsWith('sarif=')));
}

async function runLintCommand(args: LintArgs): Promise<number> {
  const cwd = process.cwd();
  if (args.printConfig) {
    const config = await getConfig({ cwd, configFile: args.config });
    const rel = path.relative(config.baseDir, path.resolve(cwd, args.printConfig)).split(path.sep).join('/');
    const settings = config.forFile(rel);
    const printed = {
      configFile: config.source ?? null,
      file: args.printConfig,
      target: settings.target,
      kind: settings.kind ?? '(detected from content)',
      rules: Object.fromEntries([...settings.rules].map(([id, s]) => [id, [s.severity, s.options]])),
      ignores: config.file.ignores ?? [],
      fix: config.file.fix ?? {},
    };
    process.stdout.write(JSON.stringify(printed, null, 2) + '\n');
    return EXIT_OK;
  }

  let results: FileResult[];
  /** where baseline paths are anchored: the config's directory */
  let baseDir = cwd;
  const fixing = args.fix || args.fixUnsafe || args.fixDryRun;
  let fixFailed = false;
  if (args.stdin) {
    if (fixing) throw new UsageError('--fix rewrites files in place; it does not read --stdin. Name the files instead.');
    if (args.paths.length) throw new UsageError('--stdin reads one document from standard input; do not also name paths.');
    const { readStdin } = await import('./io.js');
    const config = await getConfig({ cwd, configFile: args.config });
    const name = args.stdinFilename ?? '<stdin>';
    const rel = path.relative(config.baseDir, path.resolve(cwd, name)).split(path.sep).join('/');
    config.valueHashes = wantsValueHashes(args);
    const { mayBeYaml, loadYamlParser } = await import('./parse/source.js');
    if (mayBeYaml(name)) await loadYamlParser();
    results = [lintFile(name, await readStdin(), config, rel)];
    baseDir = config.baseDir;
  } else {
    const progress = makeProgress();
    // With --fix, the destination is known (or the run stops) before any file is read.
    const fixCommand = fixing ? await import('./fix/command.js') : undefined;
    const plan = fixCommand?.planFix(args, await getConfig({ cwd, configFile: args.config }), cwd);
    const fixSettings = plan ? fixCommand!.fixSettingsOf(plan) : undefined;
    if (args.staged && fixing) throw new UsageError('--staged lints the git index; --fix rewrites working-tree files. Use one or the other.');
    if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
      throw new UsageError('--concurrency must be a whole number of threads, 1 or more.');
    }
    const run = await runLint(args.paths, {
      cwd,
      configFile: args.config,
      ignore: args.ignore,
      onFile: progress.update,
      fixSettings,
      staged: args.staged,
      cacheLocation: args.cache || args.cacheLocation ? (args.cacheLocation ?? (await import('./cache.js')).DEFAULT_CACHE_LOCATION) : undefined,
      concurrency: args.concurrency,
      valueHashes: wantsValueHashes(args),
    });
    progress.done();
    if (run.missing.length) {
      throw new UsageError(`No files matching ${run.missing.map((m) => `'${m}'`).join(', ')} were found.`);
    }
    results = run.results;
    baseDir = run.config.baseDir;
    if (plan) ({ results, failed: fixFailed } = await fixCommand!.runFixes(results, run.config, plan, cwd));
  }

  try {
    const outputs = ci.checkOutputs(parseOutputs(rawArgs));
    if (args.baseline || args.baselineWrite || args.baselinePrune) results = await ci.applyBaselineArgs(results, args, cwd, baseDir);
    if (args.quiet) results = results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));
    await ci.writeReports(results, outputs, cwd, useColor(args.color, process.stdout));
  } catch (err) {
    if (err instanceof ci.CiUsageError) throw new UsageError(err.message);
    throw err;
  }

  const { errors, warnings } = countSeverities(results);
  if (fixFailed) return EXIT_FAILURE;
  if (errors > 0) return EXIT_LINT;
  if (args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    process.stderr.write(`payload-guard found too many warnings (maximum: ${args.maxWarnings}).\n`);
    return EXIT_LINT;
  }
  return EXIT_OK;
}

/** A progress line on stderr, only on a terminal and only once a scan has run for a second. */
function makeProgress() {
  const started = Date.now();
  let shown = false;
  const tty = process.stderr.isTTY === true;
  return {
    update(done: number, total: number) {
      if (!tty || Date.now() - started < 1000) return;
      shown = true;
      process.stderr.write(`\r\x1b[2Kpayload-guard: ${done}/${total} files`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

async function runSizeCommand(args: { file: string; depth: number; top: number; config?: string; color?: boolean }): Promise<number> {
  const cwd = process.cwd();
  const { readRegularFile } = await import('./io.js');
  const { parseSource, loadYamlParser } = await import('./parse/source.js');
  await loadYamlParser();
  const { SizeIndex } = await import('./sizes.js');
  const { findBase64Fields } = await import('./base64-fields.js');
  const { renderSizeTree } = await import('./reporters/size-tree.js');
  const config = await getConfig({ cwd, configFile: args.config });
  const abs = path.resolve(cwd, args.file);
  const read = await readRegularFile(abs);
  if (!read.ok) throw new UsageError(`${args.file}: ${read.detail}`);
  const parsed = parseSource(args.file, read.bytes);
  if (!parsed.ok) {
    const { LineIndex } = await import('./text.js');
    const pos = new LineIndex(parsed.text).position(parsed.error.offset);
    process.stderr.write(`${args.file}:${pos.line}:${pos.column}: ${parsed.error.message}\n`);
    return EXIT_LINT;
  }
  const doc = parsed.document;
  const settings = config.forFile(path.relative(config.baseDir, abs).split(path.sep).join('/'));
  const sizes = new SizeIndex(doc.value);
  const text = renderSizeTree(args.file, doc.fileBytes, settings.target.limitBytes, sizes, findBase64Fields(doc.value, 1024), {
    depth: args.depth,
    top: args.top,
    minShare: 0.001,
    color: useColor(args.color, process.stdout),
  });
  process.stdout.write(text);
  return EXIT_OK;
}

async function runRulesCommand(): Promise<number> {
  const { rules } = await import('../rules/index.js');
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) {
    const fix = r.fixable ? ` (fix: ${r.fixable})` : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}${fix}\n`);
  }
  return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  rawArgs = argv;
  let exitCode = EXIT_OK;
  const parser = yargs(argv)
    .scriptName('payload-guard')
    .usage('$0 [paths..] [options]\n\nFind AWS payloads and Step Functions definitions that are too big, and the base64 that makes them so.')
    .command(
      '$0 [paths..]',
      'Lint files, directories or globs (default: .)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: [] as string[], describe: 'files, directories or globs' })
          .option('format', { alias: 'f', choices: REPORTER_NAMES, default: 'stylish' as ReporterName, describe: 'output format; repeat for several reports' })
          .option('output-file', { alias: 'o', type: 'string', describe: 'write the report of the --format before it to a file instead of stdout' })
          .option('quiet', { type: 'boolean', default: false, describe: 'report errors only' })
          .option('max-warnings', { type: 'number', default: -1, describe: 'exit 1 when there are more warnings than this' })
          .option('ignore', { type: 'boolean', default: true, describe: 'honour .gitignore and config ignores (--no-ignore to lint everything)' })
          .option('stdin', { type: 'boolean', default: false, describe: 'lint one document read from standard input' })
          .option('stdin-filename', { type: 'string', describe: 'the file name to use for --stdin (picks JSON/YAML and config globs)' })
          .option('print-config', { type: 'string', describe: 'print the settings that apply to FILE and exit' })
          .option('output', { type: 'string', describe: 'FORMAT=FILE: one more report (repeatable), e.g. --output sarif=report.sarif' })
          .option('staged', { type: 'boolean', describe: 'lint the content staged in the git index (for pre-commit hooks), not the working tree' })
          .option('baseline', { type: 'string', describe: 'report only findings that are not in this baseline file' })
          .option('baseline-write', { type: 'string', describe: 'record the current findings in this baseline file' })
          .option('baseline-prune', { type: 'boolean', describe: 'with --baseline: drop entries that no longer match anything' })
          .option('cache', { type: 'boolean', describe: 'reuse results of unchanged files (content hash) from .payload-guard/cache.json' })
          .option('cache-location', { type: 'string', describe: 'cache file (implies --cache)' })
          .option('concurrency', { type: 'number', describe: 'lint on N worker threads (results are the same as on one)' })
          .option('fix', { type: 'boolean', describe: 'apply safe fixes (payloadS3, disablePayloadLogs) and write the files' })
          .option('fix-unsafe', { type: 'boolean', describe: 'also apply unsafe fixes (fileRef: the function must fetch the object)' })
          .option('fix-dry-run', { type: 'boolean', describe: 'print a unified diff of what --fix (with --fix-unsafe: that too) would change; write nothing' })
          .option('bucket', { type: 'string', describe: 'S3 bucket for moved data (or config fix.bucket)' })
          .option('prefix', { type: 'string', describe: 'key prefix for moved data (or config fix.prefix)' })
          .option('stage-dir', { type: 'string', describe: 'where objects are staged as <dir>/<bucket>/<key> (default .payload-guard/s3)' })
          .option('upload', { type: 'boolean', describe: 'upload staged objects with the AWS SDK and verify them before rewriting' })
          .option('endpoint-url', { type: 'string', describe: 'S3 endpoint (default: AWS_ENDPOINT_URL_S3, else AWS)' }),
      async (a) => {
        exitCode = await runLintCommand(a as unknown as LintArgs);
      },
    )
    .command(
      'size <file>',
      'Show which fields fill a payload, as a tree of sizes (like du)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('depth', { type: 'number', default: 4, describe: 'levels to show' })
          .option('top', { type: 'number', default: 8, describe: 'members shown per level' }),
      async (a) => {
        exitCode = await runSizeCommand(a as unknown as { file: string; depth: number; top: number; config?: string; color?: boolean });
      },
    )
    .command(
      'inline [paths..]',
      'Put moved data back: undo --fix rewrites recorded in the manifest, byte for byte',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: [] as string[], describe: 'files or directories (default: every file in the manifest)' })
          .option('stage-dir', { type: 'string', describe: 'the stage dir holding the manifest and objects (default .payload-guard/s3)' })
          .option('download', { type: 'boolean', describe: 'fetch the objects from S3 instead of the stage dir' })
          .option('endpoint-url', { type: 'string', describe: 'S3 endpoint (default: AWS_ENDPOINT_URL_S3, else AWS)' }),
      async (a) => {
        const { runInlineCommand } = await import('./fix/command.js');
        exitCode = await runInlineCommand(a as unknown as { paths: string[]; stageDir?: string; download?: boolean; endpointUrl?: string });
      },
    )
    .command(
      'simulate <definition>',
      'Run a sample input through a state machine\'s data flow and measure every state against 256 KiB',
      (y) =>
        y
          .positional('definition', { type: 'string', demandOption: true, describe: 'an ASL file, or a template / serverless.yml holding the definition' })
          .option('input', { type: 'string', demandOption: true, describe: 'the execution input (JSON file)' })
          .option('result', { type: 'string', array: true, describe: 'STATE=FILE: what the task in STATE returns (repeatable); without one a task returns its input' })
          .option('machine', { type: 'string', describe: 'which state machine of a template (logical id or Serverless name)' })
          .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' }),
      async (a) => {
        const { runSimulate, LoadError } = await import('./simulate/command.js');
        try {
          exitCode = await runSimulate(a as unknown as import('./simulate/command.js').SimulateArgs, (t) => process.stdout.write(t));
        } catch (err) {
          throw err instanceof LoadError ? new UsageError(err.message) : err;
        }
      },
    )
    .command('init', 'Write a starter payload-guard.config.json for this repository and print pre-commit and CI snippets', {}, async () => {
      const { init } = await import('./init.js');
      const outcome = await init(process.cwd());
      process.stdout.write(outcome.report);
      exitCode = outcome.written ? EXIT_OK : EXIT_FAILURE;
    })
    .command('rules', 'List the rules', {}, async () => {
      exitCode = await runRulesCommand();
    })
    .option('config', { alias: 'c', type: 'string', describe: 'use this config file instead of looking for one' })
    .option('color', { type: 'boolean', describe: 'force colour on or off (--no-color); default: on for a terminal' })
    .epilogue('Exit codes: 0 clean, 1 lint errors (or too many warnings), 2 usage, config or internal error.\nDocs: rules/<rule-id>.md')
    .version(version())
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  await parser.parseAsync();
  return exitCode;
}

run();

function run() {
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError || err instanceof ConfigError) {
        process.stderr.write(`payload-guard: ${err.message}\nRun payload-guard --help for usage.\n`);
      } else {
        process.stderr.write(`payload-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      }
      process.exitCode = EXIT_FAILURE;
    },
  );
}
