// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// The markdown summary for GITHUB_STEP_SUMMARY is built here too; the CLI appends it to the file.
import { formatBytes } from '../text.js';
import type { FileResult } from '../types.js';
import { countSeverities, plural, severityLabel } from './severity.js';
import type { Reporter } from './types.js';
import { relativeTo } from './paths.js';

/** Escaping of the message part (`::error ...::<data>`), as in @actions/core's escapeData. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (`file=...,title=...`), as in @actions/core's escapeProperty. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function root(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  return env.GITHUB_WORKSPACE || cwd;
}

const github: Reporter = (results, ctx) => {
  const env = ctx.env ?? {};
  const base = root(env, ctx.cwd);
  let out = '';
  for (const r of results) {
    const file = relativeTo(base, ctx.cwd, r.filePath);
    for (const d of r.diagnostics) {
      const command = d.severity === 'error' ? 'error' : d.severity === 'note' ? 'notice' : 'warning';
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${d.line}`,
        `endLine=${d.endLine}`,
        `col=${d.column}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.ruleId)}`,
      ].join(',');
      out += `::${command} ${props}::${escapeData(d.message)}\n`;
    }
  }
  return out;
};
export default github;

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A markdown table of the findings for the job summary page. */
export function stepSummary(
  results: readonly FileResult[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const { errors, warnings, notes } = countSeverities(results);
  const base = root(env, cwd);
  let out = '## payload-guard\n\n';
  const files = plural(results.length, 'file');
  const noted = notes ? ` ${plural(notes, 'note')} (notes never fail the run).` : '';
  if (errors + warnings + notes === 0) return out + `No problems in ${files}.\n`;
  out +=
    errors + warnings === 0
      ? `No problems in ${files}.${noted}\n\n`
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${files}.${noted}\n\n`;
  out += '| File | Line | Severity | Rule | Size | Message |\n| --- | --- | --- | --- | --- | --- |\n';
  for (const r of results)
    for (const d of r.diagnostics) {
      const size =
        d.bytes !== undefined
          ? formatBytes(d.bytes) + (d.limitBytes !== undefined ? ` / ${formatBytes(d.limitBytes)}` : '')
          : '';
      out += `| \`${cell(relativeTo(base, cwd, r.filePath))}\` | ${d.line} | ${severityLabel(d.severity)} | \`${d.ruleId}\` | ${size} | ${cell(d.message)} |\n`;
    }
  return out;
}
