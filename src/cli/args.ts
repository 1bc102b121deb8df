// The command line's shape: commands and options for yargs (`defineCli`; main.ts supplies what
// each command does). The lint command's options are data, so that `parseCommonLint` can read the
// common invocations (paths and ordinary flags, as hooks and CI write them) without loading yargs,
// which is most of a small run's start-up time. Anything else (help, version, the other commands,
// a repeated flag, `--opt=value` with a boolean, short-flag clusters, `--`, a bad value) is left
// to yargs, so its parsing, validation and messages stay the only ones a user ever sees.
import type { Argv } from 'yargs';
import { REPORTER_NAMES } from '../reporters/index.js';
import { ruleDocUrl } from '../io/package-info.js';

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  alias?: string;
  default?: unknown;
  choices?: readonly string[];
  /** smallest value a number option takes (checked by check.ts) */
  min?: number;
  /** repeatable values (yargs `array`) */
  array?: boolean;
  demandOption?: boolean;
  describe: string;
}

/** Options of the default (lint) command. */
export const LINT_OPTIONS = {
  format: {
    type: 'string',
    alias: 'f',
    choices: REPORTER_NAMES,
    default: 'stylish',
    describe: 'output format; repeat for several reports',
  },
  'output-file': {
    type: 'string',
    alias: 'o',
    describe: 'write the report of the --format before it to a file instead of stdout',
  },
  quiet: { type: 'boolean', default: false, describe: 'report errors only (warnings still count for --max-warnings)' },
  'max-warnings': { type: 'number', default: -1, min: -1, describe: 'exit 1 when there are more warnings than this' },
  ignore: {
    type: 'boolean',
    default: true,
    describe: 'honour default ignores (vendored trees), .gitignore and config ignores (--no-ignore to lint everything)',
  },
  stdin: { type: 'boolean', default: false, describe: 'lint one document read from standard input' },
  'stdin-filename': { type: 'string', describe: 'the file name to use for --stdin (picks JSON/YAML and config globs)' },
  'print-config': {
    type: 'string',
    describe: 'print the settings that apply to FILE, its kind and target with the reason for each, and exit',
  },
  output: { type: 'string', describe: 'FORMAT=FILE: one more report (repeatable), e.g. --output sarif=report.sarif' },
  staged: {
    type: 'boolean',
    describe: 'lint the content staged in the git index (for pre-commit hooks), not the working tree',
  },
  baseline: { type: 'string', describe: 'report only findings that are not in this baseline file' },
  'baseline-write': { type: 'string', describe: 'record the current findings in this baseline file' },
  'baseline-prune': { type: 'boolean', describe: 'with --baseline: drop entries that no longer match anything' },
  cache: {
    type: 'boolean',
    describe: 'reuse results of unchanged files (content hash) from .payload-guard/cache.json',
  },
  'cache-location': {
    type: 'string',
    describe: 'cache file, or a folder to keep .payload-guard-cache in (implies --cache)',
  },
  concurrency: {
    type: 'number',
    min: 1,
    describe: 'lint on N threads, this one and N-1 workers (results are the same as on one)',
  },
  fix: { type: 'boolean', describe: 'apply safe fixes (payloadS3, disablePayloadLogs) and write the files' },
  'fix-unsafe': { type: 'boolean', describe: 'also apply unsafe fixes (fileRef: the function must fetch the object)' },
  'fix-dry-run': {
    type: 'boolean',
    describe: 'print a unified diff of what --fix (with --fix-unsafe: that too) would change; write nothing',
  },
  bucket: { type: 'string', describe: 'S3 bucket for moved data (or config fix.bucket)' },
  prefix: { type: 'string', describe: 'key prefix for moved data (or config fix.prefix)' },
  'stage-dir': {
    type: 'string',
    describe:
      'where objects are staged as <dir>/<bucket>/<key> (default fix.stageDir, else .payload-guard/s3 at the repository root)',
  },
  'fix-read-only': {
    type: 'boolean',
    describe: 'let --fix rewrite read-only files too (they stay read-only); otherwise they are refused',
  },
  upload: { type: 'boolean', describe: 'upload staged objects with the AWS SDK and verify them before rewriting' },
  'endpoint-url': { type: 'string', describe: 'S3 endpoint (default: AWS_ENDPOINT_URL_S3, else AWS)' },
} satisfies Record<string, OptionSpec>;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  config: { type: 'string', alias: 'c', describe: 'use this config file instead of looking for one' },
  color: { type: 'boolean', describe: 'force colour on or off (--no-color); default: on for a terminal' },
} satisfies Record<string, OptionSpec>;

