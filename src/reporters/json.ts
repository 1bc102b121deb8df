// ESLint-compatible JSON: tools that read `eslint -f json` read this, plus our size fields.
import type { Diagnostic, FileResult } from '../types.js';
import { countSeverities } from './severity.js';
import type { Reporter } from './types.js';

export function toEslintMessage(d: Diagnostic) {
  return {
    ruleId: d.ruleId,
    // ESLint's numbers for errors (2) and warnings (1); a note, which ESLint does not have, by name.
    severity: d.severity === 'error' ? 2 : d.severity === 'note' ? ('note' as const) : 1,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    messageId: d.messageId,
    path: d.path,
    pointer: d.pointer,
    ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
    ...(d.limitBytes !== undefined ? { limitBytes: d.limitBytes } : {}),
    ...(d.ruleId === 'parse-error' ? { fatal: true } : {}),
    // Edits only: the bytes a fix moves to S3 never go into a report.
    ...(d.fix ? { fix: { kind: d.fix.kind, description: d.fix.description, edits: d.fix.edits } } : {}),
    ...(d.suggestions
      ? { suggestions: d.suggestions.map((s) => ({ kind: s.kind, desc: s.description, edits: s.edits })) }
      : {}),
  };
}

export function toEslintResults(results: readonly FileResult[]) {
  return results.map((r) => {
    const c = countSeverities([r]);
    return {
      filePath: r.filePath,
      messages: r.diagnostics.map(toEslintMessage),
      // As ESLint: kind `directive` for a comment, plus ours, `external`, for a config ignore.
      suppressedMessages: (r.suppressed ?? []).map((d) => ({
        ...toEslintMessage(d),
        suppressions: [
          {
            kind: d.suppression.kind === 'inSource' ? 'directive' : 'external',
            justification: d.suppression.justification ?? '',
          },
        ],
      })),
      errorCount: c.errors,
      fatalErrorCount: r.diagnostics.filter((d) => d.ruleId === 'parse-error').length,
      warningCount: c.warnings,
      fixableErrorCount: c.fixableErrors,
      fixableWarningCount: c.fixableWarnings,
      ...(r.fileBytes !== undefined ? { bytes: r.fileBytes } : {}),
      ...(r.limitBytes !== undefined ? { limitBytes: r.limitBytes } : {}),
      usedDeprecatedRules: [],
    };
  });
}

const json: Reporter = (results) => JSON.stringify(toEslintResults(results)) + '\n';
export default json;
