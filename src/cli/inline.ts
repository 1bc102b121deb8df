// `payload-guard inline`: put back what --fix moved (src/fix/command.ts does the work).
import type { CliIo } from './io.js';

export interface InlineArgs {
  paths: string[];
  stageDir?: string;
  download?: boolean;
  endpointUrl?: string;
}

export async function runInline(args: InlineArgs, io: CliIo): Promise<number> {
  const { runInlineCommand } = await import('../fix/command.js');
  return runInlineCommand(args, io.cwd, io);
}
