// parseCommonLint reads common command lines without yargs; whatever it accepts, yargs (as
// defineCli sets it up) must read identically, and whatever yargs rejects it must leave to yargs.
import fc from 'fast-check';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { defineCli, LINT_OPTIONS, parseCommonLint } from '../src/cli/args.js';

type Outcome = { command: string; args: Record<string, unknown> } | { error: string };

async function viaYargs(argv: string[]): Promise<Outcome> {
  let outcome: Outcome = { error: 'no command ran' };
  const record = (command: string) => (args: Record<string, unknown>) => {
    const { _: _positionals, $0: _script, ...rest } = args;
    outcome = { command, args: rest };
    return Promise.resolve();
  };
  try {
    await defineCli(yargs(argv), {
      version: '0.0.0',
      width: 80,
      fail: (message) => new Error(message),
      lint: record('lint'),
      size: record('size'),
      inline: record('inline'),
      simulate: record('simulate'),
      init: record('init'),
      rules: record('rules'),
    }).parseAsync();
  } catch (err) {
    return { error: (err as Error).message };
  }
  return outcome;
}

async function agree(argv: string[]): Promise<'fast' | 'yargs'> {
  const fast = parseCommonLint(argv);
  const slow = await viaYargs(argv);
  if (fast === undefined) return 'yargs';
  expect(slow, argv.join(' ')).toEqual({ command: 'lint', args: fast });
  return 'fast';
}

describe('parseCommonLint', () => {
  it('reads the common shapes exactly as yargs does', async () => {
    const common = [
      [],
      ['events/a.json'],
      ['a.json', 'b.yaml', 'dir'],
      ['--no-ignore', 'a.json'],
      ['--quiet', '--format', 'json', '-o', 'out.json', '.'],
      ['-f', 'sarif', '--max-warnings', '0', 'x'],
      ['-c', 'cfg.json', '--no-color', 'x'],
      ['--color', '--cache', '--cache-location', '.c/cache.json'],
      ['--stdin', '--stdin-filename', 'in.json'],
      [
        '--fix',
        '--fix-unsafe',
        '--bucket',
        'b',
        '--prefix',
        'p/',
        '--stage-dir',
        's',
        '--upload',
        '--endpoint-url',
        'http://127.0.0.1:9000',
        'x',
      ],
      ['--staged', '--baseline', 'b.json', '--baseline-prune'],
      ['--concurrency', '2', '--max-warnings', '10', 'x'],
      ['x', '--quiet', 'y'],
      ['size.json'],
    ];
    for (const argv of common) expect(await agree(argv), argv.join(' ')).toBe('fast');
  });

  it('leaves every other shape to yargs', async () => {
    // yargs prints help and version itself: only check that they are left to it.
    for (const argv of [['--help'], ['-h'], ['--version'], ['-v'], ['x', '--help']])
      expect(parseCommonLint(argv)).toBeUndefined();
    const unusual = [
      ['-'],
      ['size', 'x.json'],
      ['rules'],
      ['init'],
      ['--format', 'nope', 'x'],
      ['--format=json', 'x'],
      ['--quiet=false', 'x'],
      ['--max-warnings', '-1', 'x'],
      ['--max-warnings', 'abc', 'x'],
      ['--format', 'json', '--format', 'sarif', 'x'],
      ['--', '--quiet'],
      ['-fjson', 'x'],
      ['--bogus', 'x'],
      ['--output-file'],
      ['--maxWarnings', '3'],
      ['--no-format', 'x'],
    ];
    for (const argv of unusual) expect(await agree(argv), argv.join(' ')).toBe('yargs');
  });

  it('agrees with yargs on generated command lines', async () => {
    const flags = Object.entries(LINT_OPTIONS).flatMap(([name, spec]) => [
      `--${name}`,
      ...(spec.type === 'boolean' ? [`--no-${name}`] : []),
      ...('alias' in spec ? [`-${spec.alias}`] : []),
    ]);
    const token = fc.oneof(
      fc.constantFrom(
        ...flags,
        '--config',
        '-c',
        '--color',
        '--no-color',
        '--',
        '-',
        '-x',
        '--nope',
        'size',
        'rules',
        'init',
      ),
      fc.constantFrom('a.json', 'dir', 'json', 'sarif', 'stylish', '0', '3', '-1', '2.5', 'abc', 'out.json', '=x'),
    );
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 6 }), async (argv) => {
        if ((await agree(argv)) === 'fast') fast++;
      }),
      { numRuns: 400 },
    );
    // The generator must reach the fast path often enough for the comparison to mean something.
    expect(fast).toBeGreaterThan(40);
  });
});