/** Options of the other commands, by command. */
export const COMMAND_OPTIONS = {
  size: {
    depth: { type: 'number', default: 4, min: 0, describe: 'levels to show' },
    top: { type: 'number', default: 8, min: 1, describe: 'members shown per level' },
  },
  inline: {
    'stage-dir': {
      type: 'string',
      describe:
        'the stage dir holding the manifest and objects (default fix.stageDir, else .payload-guard/s3 at the repository root)',
    },
    download: { type: 'boolean', describe: 'fetch the objects from S3 instead of the stage dir' },
    'endpoint-url': { type: 'string', describe: 'S3 endpoint (default: AWS_ENDPOINT_URL_S3, else AWS)' },
  },
  simulate: {
    input: { type: 'string', demandOption: true, describe: 'the execution input (JSON file)' },
    result: {
      type: 'string',
      array: true,
      describe:
        "STATE=FILE: what the task in STATE returns (repeatable); 'STATE[*]=FILE': one result per Map item (a JSON array or JSON Lines); without one a task returns its input",
    },
    error: {
      type: 'string',
      array: true,
      describe:
        'STATE=ErrorName[:CAUSE_FILE]: the task in STATE fails with this error (repeatable); Retry and Catch are followed',
    },
    machine: { type: 'string', describe: 'which state machine of a template (logical id or Serverless name)' },
    format: { type: 'string', alias: 'f', choices: ['table', 'json'], default: 'table', describe: 'output format' },
  },
  init: {
    gitignore: {
      type: 'boolean',
      describe:
        'append the .gitignore lines for .payload-guard/ (commit the baseline and manifest, not the cache or staged objects), once',
    },
  },
  rules: {},
} satisfies Record<string, Record<string, OptionSpec>>;

/** Each command's positionals: how many it needs at least and at most (Infinity: any number). */
export const COMMAND_POSITIONALS: Record<string, { name: string; min: number; max: number }> = {
  lint: { name: 'paths', min: 0, max: Infinity },
  size: { name: 'FILE', min: 1, max: 1 },
  inline: { name: 'paths', min: 0, max: Infinity },
  simulate: { name: 'DEFINITION', min: 1, max: 1 },
  init: { name: '', min: 0, max: 0 },
  rules: { name: '', min: 0, max: 0 },
};

/** Words that name a command other than lint: yargs may take one for the command wherever it stands. */
export const COMMAND_NAMES = ['size', 'inline', 'simulate', 'init', 'rules'] as const;

const ALL: Record<string, OptionSpec> = { ...LINT_OPTIONS, ...GLOBAL_OPTIONS };
const BY_ALIAS = new Map(
  Object.entries(ALL).flatMap(([name, spec]) => (spec.alias ? [[spec.alias, name] as const] : [])),
);

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The lint command's arguments, with the same keys and values yargs gives its handler (camelCase
 * names, defaults filled, `paths`), or undefined when the command line is anything but the
 * common shape and yargs must read it.
 */
