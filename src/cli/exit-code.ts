// Exit codes, decided only by the command line (main.ts and the command modules it calls):
// 0 clean, 1 lint errors or too many warnings, 2 usage, config or internal failure.
import type { FileResult } from '../types.js';

export const EXIT_OK = 0;
export const EXIT_LINT = 1;
export const EXIT_FAILURE = 2;

/** Errors and warnings in a run's results (what the exit code and --max-warnings judge). */
export function countFindings(results: readonly FileResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of results)
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warn') warnings++;
    }
  return { errors, warnings };
}

/** The lint command's code for its counted findings, with the note --max-warnings owes on stderr. */
export function lintExitCode(
  counts: { errors: number; warnings: number },
  maxWarnings: number,
  quiet: boolean,
  stderr: { write(text: string): unknown },
): number {
  const { errors, warnings } = counts;
  if (errors > 0) return EXIT_LINT;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    stderr.write(
      `payload-guard found too many warnings (maximum: ${maxWarnings}).${quiet ? ` ${warnings} warning${warnings === 1 ? ' was' : 's were'} counted though --quiet hides ${warnings === 1 ? 'it' : 'them'}.` : ''}\n`,
    );
    return EXIT_LINT;
  }
  return EXIT_OK;
}
