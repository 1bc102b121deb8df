// `payload-guard simulate`: a sample input through a state machine's data flow (src/simulate/).
import { UsageError } from '../errors.js';
import type { SimulateArgs } from '../simulate/command.js';
import type { CliIo } from './io.js';

export async function runSimulateCommand(args: SimulateArgs, io: CliIo): Promise<number> {
  const { runSimulate, LoadError } = await import('../simulate/command.js');
  try {
    return await runSimulate(args, (t) => io.stdout.write(t), io.cwd);
  } catch (err) {
    // A definition or input the simulation cannot take is the user's to fix: a usage error.
    throw err instanceof LoadError ? new UsageError(err.message) : err;
  }
}
