// The default terminal output, after ESLint's stylish, with a size bar for files over budget.
import { Chalk } from 'chalk';
import { formatBytes, formatPercent, maxOf } from '../text.js';
import { wrapWords } from '../wrap.js';
import { countSeverities, plural, severityLabel } from './severity.js';
import type { Reporter } from './types.js';

const BAR_WIDTH = 20;

export function sizeBar(bytes: number, limit: number): string {
  const ratio = bytes / limit;
  const filled = Math.min(BAR_WIDTH, Math.round(Math.min(ratio, 1) * BAR_WIDTH));
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

const stylish: Reporter = (results, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  let out = '';
  for (const r of results) {
    if (!r.diagnostics.length) continue;
    out += '\n' + c.underline(r.filePath) + '\n';
    const sized =
      r.limitBytes !== undefined && r.fileBytes !== undefined && r.diagnostics.some((d) => d.ruleId === 'payload-size');
    if (sized) {
      const over = r.fileBytes! > r.limitBytes!;
      const paint = over ? c.red : c.yellow;
      out += `  ${formatBytes(r.fileBytes!)} / ${formatBytes(r.limitBytes!)}  ${paint(sizeBar(r.fileBytes!, r.limitBytes!))} ${paint(formatPercent(r.fileBytes! / r.limitBytes!))}\n`;
    }
    const paintSeverity = { error: c.red, warning: c.yellow, note: c.blue };
    const rows = r.diagnostics.map((d) => [
      `${d.line}:${d.column}`,
      severityLabel(d.severity),
      d.message,
      c.dim(d.ruleId),
    ]);
    const posWidth = maxOf(rows.map((row) => row[0].length));
    const sevWidth = maxOf(rows.map((row) => row[1].length));
    const messageColumn = 2 + posWidth + 2 + sevWidth + 2;
    rows.forEach(([pos, label, msg, rule], i) => {
      const sev = paintSeverity[label as keyof typeof paintSeverity](label) + ' '.repeat(sevWidth - label.length);
      const head = `  ${c.dim(pos.padEnd(posWidth))}  ${sev}  `;
      const ruleId = r.diagnostics[i].ruleId;
      // A terminal narrower than the line: the message wraps at word boundaries under itself and
      // the rule id stays whole, at the end of the last line or on a line of its own.
      if (ctx.columns === undefined || messageColumn + msg.length + 2 + ruleId.length <= ctx.columns) {
        out += `${head}${msg}  ${rule}\n`;
        return;
      }
      const lines = wrapWords(msg, Math.max(20, ctx.columns - messageColumn - 1));
      const last = lines[lines.length - 1];
      const indent = ' '.repeat(messageColumn);
      if (messageColumn + last.length + 2 + ruleId.length <= ctx.columns) lines[lines.length - 1] = `${last}  ${rule}`;
      else lines.push(rule);
      out += head + lines.join(`\n${indent}`) + '\n';
    });
  }
  const { errors, warnings, notes, fixableErrors, fixableWarnings } = countSeverities(results);
  const total = errors + warnings;
  if (total === 0 && notes === 0) return '';
  const paint = errors ? c.red.bold : c.yellow.bold;
  if (total)
    out +=
      '\n' + paint(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`) + '\n';
  if (fixableErrors + fixableWarnings) {
    const fixable = `${fixableErrors} error${fixableErrors === 1 ? '' : 's'} and ${fixableWarnings} warning${fixableWarnings === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.`;
    const lines = ctx.columns === undefined ? [fixable] : wrapWords(fixable, Math.max(20, ctx.columns - 3));
    out += lines.map((l) => paint(`  ${l}`)).join('\n') + '\n';
  }
  // Notes are not problems: on a line of their own, saying that they do not fail the run.
  if (notes) out += (total ? '' : '\n') + c.blue.bold(`ℹ ${plural(notes, 'note')} (notes never fail the run)`) + '\n';
  return out;
};
export default stylish;
