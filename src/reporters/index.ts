// Reporters turn diagnostics into text. They are the only place colour appears.
import type { FileResult } from '../types.js';

export interface ReportContext {
  color: boolean;
  cwd: string;
  /** rules metadata, for reporters that describe rules */
  ruleDocs?: { id: string; description: string }[];
  /** environment (GITHUB_WORKSPACE for the github reporter), given by the CLI; default none */
  env?: Readonly<Record<string, string | undefined>>;
  /** repository root that SARIF URIs are relative to (%SRCROOT%); default cwd */
  srcRoot?: string;
  /** width of the terminal the report is printed on; undefined for a file or a pipe (no wrapping, no summary) */
  columns?: number;
}

export type Reporter = (results: readonly FileResult[], ctx: ReportContext) => string;

export const REPORTER_NAMES = ['stylish', 'json', 'compact', 'github', 'junit', 'sarif'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export async function loadReporter(name: ReporterName): Promise<Reporter> {
  switch (name) {
    case 'json':
      return (await import('./json.js')).default;
    case 'stylish':
      return (await import('./stylish.js')).default;
    case 'compact':
      return (await import('./compact.js')).default;
    case 'github':
      return (await import('./github.js')).default;
    case 'junit':
      return (await import('./junit.js')).default;
    case 'sarif':
      return (await import('./sarif.js')).default;
  }
}

export function countSeverities(results: readonly FileResult[]): { errors: number; warnings: number; fixableErrors: number; fixableWarnings: number } {
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results)
    for (const d of r.diagnostics) {
      const fixable = d.fix?.kind === 'safe';
      if (d.severity === 'error') {
        errors++;
        if (fixable) fixableErrors++;
      } else {
        warnings++;
        if (fixable) fixableWarnings++;
      }
    }
  return { errors, warnings, fixableErrors, fixableWarnings };
}
