// One line per finding, for editors' problem matchers and grep: `file:line:col: severity message [rule]`.
import type { Reporter } from './index.js';

const compact: Reporter = (results) => {
  let out = '';
  for (const r of results)
    for (const d of r.diagnostics) {
      out += `${r.filePath}:${d.line}:${d.column}: ${d.severity === 'error' ? 'error' : 'warning'} ${d.message.replace(/\r?\n/g, ' ')} [${d.ruleId}]\n`;
    }
  return out;
};
export default compact;
