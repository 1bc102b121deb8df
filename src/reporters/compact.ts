// One line per finding, for editors' problem matchers and grep: `file:line:col: severity message [rule]`,
// then, on a terminal, a blank line and the count, as ESLint's compact formatter prints. A file or a
// pipe (problem matchers, grep, wc -l) gets the finding lines only.
import { countSeverities, type Reporter } from './index.js';

const compact: Reporter = (results, ctx) => {
  let out = '';
  for (const r of results)
    for (const d of r.diagnostics) {
      out += `${r.filePath}:${d.line}:${d.column}: ${d.severity === 'error' ? 'error' : 'warning'} ${d.message.replace(/\r?\n/g, ' ')} [${d.ruleId}]\n`;
    }
  const { errors, warnings } = countSeverities(results);
  const total = errors + warnings;
  if (total && ctx.columns !== undefined) out += `\n${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})\n`;
  return out;
};
export default compact;
