// `payload-guard init`: a starter config (src/init.ts decides it) and the snippets, on stdout.
import { EXIT_FAILURE, EXIT_OK } from './exit-code.js';
import type { CliIo } from './io.js';

export async function runInitCommand(io: CliIo): Promise<number> {
  const { init } = await import('../init.js');
  const outcome = await init(io.cwd);
  io.stdout.write(outcome.report);
  return outcome.written ? EXIT_OK : EXIT_FAILURE;
}
