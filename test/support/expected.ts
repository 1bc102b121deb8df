// The readable form of expected diagnostics kept beside each invalid fixture: position, severity,
// rule and message id, the source line (cut short: never a whole blob), an underline, the message.
import { LineIndex } from '../../src/text.js';
import type { Diagnostic } from '../../src/types.js';

const SHOWN = 72;

export function renderExpected(text: string, diagnostics: readonly Diagnostic[]): string {
  const lines = new LineIndex(text.replace(/^\uFEFF/, ''));
  return (
    diagnostics
      .map((d) => {
        const source = lines.lineText(d.line);
        const shown = source.length > SHOWN ? source.slice(0, SHOWN) + '…' : source;
        const endCol = d.endLine === d.line ? d.endColumn : source.length + 1;
        const width = Math.max(1, Math.min(endCol, SHOWN + 1) - d.column);
        const underline =
          d.column > SHOWN ? '' : ' '.repeat(d.column - 1) + '^'.repeat(width) + (endCol > SHOWN + 1 ? '…' : '');
        const gutter = String(d.line);
        return [
          `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.ruleId}/${d.messageId} ${d.pointer || '(root)'}`,
          `${gutter} | ${shown}`,
          `${' '.repeat(gutter.length)} | ${underline}`,
          d.message,
        ].join('\n');
      })
      .join('\n\n') + '\n'
  );
}
