// Command-line mistakes are named before anything runs: one sentence each, with the nearest known
// word and the command whose help fits.
import { describe, expect, it } from 'vitest';
import { checkArgv, commandOf, helpHint } from '../src/cli/check.js';

const none = () => false;
const message = (argv: string[], exists: (p: string) => boolean = none) => {
  const r = checkArgv(argv, exists);
  return r && 'message' in r ? r.message : undefined;
};

describe('checkArgv', () => {
  it('accepts ordinary command lines', () => {
    for (const argv of [
      [],
      ['a.json', '--quiet', '-f', 'json', '-o', 'r.json'],
      ['--max-warnings', '-1', 'x'],
      ['--max-warnings=0'],
      ['--no-ignore', '--fixDryRun', 'x'],
      ['--output', 'sarif=r.sarif', '-fjson'],
      ['size', 'a.json', '--depth', '2', '--top', '3'],
      ['simulate', 'd.json', '--input', 'i.json', '--result', 'A=a.json', 'B=b.json', '-f', 'json'],
      ['rules'],
      ['--', '--weird-file.json'],
      ['x', '--help'],
    ])
      expect(message(argv), argv.join(' ')).toBeUndefined();
  });

  it('takes 130,000 paths after `--` (past what a spread into push() takes)', () => {
    const paths = Array.from({ length: 130_000 }, (_, i) => `f${i}.json`);
    expect(message(['--', ...paths])).toBeUndefined();
  });

  it('names an unknown flag once, with the flag meant', () => {
    expect(message(['--fix-dryrun'])).toBe('unknown option `--fix-dryrun`; did you mean `--fix-dry-run`?');
    expect(message(['--qiuet', 'x'])).toBe('unknown option `--qiuet`; did you mean `--quiet`?');
    expect(message(['--no-qiuet'])).toBe('unknown option `--no-qiuet`; did you mean `--no-quiet`?');
    expect(message(['--frobnicate'])).toBe('unknown option `--frobnicate`.');
    expect(message(['a.json', '--depth', '2'])).toBe(
      'unknown option `--depth`; it is an option of `payload-guard size`.',
    );
    expect(message(['-x'])).toMatch(/^unknown option `-x`; short options: -f \(--format\)/);
  });

  it('names an unknown format with the one meant', () => {
    expect(message(['-f', 'jsn'])).toBe(
      'unknown format `jsn` for `-f`; did you mean `json`? Formats: stylish, json, compact, github, junit, sarif.',
    );
    expect(message(['--format=xml'])).toBe(
      'unknown format `xml` for `--format`. Formats: stylish, json, compact, github, junit, sarif.',
    );
    expect(message(['simulate', 'd.json', '--input', 'i.json', '-f', 'tabel'])).toMatch(
      /did you mean `table`\? Formats: table, json\.$/,
    );
  });

  it('checks values', () => {
    expect(message(['--max-warnings', 'abc'])).toBe('`--max-warnings` needs a whole number; got `abc`.');
    expect(message(['--max-warnings', '-2'])).toBe('`--max-warnings` must be -1 or more; got -2.');
    expect(message(['--concurrency', '0'])).toBe('`--concurrency` must be 1 or more; got 0.');
    expect(message(['--fix', '--bucket'])).toBe('`--bucket` needs a value, e.g. `--bucket my-payload-bucket`.');
    expect(message(['--bucket', '--fix'])).toBe('`--bucket` needs a value, e.g. `--bucket my-payload-bucket`.');
    expect(message(['--print-config'])).toBe('`--print-config` needs a file, e.g. `--print-config events/order.json`.');
    expect(message(['--output', 'sarif'])).toMatch(
      /^`--output` needs FORMAT=FILE, e\.g\. `--output sarif=report\.sarif`; got `sarif` \(for a sarif report on the terminal, use `-f sarif`\)\.$/,
    );
    expect(message(['--output', 'sarif='])).toMatch(/^`--output` needs FORMAT=FILE.*got `sarif=`\.$/);
    expect(message(['--output', 'srif=x'])).toMatch(
      /^unknown format `srif` in `--output srif=x`; did you mean `sarif`\?/,
    );
    expect(message(['--quiet=yes'])).toBe('`--quiet` is a switch and takes no value; got `yes`.');
    expect(message(['size', 'a.json', '--top', '-1'])).toBe('`--top` must be 1 or more; got -1.');
  });

  it('names a mistyped command unless it is a path', () => {
    expect(message(['simulat', 'x', '--input', 'y'])).toBe(
      'unknown command `simulat`; did you mean `payload-guard simulate`? (As a path, `simulat` does not exist.)',
    );
    expect(message(['simulat'], (p) => p === 'simulat')).toBeUndefined();
    expect(message(['sizes'])).toMatch(/did you mean `payload-guard size`/);
  });

  it('checks positionals and required options of commands', () => {
    expect(message(['size'])).toBe('`payload-guard size` needs a FILE.');
    expect(message(['size', 'a', 'b'])).toBe('`payload-guard size` takes one FILE; also got `b`.');
    expect(message(['rules', 'x'])).toBe('`payload-guard rules` takes no arguments; got `x`.');
    expect(message(['simulate', 'd.json'])).toBe(
      '`payload-guard simulate` needs `--input FILE`: the execution input (JSON file).',
    );
  });

  it('reads `help` as --help unless a path is named so', () => {
    expect(checkArgv(['help'], none)).toEqual({ rewritten: ['--help'] });
    expect(checkArgv(['help', 'size'], none)).toEqual({ rewritten: ['size', '--help'] });
    expect(checkArgv(['help'], (p) => p === 'help')).toBeUndefined();
  });
});

describe('helpHint', () => {
  it('points at the help of the command the mistake was in', () => {
    expect(helpHint(commandOf(['size', '--top', '-1']))).toBe('Run `payload-guard size --help` for usage.');
    expect(helpHint(commandOf(['-c', 'size', 'x']))).toBe('Run `payload-guard --help` for usage.');
    expect(helpHint(commandOf(['--qiuet']))).toBe('Run `payload-guard --help` for usage.');
  });
});