export function parseCommonLint(argv: readonly string[]): Record<string, unknown> | undefined {
  const given = new Map<string, unknown>();
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('-')) {
      if ((COMMAND_NAMES as readonly string[]).includes(token)) return undefined;
      paths.push(token);
      continue;
    }
    let name: string | undefined;
    let value: unknown;
    if (/^--[a-z][a-z-]*$/.test(token)) {
      name = token.slice(2);
      if (!ALL[name] && name.startsWith('no-') && ALL[name.slice(3)]?.type === 'boolean') {
        name = name.slice(3);
        value = false;
      }
    } else if (/^-[a-z]$/.test(token)) {
      name = BY_ALIAS.get(token.slice(1));
    }
    const spec = name === undefined ? undefined : ALL[name];
    if (!spec || given.has(name!)) return undefined;
    if (spec.type === 'boolean') {
      given.set(name!, value ?? true);
      continue;
    }
    const next = argv[i + 1];
    if (value === false || next === undefined || next.startsWith('-')) return undefined;
    i++;
    if (spec.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(next)) return undefined;
      given.set(name!, Number(next));
    } else {
      if (spec.choices && !spec.choices.includes(next)) return undefined;
      given.set(name!, next);
    }
  }
  const args: Record<string, unknown> = { paths };
  for (const [name, spec] of Object.entries(ALL)) {
    const v = given.has(name) ? given.get(name) : spec.default;
    if (v === undefined) continue;
    args[name] = v;
    args[camel(name)] = v;
    if (spec.alias) args[spec.alias] = v;
  }
  return args;
}

/** Declares `options` (a table above) on a yargs builder. */
function withOptions<T>(y: Argv<T>, options: Record<string, OptionSpec>): Argv<T> {
  for (const [name, { min: _min, ...spec }] of Object.entries(options)) y = y.option(name, { ...spec });
  return y;
}

type Handler = (args: Record<string, unknown>) => Promise<void>;

export interface CliActions {
  version: string;
  /** help text width */
  width: number;
  /** the error to throw for a usage message from yargs */
  fail: (message: string) => Error;
  lint: Handler;
  size: Handler;
  inline: Handler;
  simulate: Handler;
  init: Handler;
  rules: Handler;
}

/** Every command and option on `y` (a fresh `yargs(argv)`), ready for `parseAsync`. */
export function defineCli(y: Argv, actions: CliActions): Argv {
  return withOptions(
    y
      .scriptName('payload-guard')
      .usage(
        '$0 [paths..] [options]\n\nFind AWS payloads and Step Functions definitions that are too big, and the base64 that makes them so.',
      )
      .command(
        '$0 [paths..]',
        'Lint files, directories or globs (default: .)',
        (b) =>
          withOptions(
            b.positional('paths', {
              type: 'string',
              array: true,
              default: [] as string[],
              describe: 'files, directories or globs',
            }),
            LINT_OPTIONS,
          ),
        actions.lint,
      )
      .command(
        'size <file>',
        'Show which fields fill a payload, as a tree of sizes (like du)',
        (b) => withOptions(b.positional('file', { type: 'string', demandOption: true }), COMMAND_OPTIONS.size),
        actions.size,
      )
      .command(
        'inline [paths..]',
        'Put moved data back: undo --fix rewrites recorded in the manifest, byte for byte',
        (b) =>
          withOptions(
            b.positional('paths', {
              type: 'string',
              array: true,
              default: [] as string[],
              describe: 'files or directories (default: every file in the manifest)',
            }),
            COMMAND_OPTIONS.inline,
          ),
        actions.inline,
      )
      .command(
        'simulate <definition>',
        "Run a sample input through a state machine's data flow and measure every state against 256 KiB",
        (b) =>
          withOptions(
            b.positional('definition', {
              type: 'string',
              demandOption: true,
              describe: 'an ASL file, or a template / serverless.yml holding the definition',
            }),
            COMMAND_OPTIONS.simulate,
          ),
        actions.simulate,
      )
      .command(
        'init',
        'Write a starter payload-guard.config.json for this repository and print pre-commit and CI snippets',
        (b) => withOptions(b, COMMAND_OPTIONS.init),
        actions.init,
      )
      .command('rules', 'List the rules', {}, actions.rules),
    GLOBAL_OPTIONS,
  )
    .epilogue(
      `Exit codes: 0 clean, 1 lint errors (or too many warnings), 2 usage, config or internal error.\nDocs: ${ruleDocUrl('<rule-id>')}`,
    )
    .version(actions.version)
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .strict()
    .wrap(actions.width)
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? actions.fail(msg);
    });
}
