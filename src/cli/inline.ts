// `payload-guard inline`: put back what --fix moved (fix-command.ts does the work).
import type { Linter } from '../linter.js';
import type { CliIo } from './io.js';

export interface InlineArgs {
  paths: string[];
  stageDir?: string;
  download?: boolean;
  endpointUrl?: string;
}

export async function runInline(args: InlineArgs, io: CliIo, linter: Linter): Promise<number> {
  const { runInlineCommand } = await import('./fix-command.js');
  return runInlineCommand(args, io.cwd, io, linter);
}
