// The lint command (the default): files, directories or globs, or one document on --stdin; the
// reports; the exit code from the findings. With --fix the fixes run between linting and reporting.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { readStdin } from '../io/files.js';
import { getConfig, mergeLinked, runLint } from '../lint.js';
import type { Linter } from '../linter.js';
import { aboutRun } from './report-context.js';
import type { FixFlags } from './fix-command.js';
import { parseOutputs } from '../outputs.js';
import type { ReporterName } from '../reporters/index.js';
import type { FileResult } from '../types.js';
import { countFindings, EXIT_FAILURE, EXIT_OK, lintExitCode } from './exit-code.js';
import { planFixes } from './fix.js';
import { note, useColor, type CliIo } from './io.js';
import { runPrintConfig } from './print-config.js';
import * as reports from './reports.js';

export interface LintArgs extends FixFlags {
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

/** Value hashes cost a hash per finding: only baselines and SARIF fingerprints need them. */
function wantsValueHashes(args: LintArgs, argv: readonly string[]): boolean {
  if (args.baseline || args.baselineWrite || args.baselinePrune) return true;
  const sarif = /^(-f|--format)=?sarif$|^--output=?sarif=/;
  return argv.some(
    (a, i) =>
      sarif.test(a) ||
      ((a === '-f' || a === '--format') && argv[i + 1] === 'sarif') ||
      (a === '--output' && argv[i + 1]?.startsWith('sarif=')),
  );
}

/** `argv` is the raw command line: each --format is paired with the --output-file after it (yargs loses the order). */
export async function runLintCommand(
  args: LintArgs,
  argv: readonly string[],
  io: CliIo,
  linter: Linter,
): Promise<number> {
  if (args.printConfig) return runPrintConfig(args.printConfig, args, io, linter);
  const { cwd } = io;
  const fixing = args.fix || args.fixUnsafe || args.fixDryRun;
  let results: FileResult[];
  /** where baseline paths are anchored: the config's directory */
  let baseDir: string;
  let fixFailed = false;
  if (args.stdin) {
    if (fixing)
      throw new UsageError('--fix rewrites files in place; it does not read --stdin. Name the files instead.');
    if (args.paths.length)
      throw new UsageError('--stdin reads one document from standard input; do not also name paths.');
    const config = await getConfig({ linter, cwd, configFile: args.config });
    const name = args.stdinFilename ?? '<stdin>';
    const rel = path.relative(config.baseDir, path.resolve(cwd, name)).split(path.sep).join('/');
    // As for a named file: a --stdin-filename that the config ignores is not linted, and says so.
    if (args.stdinFilename && args.ignore && config.ignoreGlobs.length) {
      const { default: picomatch } = await import('picomatch');
      const pattern = config.ignoreGlobs.find((g) => picomatch(g, { dot: true })(rel));
      if (pattern !== undefined) {
        const { skippedMessage } = await import('../skipped.js');
        note(io, skippedMessage({ path: name, reason: { kind: 'ignores', pattern } }));
        return EXIT_OK;
      }
    }
    config.valueHashes = wantsValueHashes(args, argv);
    await linter.prepare([name]);
    results = [await linter.lintFileWithParsers(name, await readStdin(io.stdin), config, rel)];
    mergeLinked(results);
    baseDir = config.baseDir;
  } else {
    const progress = makeProgress(io);
    // With --fix, the destination is known (or the run stops) before any file is read.
    const fix = fixing ? await planFixes(args, argv, io, linter) : undefined;
    if (args.staged && fixing)
      throw new UsageError('--staged lints the git index; --fix rewrites working-tree files. Use one or the other.');
    if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
      throw new UsageError('--concurrency must be a whole number of threads, 1 or more.');
    }
    const run = await runLint(args.paths, {
      linter,
      cwd,
      configFile: args.config,
      ignore: args.ignore,
      onFile: (done, total) => progress.update(done, total),
      fixSettings: fix?.settings,
      staged: args.staged,
      cacheLocation:
        args.cache || args.cacheLocation
          ? (args.cacheLocation ?? (await import('../io/cache.js')).DEFAULT_CACHE_LOCATION)
          : undefined,
      concurrency: args.concurrency,
      valueHashes: wantsValueHashes(args, argv),
    });
    progress.done();
    for (const w of run.warnings) note(io, `warning: ${w}`);
    for (const n of run.skipped) note(io, n);
    const nothing = [
      ...(run.missing.length ? [`No files matching ${run.missing.map((m) => `'${m}'`).join(', ')} were found.`] : []),
      ...run.empty,
    ];
    if (nothing.length) throw new UsageError(nothing.join(' '));
    results = run.results;
    baseDir = run.config.baseDir;
    if (fix) ({ results, failed: fixFailed } = await fix.apply(results, run.config));
  }

  let counts: ReturnType<typeof countFindings>;
  try {
    const outputs = reports.checkOutputs(parseOutputs(argv));
    if (args.baseline || args.baselineWrite || args.baselinePrune)
      results = await reports.applyBaselineArgs(results, args, io, baseDir);
    // Counted before --quiet hides them: as in ESLint 9, `--quiet --max-warnings 0` still gates.
    counts = countFindings(results);
    if (args.quiet)
      results = results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));
    await reports.writeReports(results, outputs, io, () => useColor(args.color, io, io.stdout), aboutRun(linter.rules));
  } catch (err) {
    if (err instanceof reports.CiUsageError) throw new UsageError(err.message);
    throw err;
  }
  if (fixFailed) return EXIT_FAILURE;
  return lintExitCode(counts, args.maxWarnings, args.quiet, io.stderr);
}

/** A progress line on stderr, only on a terminal and only once a scan has run for a second. */
function makeProgress(io: CliIo) {
  const started = Date.now();
  let shown = false;
  // Asked once a second has passed: process.stderr is created on first use, which costs a
  // short run several milliseconds when stderr is a pipe or a terminal.
  let tty: boolean | undefined;
  return {
    update(done: number, total: number) {
      if (Date.now() - started < 1000 || (tty ??= io.stderr.isTTY === true) === false) return;
      shown = true;
      io.stderr.write(`\r\x1b[2Kpayload-guard: ${done}/${total} files`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
