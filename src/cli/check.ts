// Mistakes on the command line, named before anything runs: one sentence per mistake (an unknown
// flag, a flag without its value, a value that is not a number or not one of the choices, a
// mistyped command) with the nearest known word, and the help command that fits. yargs would catch
// some of these too, but in its own words ("Unknown arguments: fix-dryrun, fixDryrun"), and it lets
// others through (`--max-warnings abc` becomes NaN, `--bucket` alone an empty string). Pure: the
// caller says which paths exist.
import {
  COMMAND_NAMES,
  COMMAND_OPTIONS,
  COMMAND_POSITIONALS,
  GLOBAL_OPTIONS,
  LINT_OPTIONS,
  type OptionSpec,
} from './args.js';
import { REPORTER_NAMES } from '../reporters/index.js';
import { closest, didYouMean } from '../suggest.js';

export type CommandName = 'lint' | (typeof COMMAND_NAMES)[number];

/** Flags yargs adds to every command. */
const BUILTIN: Record<string, OptionSpec> = {
  help: { type: 'boolean', alias: 'h', describe: 'show help' },
  version: { type: 'boolean', alias: 'v', describe: 'show the version' },
};

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const GLOB_CHARS = /[*?[\]{}!]/;

function optionsOf(command: CommandName): Record<string, OptionSpec> {
  const own: Record<string, OptionSpec> = command === 'lint' ? LINT_OPTIONS : COMMAND_OPTIONS[command];
  return { ...own, ...GLOBAL_OPTIONS, ...BUILTIN };
}

/** The sentence every usage error ends with: the help of the command the mistake was made in. */
export function helpHint(command: CommandName): string {
  return `Run \`payload-guard${command === 'lint' ? '' : ` ${command}`} --help\` for usage.`;
}

/**
 * The command a command line runs: the first word that is not a flag or a flag's value, when it
 * names a command; otherwise lint. Reading flag values needs the option tables, so a value such as
 * `-c size` is not taken for the command.
 */
export function commandOf(argv: readonly string[]): CommandName {
  return scan(argv).command;
}

interface Scan {
  command: CommandName;
  /** index in argv of the command word, or -1 */
  commandAt: number;
  positionals: string[];
}

function scan(argv: readonly string[]): Scan {
  const lint = optionsOf('lint');
  const positionals: string[] = [];
  let command: CommandName = 'lint';
  let commandAt = -1;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      // A loop: a command line of over about 120,000 paths is possible, and a spread of it overflows the stack.
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j]);
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      const spec = specOf(token, command === 'lint' ? lint : optionsOf(command));
      if (spec && spec.type !== 'boolean' && !token.includes('=') && !/^-[a-z]./i.test(token)) {
        while (i + 1 < argv.length && argv[i + 1] !== '--' && takesValue(spec, argv[i + 1])) {
          i++;
          if (!spec.array) break;
        }
      }
      continue;
    }
    if (
      command === 'lint' &&
      commandAt === -1 &&
      positionals.length === 0 &&
      (COMMAND_NAMES as readonly string[]).includes(token)
    ) {
      command = token as CommandName;
      commandAt = i;
      continue;
    }
    positionals.push(token);
  }
  return { command, commandAt, positionals };
}

/** Whether `next` is the value of an option that needs one (a negative number is, a flag is not). */
function takesValue(spec: OptionSpec, next: string): boolean {
  if (!next.startsWith('-') || next === '-') return true;
  return spec.type === 'number' && /^-\d/.test(next);
}

function nameOf(token: string): { name: string; negated: boolean; inline?: string } {
  const eq = token.indexOf('=');
  const bare = eq === -1 ? token : token.slice(0, eq);
  const inline = eq === -1 ? undefined : token.slice(eq + 1);
  if (bare.startsWith('--')) {
    const name = bare.slice(2);
    return { name, negated: false, inline };
  }
  return { name: bare.slice(1), negated: false, inline };
}

function specOf(token: string, options: Record<string, OptionSpec>): OptionSpec | undefined {
  const { name } = nameOf(token);
  if (token.startsWith('--')) return resolveLong(name, options)?.spec;
  return resolveShort(name[0], options)?.spec;
}

function resolveLong(
  name: string,
  options: Record<string, OptionSpec>,
): { name: string; spec: OptionSpec } | undefined {
  for (const [n, spec] of Object.entries(options)) if (n === name || camel(n) === name) return { name: n, spec };
  if (name.startsWith('no-') || /^no[A-Z]/.test(name)) {
    const rest = name.startsWith('no-') ? name.slice(3) : name[2].toLowerCase() + name.slice(3);
    const found = resolveLong(rest, options);
    if (found?.spec.type === 'boolean') return found;
  }
  return undefined;
}

