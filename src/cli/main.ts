#!/usr/bin/env node
// The command line. The only module (with io.ts) that touches process, the disk and the terminal;
// the only one that sets the exit code: 0 clean, 1 lint errors or too many warnings,
// 2 usage, config or internal failure.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { rules } from '../rules/index.js';
import { findBase64Fields } from './base64-fields.js';
import { classify } from './classify.js';
import { targetFor } from './events.js';
import { defineCli, parseCommonLint } from './cli-args.js';
import { checkArgv, commandOf, helpHint } from './cli-check.js';
import * as ci from './cli-ci.js';
import { ConfigError, UsageError } from './errors.js';
import { explainFile } from './engine.js';
import { describeFsError, ignoreReason, readRegularFile, readStdin } from './io.js';
import { getConfig, lintFile, mergeLinked, runLint } from './lint.js';
import { parseOutputs } from './outputs.js';
import { loadYamlParser, mayBeYaml, parseSource } from './parse/source.js';
import { countSeverities, type ReporterName } from './reporters/index.js';
import { findDefinitions, unreadDefinitions } from './definitions/index.js';
import { SizeIndex } from './sizes.js';
import { LineIndex } from './text.js';
import { wrapWords } from './wrap.js';
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
    const abs = path.resolve(cwd, args.printConfig);
    const rel = path.relative(config.baseDir, abs).split(path.sep).join('/');
    const settings = config.forFile(rel);
    // The file is read, so that its kind is the one a run decides, with the evidence.
    const read = await readRegularFile(abs);
    if (read.ok && mayBeYaml(abs)) await loadYamlParser();
    const shown = path.relative(cwd, abs).split(path.sep).join('/');
    const explained = explainFile(shown, read.ok ? read.bytes : undefined, settings, read.ok ? undefined : read.detail);
    const ignored = await ignoreReason(abs, { cwd, useIgnores: args.ignore, ignoreGlobs: config.ignoreGlobs, ignoreBase: config.baseDir, unignoreGlobs: config.unignoreGlobs });
    const printed = {
      configFile: config.source ?? null,
      file: args.printConfig,
      ignored: ignored ?? null,
      target: explained.target,
      targetReason: explained.targetReason,
      kind: explained.kind ?? (read.ok ? '(does not parse)' : '(detected from content)'),
      kindReason: explained.kindReason,
      rules: Object.fromEntries([...settings.rules].map(([id, s]) => [id, [s.severity, s.options]])),
      ignores: config.file.ignores ?? [],
      fix: config.file.fix ?? {},
      unreadDefinitions: await unreadIn(path.resolve(cwd, args.printConfig), settings.kind),
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
    const config = await getConfig({ cwd, configFile: args.config });
    const name = args.stdinFilename ?? '<stdin>';
    const rel = path.relative(config.baseDir, path.resolve(cwd, name)).split(path.sep).join('/');
    // As for a named file: a --stdin-filename that the config ignores is not linted, and says so.
    if (args.stdinFilename && args.ignore && config.ignoreGlobs.length) {
      const { default: picomatch } = await import('picomatch');
      const pattern = config.ignoreGlobs.find((g) => picomatch(g, { dot: true })(rel));
      if (pattern !== undefined) {
        const { skippedMessage } = await import('./skipped.js');
        process.stderr.write(forTerminal(`payload-guard: ${skippedMessage({ path: name, reason: { kind: 'ignores', pattern } })}`) + '\n');
        return EXIT_OK;
      }
    }
    config.valueHashes = wantsValueHashes(args);
    if (mayBeYaml(name)) await loadYamlParser();
    results = [lintFile(name, await readStdin(), config, rel)];
    mergeLinked(results);
    baseDir = config.baseDir;
  } else {
    const progress = makeProgress();
    // With --fix, the destination is known (or the run stops) before any file is read.
    const fixCommand = fixing ? await import('./fix/command.js') : undefined;
    const plan = fixCommand ? await fixCommand.planFix(args, await getConfig({ cwd, configFile: args.config }), cwd) : undefined;
    // A machine-readable report on stdout keeps it: the dry-run diff then goes to stderr.
    if (plan) plan.diffToStderr = parseOutputs(rawArgs).some((o) => o.file === undefined && o.format !== 'stylish');
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
    for (const w of run.warnings) process.stderr.write(forTerminal(`payload-guard: warning: ${w}`) + '\n');
    for (const note of run.skipped) process.stderr.write(forTerminal(`payload-guard: ${note}`) + '\n');
    const nothing = [...(run.missing.length ? [`No files matching ${run.missing.map((m) => `'${m}'`).join(', ')} were found.`] : []), ...run.empty];
    if (nothing.length) throw new UsageError(nothing.join(' '));
    results = run.results;
    baseDir = run.config.baseDir;
    if (plan) ({ results, failed: fixFailed } = await fixCommand!.runFixes(results, run.config, plan, cwd));
  }

  let counts: ReturnType<typeof countSeverities>;
  try {
    const outputs = ci.checkOutputs(parseOutputs(rawArgs));
    if (args.baseline || args.baselineWrite || args.baselinePrune) results = await ci.applyBaselineArgs(results, args, cwd, baseDir);
    // Counted before --quiet hides them: as in ESLint 9, `--quiet --max-warnings 0` still gates.
    counts = countSeverities(results);
    if (args.quiet) results = results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }));
    await ci.writeReports(results, outputs, cwd, () => useColor(args.color, process.stdout));
  } catch (err) {
    if (err instanceof ci.CiUsageError) throw new UsageError(err.message);
    throw err;
  }

  const { errors, warnings } = counts;
  if (fixFailed) return EXIT_FAILURE;
  if (errors > 0) return EXIT_LINT;
  if (args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    process.stderr.write(`payload-guard found too many warnings (maximum: ${args.maxWarnings}).${args.quiet ? ` ${warnings} warning${warnings === 1 ? ' was' : 's were'} counted though --quiet hides ${warnings === 1 ? 'it' : 'them'}.` : ''}\n`);
    return EXIT_LINT;
  }
  return EXIT_OK;
}

