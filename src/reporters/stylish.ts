// The default terminal output, after ESLint's stylish, with a size bar for files over budget.
import { Chalk } from 'chalk';
import { formatBytes, formatPercent } from '../text.js';
import { countSeverities, type Reporter } from './index.js';

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
    const sized = r.limitBytes !== undefined && r.fileBytes !== undefined && r.diagnostics.some((d) => d.ruleId === 'payload-size');
    if (sized) {
      const over = r.fileBytes! > r.limitBytes!;
      const paint = over ? c.red : c.yellow;
      out += `  ${formatBytes(r.fileBytes!)} / ${formatBytes(r.limitBytes!)}  ${paint(sizeBar(r.fileBytes!, r.limitBytes!))} ${paint(formatPercent(r.fileBytes! / r.limitBytes!))}\n`;
    }
    const rows = r.diagnostics.map((d) => [
      `${d.line}:${d.column}`,
      d.severity === 'error' ? c.red('error') : c.yellow('warning'),
      d.message,
      c.dim(d.ruleId),
    ]);
    const posWidth = Math.max(...rows.map((row) => row[0].length));
    const sevWidth = r.diagnostics.some((d) => d.severity === 'warn') ? 7 : 5;
    for (const [pos, sev, msg, rule] of rows) {
      const sevPad = ' '.repeat(sevWidth - (sev.includes('warning') ? 7 : 5));
      out += `  ${c.dim(pos.padEnd(posWidth))}  ${sev}${sevPad}  ${msg}  ${rule}\n`;
    }
  }
  const { errors, warnings, fixableErrors, fixableWarnings } = countSeverities(results);
  const total = errors + warnings;
  if (total === 0) return '';
  const paint = errors ? c.red.bold : c.yellow.bold;
  out += '\n' + paint(`✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`) + '\n';
  if (fixableErrors + fixableWarnings) {
    out += paint(`  ${fixableErrors} error${fixableErrors === 1 ? '' : 's'} and ${fixableWarnings} warning${fixableWarnings === 1 ? '' : 's'} potentially fixable with the \`--fix\` option.`) + '\n';
  }
  return out;
};
export default stylish;