function resolveShort(
  letter: string,
  options: Record<string, OptionSpec>,
): { name: string; spec: OptionSpec } | undefined {
  for (const [n, spec] of Object.entries(options)) if (spec.alias === letter) return { name: n, spec };
  return undefined;
}

export interface ArgvProblem {
  command: CommandName;
  message: string;
}

/**
 * The first mistake on the command line, as a sentence, or undefined when yargs may read it.
 * `exists` says whether a path exists (a positional that exists is a path, whatever it looks like).
 * `help` as the first word becomes `--help` (of the command after it): that is `rewritten`.
 */
export function checkArgv(
  argv: readonly string[],
  exists: (p: string) => boolean,
): ArgvProblem | { rewritten: string[] } | undefined {
  const first = scan(argv);
  const helpAt = argv.findIndex((t) => !t.startsWith('-'));
  if (helpAt !== -1 && argv[helpAt] === 'help' && first.command === 'lint' && !exists('help')) {
    const next = argv[helpAt + 1];
    return { rewritten: next && (COMMAND_NAMES as readonly string[]).includes(next) ? [next, '--help'] : ['--help'] };
  }
  const { command, commandAt, positionals } = first;
  const options = optionsOf(command);
  const problem = (message: string): ArgvProblem => ({ command, message });
  if (command === 'lint') {
    // A first word that names no path but is close to a command is a mistyped command (checked
    // first: that command's own flags are unknown to lint).
    const word = positionals[0];
    const near =
      word !== undefined && !GLOB_CHARS.test(word) && !/[./\\]/.test(word) ? closest(word, COMMAND_NAMES) : undefined;
    if (near && !exists(word)) {
      return problem(
        `unknown command \`${word}\`; did you mean \`payload-guard ${near}\`? (As a path, \`${word}\` does not exist.)`,
      );
    }
  }

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (i === commandAt || !token.startsWith('-') || token === '-') continue;
    if (/^-\d/.test(token)) continue; // a negative number read as a value below
    const { name, inline } = nameOf(token);
    let resolved: { name: string; spec: OptionSpec } | undefined;
    let shown: string;
    if (token.startsWith('--')) {
      resolved = resolveLong(name, options);
      shown = `--${name}`;
      if (!resolved) {
        const bare = name.replace(/^no-/, '');
        const near = closest(bare, Object.keys(options)) ?? closest(name, Object.keys(options));
        const elsewhere = near ? undefined : otherCommandWith(bare, command);
        return problem(
          `unknown option \`${shown}\`${near ? `; did you mean \`--${name.startsWith('no-') && options[near].type === 'boolean' ? 'no-' : ''}${near}\`?` : elsewhere ? `; it is an option of \`payload-guard${elsewhere === 'lint' ? '' : ` ${elsewhere}`}\`.` : '.'}`,
        );
      }
    } else {
      // `-fjson`, `-f=json`: a short flag with its value attached; `-qz`: a cluster of booleans.
      const letter = name[0];
      resolved = resolveShort(letter, options);
      shown = `-${letter}`;
      if (!resolved) return problem(`unknown option \`-${letter}\`${shortHint(letter, options)}.`);
      if (resolved.spec.type === 'boolean' && name.length > 1 && inline === undefined) {
        for (const l of name.slice(1)) {
          const other = resolveShort(l, options);
          if (!other) return problem(`unknown option \`-${l}\` in \`${token}\`${shortHint(l, options)}.`);
          if (other.spec.type !== 'boolean')
            return problem(`\`-${l}\` in \`${token}\` takes a value; write it on its own: \`-${l} VALUE\`.`);
        }
        continue;
      }
    }
    const { spec } = resolved;
    const label = token.startsWith('--') ? `--${resolved.name}` : shown;
    if (spec.type === 'boolean') {
      if (inline !== undefined && !['true', 'false'].includes(inline))
        return problem(`\`${label}\` is a switch and takes no value; got \`${inline}\`.`);
      continue;
    }
    let values: string[];
    const attached = !token.startsWith('--') && name.length > 1 ? name.slice(1).replace(/^=/, '') : inline;
    if (attached !== undefined) values = [attached];
    else {
      values = [];
      while (i + 1 < argv.length && takesValue(spec, argv[i + 1]) && argv[i + 1] !== '--') {
        values.push(argv[++i]);
        if (!spec.array) break;
      }
    }
    if (!values.length || values.some((v) => v === ''))
      return problem(`\`${label}\` needs ${valueName(resolved.name, spec)}${example(resolved.name)}.`);
    for (const v of values) {
      const wrong = checkValue(label, resolved.name, spec, v);
      if (wrong) return problem(wrong);
    }
  }

  const shape = COMMAND_POSITIONALS[command];
  if (command !== 'lint' && positionals.length < shape.min) {
    return problem(`\`payload-guard ${command}\` needs a ${shape.name}.`);
  } else if (command !== 'lint' && positionals.length > shape.max) {
    const extra = positionals.slice(shape.max).map((p) => `\`${p}\``);
    return problem(
      shape.max === 0
        ? `\`payload-guard ${command}\` takes no arguments; got ${extra.join(', ')}.`
        : `\`payload-guard ${command}\` takes one ${shape.name}; also got ${extra.join(', ')}.`,
    );
  }
  if (!argv.includes('--help') && !argv.includes('-h')) {
    for (const [name, spec] of Object.entries(options)) {
      if (!spec.demandOption) continue;
      const given = argv.some((t) => t === `--${name}` || t.startsWith(`--${name}=`) || t === `--${camel(name)}`);
      if (!given)
        return problem(
          `\`payload-guard ${command}\` needs \`--${name} ${valueName(name, spec).replace(/^an? /, '').toUpperCase()}\`: ${spec.describe}.`,
        );
    }
  }
  return undefined;
}

