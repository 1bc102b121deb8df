// The config file: its schema, validation (ajv, loaded only when there is something to validate),
// errors rewritten into sentences, and resolution per file.
import path from 'node:path';
import { ConfigError } from './errors.js';
import { didYouMean } from './suggest.js';
import { DOCUMENT_KINDS, type DocumentKind } from './classify.js';
import { DEFAULT_TARGET, TARGET_NAMES, TARGETS, type TargetName } from './limits.js';
import type { AnyRule, ResolvedTarget } from './rule.js';
import type { Severity } from './types.js';

type RuleSetting = Severity | 'off' | [Severity | 'off'] | [Severity | 'off', Record<string, unknown>];

export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  targets?: { files: string | string[]; target?: TargetName; limitBytes?: number }[];
  kinds?: { files: string | string[]; kind: DocumentKind }[];
  ignores?: (string | { files: string; reason?: string })[];
  fix?: { bucket?: string; prefix?: string; keyTemplate?: string; stageDir?: string };
}

export const CONFIG_FILE_NAMES = ['payload-guard.config.json', '.payloadguardrc.json'];

// `note`: listed in the report, never failing the run nor counted as a warning.
const severityEnum = ['off', 'note', 'warn', 'error'];
const filesSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  ],
};

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { enum: severityEnum },
          { type: 'array', minItems: 1, maxItems: 2, items: [{ enum: severityEnum }, { type: 'object' }] },
        ],
      },
    },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          files: filesSchema,
          target: { enum: TARGET_NAMES },
          limitBytes: { type: 'integer', minimum: 1 },
        },
      },
    },
    kinds: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'kind'],
        properties: { files: filesSchema, kind: { enum: DOCUMENT_KINDS } },
      },
    },
    ignores: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['files'],
            properties: { files: { type: 'string', minLength: 1 }, reason: { type: 'string' } },
          },
        ],
      },
    },
    fix: {
      type: 'object',
      additionalProperties: false,
      properties: {
        bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
        prefix: { type: 'string' },
        keyTemplate: { type: 'string', minLength: 1 },
        stageDir: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;

export { ConfigError };

/** `glob#/pointer` (a value and what is below it) or `glob#` (the whole document): where `#` is, or -1. */
export function pointerIgnoreHash(entry: string): number {
  return entry.endsWith('#') ? entry.length - 1 : entry.indexOf('#/');
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** One sentence per problem, naming the key and what is allowed, instead of ajv's raw output. */
function explainAjvErrors(where: string, errors: readonly AjvIssue[], schema: unknown): string {
  // anyOf produces one error per branch plus the anyOf itself; the most specific one is enough.
  const byPath = new Map<string, AjvIssue>();
  for (const e of errors) {
    const prev = byPath.get(e.instancePath);
    if (!prev || rank(e) > rank(prev)) byPath.set(e.instancePath, e);
  }
  const sentences = [...byPath.values()].map((e) => {
    const key = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
    switch (e.keyword) {
      case 'additionalProperties': {
        const allowed = allowedKeys(schema, e.instancePath);
        const prefix = key === '(top level)' ? '' : key + '.';
        const given = String(e.params.additionalProperty);
        const near = allowed ? didYouMean(given, allowed.split(', '), (k) => `\`${prefix}${k}\``) : '';
        return `unknown key \`${prefix}${given}\`${near ? `${near.replace(/\?$/, '')}? A` : allowed ? '; a' : ''}${allowed ? `llowed keys: ${allowed}` : ''}`;
      }
      case 'enum':
        return `\`${key}\` must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      case 'type':
        return `\`${key}\` must be ${e.params.type === 'integer' ? 'a whole number' : `of type ${String(e.params.type)}`}`;
      case 'required':
        return `\`${key}\` needs the key \`${String(e.params.missingProperty)}\``;
      case 'pattern':
        return key.endsWith('bucket')
          ? `\`${key}\` must be an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`
          : `\`${key}\` must match ${String(e.params.pattern)}`;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return `\`${key}\` must be ${e.keyword.includes('inimum') ? (e.keyword.startsWith('exclusive') ? 'greater than' : 'at least') : e.keyword.startsWith('exclusive') ? 'less than' : 'at most'} ${String(e.params.limit)}`;
      case 'anyOf':
        return `\`${key}\` is not a valid setting`;
      default:
        return `\`${key}\` ${e.message ?? 'is invalid'}`;
    }
  });
  return `${where}: ${sentences.join('; ')}.`;
}

function rank(e: AjvIssue): number {
  return e.keyword === 'anyOf' ? 0 : e.keyword === 'type' ? 1 : 2;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  additionalProperties?: boolean | SchemaNode;
  anyOf?: SchemaNode[];
}

function allowedKeys(schema: unknown, instancePath: string): string | undefined {
  let node = schema as SchemaNode | undefined;
  for (const seg of instancePath.split('/').filter(Boolean)) {
    if (!node) return undefined;
    if (node.properties?.[seg]) node = node.properties[seg];
    else if (node.items && /^\d+$/.test(seg)) node = Array.isArray(node.items) ? node.items[Number(seg)] : node.items;
    else if (typeof node.additionalProperties === 'object') node = node.additionalProperties;
    else return undefined;
    if (node?.anyOf) node = node.anyOf.find((b) => b.properties) ?? node;
  }
  return node?.properties
    ? Object.keys(node.properties)
        .filter((k) => k !== '$schema')
        .join(', ')
    : undefined;
}

type Validator = ((data: unknown) => boolean) & { errors?: AjvIssue[] | null };

/** The ajv options for every schema; the build precompiles with the same ones. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** The build's precompiled validator for `key` (`config`, `rule:<id>`), else one compiled now. */
async function validatorFor(key: string, schema: unknown): Promise<Validator> {
  const { validators } = await import('./generated/validators.js');
  const precompiled = validators[key] as Validator | undefined;
  if (precompiled) return precompiled;
  // ajv is CommonJS: its class is the module's `default` export under NodeNext interop.
  const mod = await import('ajv');
  const Ajv = (mod.default as unknown as { default?: typeof mod.default }).default ?? mod.default;
  const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): Validator })(AJV_OPTIONS);
  return ajv.compile(schema as object);
}

