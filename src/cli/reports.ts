// The CLI's CI half: baselines (read, write, prune) and several reports per run. It touches the
// disk and the streams it is given; the decisions are in src/baseline.ts and src/outputs.ts.
import fsSync, { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileResult } from '../types.js';
import { loadReporter, REPORTER_NAMES, type ReportContext, type ReporterName } from '../reporters/index.js';
import type { OutputSpec } from '../outputs.js';
import { describeFsError, makeDirs, readRegularFile, writeFileAtomic } from '../io/files.js';
import type { CliIo } from './io.js';

export class CiUsageError extends Error {}

export interface BaselineArgs {
  baseline?: string;
  baselineWrite?: string;
  baselinePrune?: boolean;
}

/** Filters results through a baseline; writes or prunes it when asked. Notes go to stderr. */
/**
 * Baseline paths are relative to `baseDir` (the config's directory, else the working directory),
 * so the same baseline works from any subdirectory and wherever the baseline file itself lives.
 */
export async function applyBaselineArgs(
  results: FileResult[],
  args: BaselineArgs,
  io: CliIo,
  baseDir: string,
): Promise<FileResult[]> {
  const { cwd } = io;
  const { createBaseline, parseBaseline, applyBaseline, serializeBaseline } = await import('../baseline.js');
  const toKey = (filePath: string) => path.relative(baseDir, path.resolve(cwd, filePath)).split(path.sep).join('/');
  if (args.baselineWrite) {
    const file = path.resolve(cwd, args.baselineWrite);
    const baseline = createBaseline(results, toKey);
    await writeOrExplain(file, serializeBaseline(baseline), `${args.baselineWrite}: cannot write the baseline`);
    const n = baseline.entries.reduce((s, e) => s + e.count, 0);
    io.stderr.write(`payload-guard: wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${args.baselineWrite}.\n`);
    // The run that writes the baseline reports what later runs will report: nothing baselined.
    return applyBaseline(results, baseline, toKey, () => true).results;
  }
  if (!args.baseline) {
    if (args.baselinePrune) throw new CiUsageError('--baseline-prune needs --baseline FILE.');
    return results;
  }
  const file = path.resolve(cwd, args.baseline);
  // readRegularFile: a FIFO or a device given as the baseline must not hang the run.
  const read = await readRegularFile(file);
  if (!read.ok)
    throw new CiUsageError(
      `${args.baseline}: cannot read the baseline: ${read.detail}${read.detail === 'no such file' ? '; create it with --baseline-write' : ''}.`,
    );
  const text = read.bytes.toString('utf8');
  let baseline;
  try {
    baseline = parseBaseline(text, args.baseline);
  } catch (err) {
    throw new CiUsageError((err as Error).message);
  }
  const exists = (key: string) => {
    try {
      return fsSync.statSync(path.resolve(baseDir, key)).isFile();
    } catch {
      return false;
    }
  };
  const outcome = applyBaseline(results, baseline, toKey, exists);
  if (outcome.stale.length) {
    const n = outcome.stale.reduce((s, e) => s + e.count, 0);
    if (args.baselinePrune) {
      await writeOrExplain(file, serializeBaseline(outcome.pruned), `${args.baseline}: cannot prune the baseline`);
      io.stderr.write(
        `payload-guard: pruned ${n} stale entr${n === 1 ? 'y' : 'ies'} from the baseline ${args.baseline}.\n`,
      );
    } else {
      const list = outcome.stale
        .slice(0, 10)
        .map((e) => `  ${e.file}#${e.pointer} ${e.rule}${e.count > 1 ? ` (x${e.count})` : ''}`);
      io.stderr.write(
        `payload-guard: ${n} baseline entr${n === 1 ? 'y no longer matches' : 'ies no longer match'} (fixed or gone); run with --baseline-prune to drop ${n === 1 ? 'it' : 'them'}:\n${list.join('\n')}${outcome.stale.length > 10 ? `\n  ... and ${outcome.stale.length - 10} more` : ''}\n`,
      );
    }
  }
  return outcome.results;
}

export function checkOutputs(outputs: OutputSpec[]): { format: ReporterName; file?: string }[] {
  for (const o of outputs) {
    if (!(REPORTER_NAMES as readonly string[]).includes(o.format)) {
      throw new CiUsageError(`unknown format \`${o.format}\`; formats: ${REPORTER_NAMES.join(', ')}.`);
    }
  }
  return outputs as { format: ReporterName; file?: string }[];
}

/**
 * Renders every requested report; files are written atomically, stdout gets the rest. `color` is
 * asked only for a report bound for stdout: a clean run never touches stdout, which saves creating
 * the stream (a pipe or terminal loads node:net).
 */
export async function writeReports(
  results: FileResult[],
  outputs: { format: ReporterName; file?: string }[],
  io: CliIo,
  color: () => boolean,
  about: Pick<ReportContext, 'rules' | 'tool'> = {},
): Promise<void> {
  const { cwd, env } = io;
  const needsRoot = outputs.some((o) => o.format === 'sarif');
  const srcRoot = needsRoot ? ((await (await import('../io/git.js')).gitTopLevel(cwd)) ?? cwd) : cwd;
  const clean = results.every((r) => r.diagnostics.length === 0);
  for (const o of outputs) {
    // stylish prints nothing for a clean run: do not load it (and its colour library) to say so.
    if (clean && o.format === 'stylish' && o.file === undefined) continue;
    const reporter = await loadReporter(o.format);
    const toTerminal = o.file === undefined && io.stdout.isTTY === true;
    const columns = toTerminal ? io.stdout.columns : undefined;
    const text = reporter(results, {
      ...about,
      color: o.file === undefined && color(),
      cwd,
      env,
      srcRoot,
      ...(columns ? { columns } : {}),
    });
    if (o.file !== undefined) {
      await writeOrExplain(path.resolve(cwd, o.file), text, `${o.file}: cannot write the ${o.format} report`);
    } else if (text) io.stdout.write(text);
    if (o.format === 'github' && env.GITHUB_STEP_SUMMARY) {
      const { stepSummary } = await import('../reporters/github.js');
      const summary = env.GITHUB_STEP_SUMMARY;
      await fs.appendFile(path.resolve(cwd, summary), stepSummary(results, cwd, env) + '\n').catch((err: unknown) => {
        throw new CiUsageError(
          `GITHUB_STEP_SUMMARY ${summary}: cannot append the job summary (${describeFsError(err)}).`,
        );
      });
    }
  }
}

/** A file the user named (report, baseline), written atomically; a failure is their setup, said in a sentence. */
async function writeOrExplain(abs: string, text: string, what: string): Promise<void> {
  try {
    await makeDirs(path.dirname(abs));
    await writeFileAtomic(abs, text);
  } catch (err) {
    throw new CiUsageError(`${what} (${describeFsError(err)}).`);
  }
}
