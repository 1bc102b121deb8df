// `payload-guard rules`: one line per rule (id, default severity, description, fix kind).
import type { Linter } from '../linter.js';
import { EXIT_OK } from './exit-code.js';
import type { CliIo } from './io.js';

export function runRulesCommand(io: CliIo, { rules }: Linter): number {
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) {
    const fix = r.fixable ? ` (fix: ${r.fixable})` : '';
    io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}${fix}\n`);
  }
  return EXIT_OK;
}
