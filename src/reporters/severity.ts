// Severities as reporters name and count them: findings counted by severity, for the reporters' summaries and the CLI's exit code. Notes are
// counted apart: they are listed in the report but never fail a run nor count as warnings.
import type { FileResult, Severity } from '../types.js';

/** The word a report shows: `warn` is written out as `warning`, as ESLint does. */
export function severityLabel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'note' ? 'note' : 'warning';
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  notes: number;
  fixableErrors: number;
  fixableWarnings: number;
}

export function countSeverities(results: readonly FileResult[]): SeverityCounts {
  const counts = { errors: 0, warnings: 0, notes: 0, fixableErrors: 0, fixableWarnings: 0 };
  for (const r of results)
    for (const d of r.diagnostics) {
      const fixable = d.fix?.kind === 'safe';
      if (d.severity === 'error') {
        counts.errors++;
        if (fixable) counts.fixableErrors++;
      } else if (d.severity === 'note') counts.notes++;
      else {
        counts.warnings++;
        if (fixable) counts.fixableWarnings++;
      }
    }
  return counts;
}

/** `3 notes`, `1 error`: a count and its noun. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
