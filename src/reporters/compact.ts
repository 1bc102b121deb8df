// One line per finding, for editors' problem matchers and grep: `file:line:col: severity message [rule]`,
// then, on a terminal, a blank line and the count, as ESLint's compact formatter prints. A file or a
// pipe (problem matchers, grep, wc -l) gets the finding lines only.
import { countSeverities, plural, severityLabel } from './severity.js';
import type { Reporter } from './types.js';

const compact: Reporter = (results, ctx) => {
  let out = '';
  for (const r of results)
    for (const d of r.diagnostics) {
      out += `${r.filePath}:${d.line}:${d.column}: ${severityLabel(d.severity)} ${d.message.replace(/\r?\n/g, ' ')} [${d.ruleId}]\n`;
    }
  if (ctx.columns === undefined) return out;
  const { errors, warnings, notes } = countSeverities(results);
  const total = errors + warnings;
  // Notes are not problems: counted on a line of their own.
  if (total) out += `\n${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})\n`;
  if (notes) out += `${total ? '' : '\n'}${plural(notes, 'note')}\n`;
  return out;
};
export default compact;