function shortHint(letter: string, options: Record<string, OptionSpec>): string {
  const long = resolveLong(letter, options);
  if (long) return `; did you mean \`--${long.name}\`?`;
  const aliases = Object.entries(options).flatMap(([n, s]) => (s.alias ? [`-${s.alias} (--${n})`] : []));
  return `; short options: ${aliases.join(', ')}`;
}

/** The command (other than `current`) that has an option of this name. */
function otherCommandWith(name: string, current: CommandName): CommandName | undefined {
  for (const c of ['lint', ...COMMAND_NAMES] as CommandName[])
    if (c !== current && resolveLong(name, optionsOf(c))) return c;
  return undefined;
}

function valueName(name: string, spec: OptionSpec): string {
  if (name === 'output') return 'FORMAT=FILE';
  if (spec.type === 'number')
    return spec.min !== undefined && spec.min >= 0 ? `a whole number (${spec.min} or more)` : 'a whole number';
  if (spec.choices) return `one of ${spec.choices.join(', ')}`;
  if (/file|config|baseline|location|input|definition/.test(name)) return 'a file';
  if (/dir/.test(name)) return 'a directory';
  return 'a value';
}

function example(name: string): string {
  const examples: Record<string, string> = {
    output: 'sarif=report.sarif',
    bucket: 'my-payload-bucket',
    'print-config': 'events/order.json',
    'max-warnings': '0',
  };
  return examples[name] ? `, e.g. \`--${name} ${examples[name]}\`` : '';
}

/** `base` with "; did you mean `x`?" when a candidate is near, else with a full stop. */
function endSentence(base: string, word: string, candidates: readonly string[]): string {
  return base + (didYouMean(word, candidates) || '.');
}

function checkValue(label: string, name: string, spec: OptionSpec, value: string): string | undefined {
  if (spec.type === 'number') {
    if (!/^-?\d+$/.test(value)) return `\`${label}\` needs ${valueName(name, spec)}; got \`${value}\`.`;
    if (spec.min !== undefined && Number(value) < spec.min)
      return `\`${label}\` must be ${spec.min} or more; got ${value}.`;
    return undefined;
  }
  if (spec.choices && !spec.choices.includes(value)) {
    return `${endSentence(`unknown ${name === 'format' ? 'format' : 'value'} \`${value}\` for \`${label}\``, value, spec.choices)} ${name === 'format' ? 'Formats' : 'Choices'}: ${spec.choices.join(', ')}.`;
  }
  if (name === 'output') {
    const eq = value.indexOf('=');
    const format = eq === -1 ? value : value.slice(0, eq);
    if (eq <= 0 || eq === value.length - 1)
      return `\`--output\` needs FORMAT=FILE, e.g. \`--output sarif=report.sarif\`; got \`${value}\`${eq === -1 ? ` (for a ${format} report on the terminal, use \`-f ${format}\`)` : ''}.`;
    if (!(REPORTER_NAMES as readonly string[]).includes(format))
      return `${endSentence(`unknown format \`${format}\` in \`--output ${value}\``, format, REPORTER_NAMES)} Formats: ${REPORTER_NAMES.join(', ')}.`;
  }
  return undefined;
}
