// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): one test suite per
// file, one failing test case per error or warning, a passing case for a note (its text in
// system-out) and for a clean file.
import { severityLabel } from './severity.js';
import type { Reporter } from './types.js';

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
    let failed = 0;
    const cases = r.diagnostics.length
      ? r.diagnostics.map((d) => {
          const name = xmlEscape(`${d.ruleId} at ${d.line}:${d.column} (${d.path})`);
          const label = severityLabel(d.severity);
          const body = xmlEscape(`${label} ${d.message} [${d.ruleId}]\n${r.filePath}:${d.line}:${d.column}`);
          const head = `    <testcase classname="${file}" name="${name}" file="${file}" line="${d.line}">\n`;
          // A note never fails the run, so it does not fail its test case either.
          if (d.severity === 'note') return `${head}      <system-out>${body}</system-out>\n    </testcase>\n`;
          // Warnings are failures: a report where they pass would hide them.
          failed++;
          return `${head}      <failure type="${label}" message="${xmlEscape(d.message)}">${body}</failure>\n    </testcase>\n`;
        })
      : [`    <testcase classname="${file}" name="payload-guard" file="${file}"/>\n`];
    total += cases.length;
    failures += failed;
    suites += `  <testsuite name="${file}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join('')}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="payload-guard" tests="${total}" failures="${failures}" errors="0">\n${suites}</testsuites>\n`;
};
export default junit;