/** A progress line on stderr, only on a terminal and only once a scan has run for a second. */
function makeProgress() {
  const started = Date.now();
  let shown = false;
  // Asked once a second has passed: process.stderr is created on first use, which costs a
  // short run several milliseconds when stderr is a pipe or a terminal.
  let tty: boolean | undefined;
  return {
    update(done: number, total: number) {
      if (Date.now() - started < 1000 || (tty ??= process.stderr.isTTY === true) === false) return;
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
  await loadYamlParser();
  const { renderSizeTree } = await import('./reporters/size-tree.js');
  const config = await getConfig({ cwd, configFile: args.config });
  const abs = path.resolve(cwd, args.file);
  const read = await readRegularFile(abs);
  if (!read.ok) throw new UsageError(`${args.file}: ${read.detail}`);
  const parsed = parseSource(args.file, read.bytes);
  if (!parsed.ok) {
    const pos = new LineIndex(parsed.text).position(parsed.error.offset);
    process.stderr.write(`${args.file}:${pos.line}:${pos.column}: ${parsed.error.message}\n`);
    return EXIT_LINT;
  }
  const doc = parsed.document;
  const settings = config.forFile(path.relative(config.baseDir, abs).split(path.sep).join('/'));
  const { target } = targetFor(doc.value, settings.kind ?? classify(args.file, doc.value, doc.format), settings);
  const sizes = new SizeIndex(doc.value);
  const text = renderSizeTree(args.file, doc.fileBytes, target.limitBytes, sizes, findBase64Fields(doc.value, 1024), {
    depth: args.depth,
    top: args.top,
    minShare: 0.001,
    color: useColor(args.color, process.stdout),
  });
  process.stdout.write(text);
  return EXIT_OK;
}

/** The limit a file is judged against and why; its shape counts only when it can be read. */
async function runRulesCommand(): Promise<number> {
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) {
    const fix = r.fixable ? ` (fix: ${r.fixable})` : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}${fix}\n`);
  }
  return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  const checked = checkArgv(argv, (p) => fs.existsSync(p));
  if (checked && 'message' in checked) throw new UsageError(checked.message);
  if (checked) argv = checked.rewritten;
  rawArgs = argv;
  // Paths and ordinary flags, the way hooks and CI call it: no need to load yargs.
  const common = parseCommonLint(argv);
  if (common) return runLintCommand(common as unknown as LintArgs);
  const { default: yargs } = await import('yargs');
  let exitCode = EXIT_OK;
  const parser = defineCli(yargs(argv), {
    version: version(),
    width: Math.min(110, process.stdout.columns || 100),
    fail: (message) => new UsageError(message),
    lint: async (a) => {
      exitCode = await runLintCommand(a as unknown as LintArgs);
    },
    size: async (a) => {
      exitCode = await runSizeCommand(a as unknown as { file: string; depth: number; top: number; config?: string; color?: boolean });
    },
    inline: async (a) => {
      const { runInlineCommand } = await import('./fix/command.js');
      exitCode = await runInlineCommand(a as unknown as { paths: string[]; stageDir?: string; download?: boolean; endpointUrl?: string });
    },
    simulate: async (a) => {
      const { runSimulate, LoadError } = await import('./simulate/command.js');
      try {
        exitCode = await runSimulate(a as unknown as import('./simulate/command.js').SimulateArgs, (t) => process.stdout.write(t));
      } catch (err) {
        throw err instanceof LoadError ? new UsageError(err.message) : err;
      }
    },
    init: async () => {
      const { init } = await import('./init.js');
      const outcome = await init(process.cwd());
      process.stdout.write(outcome.report);
      exitCode = outcome.written ? EXIT_OK : EXIT_FAILURE;
    },
    rules: async () => {
      exitCode = await runRulesCommand();
    },
  });
  await parser.parseAsync();
  return exitCode;
}

run();

/** A message for stderr, broken at spaces when stderr is a terminal narrower than it (not mid-word). */
function forTerminal(text: string): string {
  const columns = process.stderr.isTTY ? process.stderr.columns : undefined;
  if (!columns) return text;
  return text
    .split('\n')
    .map((line) => (line.length >= columns ? wrapWords(line, columns - 1).join('\n') : line))
    .join('\n');
}

function run() {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const sys = err as NodeJS.ErrnoException;
      if (err instanceof UsageError || err instanceof ConfigError) {
        process.stderr.write(forTerminal(`payload-guard: ${err.message}`) + `\n${helpHint(commandOf(process.argv.slice(2)))}\n`);
      } else if (sys instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string' && typeof sys.path === 'string') {
        // A file system refusal (full disk, read-only mount, a path through a file) is the
        // environment, not a bug: a sentence naming the path, without a stack.
        process.stderr.write(forTerminal(`payload-guard: cannot ${sys.syscall} ${sys.path}: ${describeFsError(sys)}.`) + '\n');
      } else {
        process.stderr.write(
          `payload-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` +
            'This is a bug in payload-guard, not a mistake in your input or command: please report it with the command you ran and the lines above.\n',
        );
      }
      process.exitCode = EXIT_FAILURE;
    },
  );
}

/** State machines in FILE whose definitions are not read (for --print-config); none when FILE does not parse. */
async function unreadIn(file: string, kind: import('./classify.js').DocumentKind | undefined): Promise<{ name: string; reason: string }[]> {
  const read = await readRegularFile(file);
  if (!read.ok) return [];
  if (mayBeYaml(file)) await loadYamlParser();
  const parsed = parseSource(file, read.bytes);
  if (!parsed.ok) return [];
  const doc = parsed.document;
  const k = kind ?? classify(file, doc.value, doc.format);
  return unreadDefinitions(doc, k, findDefinitions(doc, k)).map((u) => ({ name: u.name, reason: u.reason }));
}
