// `payload-guard init`: a starter config (src/init.ts decides it) and the snippets, on stdout.
import { EXIT_FAILURE, EXIT_OK } from './exit-code.js';
import type { CliIo } from './io.js';

export async function runInitCommand(io: CliIo, options: { gitignore?: boolean } = {}): Promise<number> {
  const { init } = await import('../init.js');
  const outcome = await init(io.cwd, options);
  io.stdout.write(outcome.report);
  // With --gitignore, lines added or already there are a success even when the config exists.
  return outcome.written || outcome.gitignore ? EXIT_OK : EXIT_FAILURE;
}
