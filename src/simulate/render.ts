// The simulate report as a table for people and as JSON for scripts. No colour here: plain text.
import { formatBytes, formatInt } from '../text.js';
import type { SimulationRun } from './run.js';

export function renderJson(run: SimulationRun): string {
  const { states, peak, exceeded, failed } = run.report;
  return JSON.stringify({ states, peak, exceeded, ...(failed ? { failed } : {}) }, null, 2) + '\n';
}

export function renderTable(run: SimulationRun, limitBytes: number, header: string): string {
  const { states, peak, exceeded } = run.report;
  const over = new Set(exceeded.map((e) => `${e.state}\u0000${e.where}`));
  const cell = (state: string, where: string, bytes: number, present = true) =>
    !present ? '-' : `${formatInt(bytes)}${over.has(`${state}\u0000${where}`) ? ' !' : ''}`;
  const rows = states.map((s) => [
    s.name,
    cell(s.name, 'input', s.inputBytes),
    cell(s.name, 'result', s.resultBytes, s.resultBytes > 0),
    cell(s.name, 'output', s.outputBytes, run.report.failed?.state !== s.name),
  ]);
  const head = ['State', 'Input bytes', 'Result bytes', 'Output bytes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [header, '', line(head), ...rows.map(line), ''];
  out.push(
    `Limit: ${formatInt(limitBytes)} bytes (${formatBytes(limitBytes)}) per state input, task result and output; ! marks a value over it.`,
  );
  out.push(`Peak: ${formatInt(peak.bytes)} bytes (${formatBytes(peak.bytes)}) in \`${peak.state}\`.`);
  for (const e of exceeded) {
    out.push(
      `Over the limit: \`${e.state}\` ${e.where} is ${formatInt(e.bytes)} bytes (${formatBytes(e.bytes)}); the execution fails there with States.DataLimitExceeded.`,
    );
  }
  if (run.report.failed) {
    const f = run.report.failed;
    out.push(`Failed: state \`${f.state}\` failed with ${f.error}: ${f.cause}; the execution ends there.`);
  } else if (!exceeded.length) out.push('No state passes the limit with this input.');
  for (const n of run.notes) if (!run.report.failed || !n.startsWith('the execution fails at')) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}