interface RuleState {
  severity: Severity | 'off';
  options: Record<string, unknown>;
}

export interface FileSettings {
  rules: Map<string, RuleState>;
  target: ResolvedTarget;
  /** the `files` of the config `targets` entry that set `target` (it wins over an event shape) */
  targetGlob?: string;
  kind?: DocumentKind;
  /** the `files` of the last `targets` entry that set the target or limit (for `--print-config`) */
  targetFrom?: string;
  /** the `files` of the `kinds` entry that set the kind */
  kindFrom?: string;
  /** `glob#/pointer` ignores whose glob matches this file (index into the config's list) */
  pointerIgnores?: { index: number; pointer: string; reason?: string }[];
}

export interface ResolvedConfig {
  /** directory globs are relative to */
  baseDir: string;
  source?: string;
  file: ConfigFile;
  rules: Map<string, RuleState>;
  /** whole-file ignore globs */
  ignoreGlobs: string[];
  /** `!glob` entries: files linted even inside a default-ignored tree (site-packages, vendor...) */
  unignoreGlobs: string[];
  /** `glob#/pointer` suppressions */
  pointerIgnores: { files: string; pointer: string; reason?: string }[];
  /** compute Diagnostic.valueHash (set by runs that write or read baselines, or report SARIF) */
  valueHashes?: boolean;
  forFile(relativePath: string): FileSettings;
}

/**
 * A file as the config's globs see it: relative to the config's folder, with `/` separators.
 * `file` is absolute, or relative to `cwd`.
 */
export function configRelativePath(
  config: Pick<ResolvedConfig, 'baseDir'>,
  file: string,
  cwd: string = config.baseDir,
): string {
  return path.relative(config.baseDir, path.resolve(cwd, file)).split(path.sep).join('/');
}

