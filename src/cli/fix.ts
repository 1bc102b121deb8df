// `--fix`, `--fix-unsafe`, `--fix-dry-run` on the lint command: the destination is settled before any
// file is read, the fixes run after linting (fix-command.ts does the work).
import type { ResolvedConfig } from '../config.js';
import type { FixSettings } from '../fix/keys.js';
import type { Linter } from '../linter.js';
import type { FixFlags } from './fix-command.js';
import { getConfig } from '../lint.js';
import { parseOutputs } from '../outputs.js';
import type { FileResult } from '../types.js';
import type { CliIo } from './io.js';

export interface PlannedFix {
  /** what rules build their fixes from */
  settings: FixSettings;
  /** applies the fixes to a run's results, with the notes on stderr; failed: a file was not fixed */
  apply(results: FileResult[], config: ResolvedConfig): Promise<{ results: FileResult[]; failed: boolean }>;
}

export async function planFixes(
  flags: FixFlags & { config?: string },
  argv: readonly string[],
  io: CliIo,
  linter: Linter,
): Promise<PlannedFix> {
  const fixCommand = await import('./fix-command.js');
  const plan = await fixCommand.planFix(
    flags,
    await getConfig({ linter, cwd: io.cwd, configFile: flags.config }),
    io.cwd,
  );
  // A machine-readable report on stdout keeps it: the dry-run diff then goes to stderr.
  plan.diffToStderr = parseOutputs(argv).some((o) => o.file === undefined && o.format !== 'stylish');
  return {
    settings: fixCommand.fixSettingsOf(plan),
    apply: (results, config) => fixCommand.runFixes(results, config, plan, io.cwd, io, linter),
  };
}
