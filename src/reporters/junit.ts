// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): one test suite per
// file, one failing test case per finding, one passing case for a clean file.
import type { Reporter } from './index.js';

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const junit: Reporter = (results) => {
  let total = 0;
  let failures = 0;
  let suites = '';
  for (const r of results) {
    const file = xmlEscape(r.filePath);
    const cases = r.diagnostics.length
      ? r.diagnostics.map((d) => {
          // Warnings are failures too: a report where they pass would hide them.
          const kind = 'failure';
          const name = xmlEscape(`${d.ruleId} at ${d.line}:${d.column} (${d.path})`);
          const body = xmlEscape(`${d.severity === 'error' ? 'error' : 'warning'} ${d.message} [${d.ruleId}]\n${r.filePath}:${d.line}:${d.column}`);
          return `    <testcase classname="${file}" name="${name}" file="${file}" line="${d.line}">\n      <${kind} type="${xmlEscape(d.severity === 'error' ? 'error' : 'warning')}" message="${xmlEscape(d.message)}">${body}</${kind}>\n    </testcase>\n`;
        })
      : [`    <testcase classname="${file}" name="payload-guard" file="${file}"/>\n`];
    total += cases.length;
    failures += r.diagnostics.length;
    suites += `  <testsuite name="${file}" tests="${cases.length}" failures="${r.diagnostics.length}" errors="0" skipped="0">\n${cases.join('')}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="payload-guard" tests="${total}" failures="${failures}" errors="0">\n${suites}</testsuites>\n`;
};
export default junit;