/** Validate a parsed config (and every rule's options) and resolve it against the registry. */
export async function resolveConfig(
  file: ConfigFile,
  registry: readonly AnyRule[],
  baseDir: string,
  source?: string,
): Promise<ResolvedConfig> {
  const where = source ?? 'config';
  const hasContent = Object.keys(file ?? {}).length > 0;
  if (file === null || typeof file !== 'object' || Array.isArray(file))
    throw new ConfigError(`${where}: the config must be a JSON object.`);
  if (hasContent) {
    const validate = await validatorFor('config', CONFIG_SCHEMA);
    if (!validate(file)) throw new ConfigError(explainAjvErrors(where, validate.errors ?? [], CONFIG_SCHEMA));
  }
  const template = file.fix?.keyTemplate;
  if (template !== undefined && !template.includes('{key}')) {
    // Without {key} every moved field would be renamed to the same key.
    const placeholder = /\{([^{}]*)\}/.exec(template)?.[1];
    const near = placeholder !== undefined ? didYouMean(placeholder, ['key'], () => '`{key}`') : '';
    throw new ConfigError(
      `${where}: \`fix.keyTemplate\` \`${template}\` has no \`{key}\`, so every moved field would get the same name${near || '; write it with `{key}` (the default is `{key}Ref`)'}${near ? '' : '.'}`,
    );
  }
  const byId = new Map(registry.map((r) => [r.id, r]));
  const rules = new Map<string, RuleState>();
  for (const r of registry)
    rules.set(r.id, { severity: r.severity, options: { ...(r.defaultOptions as Record<string, unknown>) } });
  for (const [id, setting] of Object.entries(file.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      const near = didYouMean(id, [...byId.keys()]);
      throw new ConfigError(
        `${where}: unknown rule \`${id}\` in \`rules\`${near ? `${near} K` : '; k'}nown rules: ${[...byId.keys()].join(', ')}.`,
      );
    }
    const [severity, options] = Array.isArray(setting) ? setting : [setting, undefined];
    if (id === 'parse-error' && severity === 'off') {
      throw new ConfigError(
        `${where}: \`rules.parse-error\` cannot be turned off: a file that does not parse has not been checked.`,
      );
    }
    if (options !== undefined) {
      const validate = await validatorFor(`rule:${id}`, rule.options);
      if (!validate(options)) {
        throw new ConfigError(
          explainAjvErrors(`${where}: options of rule \`${id}\``, validate.errors ?? [], rule.options).replace(
            /`\(top level\)`/g,
            'the options',
          ),
        );
      }
    }
    rules.set(id, { severity, options: { ...(rule.defaultOptions as Record<string, unknown>), ...(options ?? {}) } });
  }

  const asList = (f: string | string[]) => (Array.isArray(f) ? f : [f]);
  // The glob matcher is loaded only by a config that has globs: most runs have none.
  const needsGlobs = !!(file.targets?.length || file.kinds?.length || file.ignores?.length);
  const picomatch = needsGlobs ? (await import('picomatch')).default : () => () => false;
  const targets = (file.targets ?? []).map((t) => ({ match: picomatch(asList(t.files), { dot: true }), t }));
  const kinds = (file.kinds ?? []).map((k) => ({
    match: picomatch(asList(k.files), { dot: true }),
    kind: k.kind,
    files: k.files,
  }));
  const ignoreGlobs: string[] = [];
  const unignoreGlobs: string[] = [];
  const pointerIgnores: ResolvedConfig['pointerIgnores'] = [];
  for (const entry of file.ignores ?? []) {
    const { files, reason } = typeof entry === 'string' ? { files: entry, reason: undefined } : entry;
    const hash = pointerIgnoreHash(files);
    if (hash === -1 && files.startsWith('!')) unignoreGlobs.push(files.slice(1));
    else if (hash === -1) ignoreGlobs.push(files);
    else pointerIgnores.push({ files: files.slice(0, hash), pointer: files.slice(hash + 1), reason });
  }

  const pointerMatchers = pointerIgnores.map((i, index) => ({ ...i, index, match: picomatch(i.files, { dot: true }) }));

  const settingsFor = (relativePath: string): FileSettings => {
    const p = relativePath.includes('\\') ? relativePath.replace(/\\/g, '/') : relativePath;
    let name: TargetName = DEFAULT_TARGET;
    let limit: number | undefined;
    let targetGlob: string | undefined;
    let targetFrom: string | undefined;
    // Later entries win, as in ESLint's flat config.
    for (const { match, t } of targets) {
      if (!match(p)) continue;
      targetGlob = asList(t.files).join(', ');
      if (t.target) {
        name = t.target;
        limit = undefined;
      }
      if (t.limitBytes !== undefined) limit = t.limitBytes;
      if (t.target || t.limitBytes !== undefined) targetFrom = asList(t.files).join(', ');
    }
    let kind: DocumentKind | undefined;
    let kindFrom: string | undefined;
    for (const k of kinds) if (k.match(p)) [kind, kindFrom] = [k.kind, asList(k.files).join(', ')];
    const ignoresHere = pointerMatchers
      .filter((i) => i.match(p))
      .map(({ index, pointer, reason }) => ({ index, pointer, reason }));
    const target = { ...TARGETS[name], limitBytes: limit ?? TARGETS[name].limitBytes };
    return {
      rules,
      kind,
      target,
      ...(targetGlob !== undefined ? { targetGlob } : {}),
      pointerIgnores: ignoresHere,
      ...(targetFrom ? { targetFrom } : {}),
      ...(kindFrom ? { kindFrom } : {}),
    };
  };
  // No entry names files: every file gets the same settings, built once.
  const sameForAll = !targets.length && !kinds.length && !pointerMatchers.length ? settingsFor('') : undefined;
  return {
    baseDir,
    source,
    file,
    rules,
    ignoreGlobs,
    unignoreGlobs,
    pointerIgnores,
    forFile: (relativePath) => sameForAll ?? settingsFor(relativePath),
  };
}
