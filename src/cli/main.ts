// The command line as a function: `main(argv, io)` runs one command and returns its exit code,
// the only place exit codes are decided (0 clean, 1 lint errors or too many warnings, 2 usage,
// config or internal failure). It has no effect at import and reads nothing from `process`: the
// bin (bin.ts) passes the process's streams, tests pass their own.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ConfigError, UsageError } from '../errors.js';
import { describeFsError } from '../io/files.js';
import { builtinLinter } from '../linter.js';
import type { SimulateArgs } from '../simulate/command.js';
import { defineCli, parseCommonLint } from './args.js';
import { checkArgv, commandOf, helpHint } from './check.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-code.js';
import { runInitCommand } from './init.js';
import { runInline, type InlineArgs } from './inline.js';
import { forTerminal, note, type CliIo } from './io.js';
import { runLintCommand, type LintArgs } from './lint.js';
import { runRulesCommand } from './rules.js';
import { runSimulateCommand } from './simulate.js';
import { runSizeCommand, type SizeArgs } from './size.js';

export type { CliIo, CliOutput } from './io.js';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run([...argv], io);
  } catch (err) {
    report(err, argv, io);
    return EXIT_FAILURE;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const checked = checkArgv(argv, (p) => fs.existsSync(path.resolve(io.cwd, p)));
  if (checked && 'message' in checked) throw new UsageError(checked.message);
  if (checked) argv = checked.rewritten;
  // The composition root, built once for this run.
  const linter = builtinLinter();
  // Paths and ordinary flags, the way hooks and CI call it: no need to load yargs.
  const common = parseCommonLint(argv);
  if (common) return runLintCommand(common as unknown as LintArgs, argv, io, linter);
  const { default: yargs } = await import('yargs');
  let exitCode = EXIT_OK;
  const parser = defineCli(yargs(argv, io.cwd), {
    version: version(),
    width: Math.min(110, io.stdout.columns || 100),
    fail: (message) => new UsageError(message),
    lint: async (a) => {
      exitCode = await runLintCommand(a as unknown as LintArgs, argv, io, linter);
    },
    size: async (a) => {
      exitCode = await runSizeCommand(a as unknown as SizeArgs, io, linter);
    },
    inline: async (a) => {
      exitCode = await runInline(a as unknown as InlineArgs, io, linter);
    },
    simulate: async (a) => {
      exitCode = await runSimulateCommand(a as unknown as SimulateArgs, io);
    },
    init: async (a) => {
      exitCode = await runInitCommand(io, { gitignore: a.gitignore === true });
    },
    rules: () => {
      exitCode = runRulesCommand(io, linter);
      return Promise.resolve();
    },
  });
  // With a callback, yargs hands over --help and --version text instead of printing it itself.
  let printed = '';
  await parser.parseAsync(argv, {}, (_err: unknown, _args: unknown, output: string) => {
    printed = output;
  });
  if (printed) io.stdout.write(printed + '\n');
  return exitCode;
}

function version(): string {
  // Two levels below the package root both as compiled (dist/src/cli is three: see the fallback)
  // and as bundled (dist/bin).
  const require = createRequire(import.meta.url);
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version: string };
      if (pkg.name === 'payload-guard') return pkg.version;
    } catch {
      // not at this depth
    }
  }
  return '0.0.0';
}

/** What went wrong, on stderr: a sentence for the user's mistakes and the environment's refusals, a stack for a bug. */
function report(err: unknown, argv: readonly string[], io: CliIo): void {
  const sys = err as NodeJS.ErrnoException;
  if (err instanceof UsageError || err instanceof ConfigError) {
    io.stderr.write(forTerminal(io, `payload-guard: ${err.message}`) + `\n${helpHint(commandOf(argv))}\n`);
  } else if (
    sys instanceof Error &&
    typeof sys.code === 'string' &&
    typeof sys.syscall === 'string' &&
    typeof sys.path === 'string'
  ) {
    // A file system refusal (full disk, read-only mount, a path through a file) is the
    // environment, not a bug: a sentence naming the path, without a stack.
    note(io, `cannot ${sys.syscall} ${sys.path}: ${describeFsError(sys)}.`);
  } else {
    io.stderr.write(
      `payload-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` +
        'This is a bug in payload-guard, not a mistake in your input or command: please report it with the command you ran and the lines above.\n',
    );
  }
}
