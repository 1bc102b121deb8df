// What a document is decides which rules judge it: a 600 KB template of small resources is not a
// payload problem, and package-lock.json is not a Lambda event.
import { eventShapeOf } from './events.js';
import { knownFormat } from './known-formats.js';
import { child, isObject } from './pointer.js';

export type DocumentKind =
  /** Power Tuning execution input */
  | 'power-tuning'
  /** any other JSON data: Lambda test events, fixtures, execution inputs */
  | 'payload'
  /** an Amazon States Language definition */
  | 'state-machine'
  /** CloudFormation / SAM / CDK output */
  | 'template'
  /** serverless.yml */
  | 'serverless'
  /** package.json, lock files, tsconfig, editor settings, other tools' manifests: decided by path, never parsed */
  | 'tooling'
  /**
   * A document of a known format that is not a payload (OpenAPI, JSON Schema, AWS SDK models,
   * SARIF, documents naming their `$schema`), or YAML that is neither a template nor a definition
   * (CI config, Kubernetes): not measured as a payload, still scanned for inline base64
   */
  | 'other'
  /** Cookiecutter/Jinja sources and API Gateway VTL mapping templates: not JSON or YAML until rendered; skipped */
  | 'template-source';

export const DOCUMENT_KINDS: DocumentKind[] = [
  'power-tuning',
  'payload',
  'state-machine',
  'template',
  'serverless',
  'tooling',
  'other',
  'template-source',
];

/** What a file was judged to be, and the evidence, for `--print-config` ("not a payload: OpenAPI document"). */
export interface Classification {
  kind: DocumentKind;
  reason: string;
}
export const PAYLOAD_KINDS: ReadonlySet<DocumentKind> = new Set(['power-tuning', 'payload']);

/** Tool files by exact name, with what they are (the reason `--print-config` gives). */
const TOOLING_NAMES = new Map<string, string>([
  ['package.json', 'npm package manifest'],
  ['package-lock.json', 'npm lock file'],
  ['npm-shrinkwrap.json', 'npm lock file'],
  ['pnpm-lock.yaml', 'pnpm lock file'],
  ['yarn.lock', 'Yarn lock file'],
  ['bun.lock', 'Bun lock file'],
  ['composer.json', 'Composer manifest'],
  ['composer.lock', 'Composer lock file'],
  ['deno.json', 'Deno config'],
  ['lerna.json', 'Lerna config'],
  ['nx.json', 'Nx config'],
  ['project.json', 'Nx project config'],
  ['turbo.json', 'Turborepo config'],
  ['renovate.json', 'Renovate config'],
  ['.renovaterc.json', 'Renovate config'],
  ['vercel.json', 'Vercel config'],
  ['firebase.json', 'Firebase config'],
  ['angular.json', 'Angular workspace config'],
  ['nest-cli.json', 'NestJS CLI config'],
  ['app.json', 'app manifest (Expo, Heroku)'],
  ['global.json', '.NET SDK config'],
  ['launchSettings.json', '.NET launch settings (JSONC)'],
  ['aws-lambda-tools-defaults.json', 'AWS Lambda .NET tools defaults (JSONC)'],
  ['serverless.template', 'AWS .NET serverless template'],
  ['samconfig.json', 'SAM CLI config'],
  ['.pre-commit-config.yaml', 'pre-commit config'],
  ['.pre-commit-hooks.yaml', 'pre-commit hooks'],
  ['pubspec.yaml', 'Dart package manifest'],
  ['pubspec.lock', 'Dart lock file'],
  ['docker-compose.yml', 'Docker Compose file'],
  ['docker-compose.yaml', 'Docker Compose file'],
  ['mkdocs.yml', 'MkDocs config'],
  ['codecov.yml', 'Codecov config'],
  ['.gitlab-ci.yml', 'GitLab CI config'],
  ['action.yml', 'GitHub Action metadata'],
  ['action.yaml', 'GitHub Action metadata'],
  ['cdk.json', 'CDK app config'],
  ['cdk.context.json', 'CDK context'],
  ['tree.json', 'CDK construct tree'],
  ['manifest.json', 'manifest (CDK assembly, web app)'],
  ['devcontainer.json', 'dev container config (JSONC)'],
  ['.devcontainer.json', 'dev container config (JSONC)'],
  ['tslint.json', 'TSLint config (JSONC)'],
  ['.jshintrc', 'JSHint config (JSONC)'],
  ['.swcrc', 'SWC config (JSONC)'],
  ['api-extractor.json', 'API Extractor config (JSONC)'],
  ['Pipfile.lock', 'Pipenv lock file'],
  ['packages.lock.json', 'NuGet lock file'],
  ['babel.config.json', 'Babel config (JSONC)'],
  ['typedoc.json', 'TypeDoc config (JSONC)'],
  ['jest.config.json', 'Jest config'],
  ['nodemon.json', 'nodemon config'],
  ['.nycrc.json', 'nyc config'],
  ['.releaserc.json', 'semantic-release config'],
  ['.lintstagedrc.json', 'lint-staged config'],
  ['.commitlintrc.json', 'commitlint config'],
  ['omnisharp.json', 'OmniSharp config (JSONC)'],
  ['payload-guard.config.json', 'payload-guard config'],
  ['.payloadguardrc.json', 'payload-guard config'],
]);

/** Tool files by name pattern. The JSONC ones allow comments and trailing commas by their tool's contract. */
const TOOLING_PATTERNS: [RegExp, string][] = [
  [/^tsconfig.*\.json$/, 'TypeScript config (JSONC)'],
  [/^jsconfig.*\.json$/, 'JavaScript project config (JSONC)'],
  [/^\.eslintrc(\..*)?$/, 'ESLint config (JSONC)'],
  [/^\.prettierrc(\..*)?$/, 'Prettier config'],
  [/^\.babelrc(\..*)?$/, 'Babel config (JSONC)'],
  [/^\.stylelintrc(\..*)?$/, 'Stylelint config'],
  [/^\.markdownlint.*$/, 'markdownlint config (JSONC)'],
  [/^biome\.jsonc?$/, 'Biome config (JSONC)'],
  [/^deno\.jsonc$/, 'Deno config (JSONC)'],
  [/^appsettings(\..+)?\.json$/i, '.NET app settings (JSONC)'],
  [/\.(runtimeconfig|deps)\.json$/, '.NET build output'],
  [/^package\.nls(\..+)?\.json$/, 'VS Code extension strings'],
  [/\.code-workspace$/, 'VS Code workspace (JSONC)'],
  [/^\.mocharc\.jsonc?$/, 'Mocha config (JSONC)'],
  [/\.tfvars\.json$/, 'Terraform variables'],
];

/** Folders whose files belong to a tool (editor, CI, CDK's asset copies). */
const TOOLING_DIRS: [RegExp, string][] = [
  [/(^|\/)\.vscode\//, 'VS Code settings (JSONC)'],
  [/(^|\/)\.devcontainer\//, 'dev container config (JSONC)'],
  [/(^|\/)\.idea\//, 'JetBrains settings'],
  [/(^|\/)\.github\//, 'GitHub config'],
  [/(^|\/)\.circleci\//, 'CircleCI config'],
  [/(^|\/)\.husky\//, 'Husky hooks'],
  [/(^|\/)cdk\.out\/asset\.[^/]*\//, 'CDK asset copy'],
];

/**
 * One regular expression that matches where any of `list` does, so a path that is no tool file
 * (nearly every path) is tested once, not once per pattern; flags are kept by grouping on them.
 */
function anyOf(list: readonly [RegExp, string][]): (text: string) => boolean {
  const byFlags = new Map<string, string[]>();
  for (const [p] of list) byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), `(?:${p.source})`]);
  const combined = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  return (text) => combined.some((r) => r.test(text));
}

const ANY_TOOLING_PATTERN = anyOf(TOOLING_PATTERNS);
const ANY_TOOLING_DIR = anyOf(TOOLING_DIRS);

/** What a tool file is, from its path alone, or undefined for any other path. */
function toolingReason(filePath: string): string | undefined {
  const norm = filePath.includes('\\') ? filePath.replace(/\\/g, '/') : filePath;
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  const named =
    TOOLING_NAMES.get(base) ??
    (ANY_TOOLING_PATTERN(base) ? TOOLING_PATTERNS.find(([p]) => p.test(base))?.[1] : undefined);
  if (named) return named;
  // cdk.out/manifest.json and cdk.out/tree.json are tooling; cdk.out/*.template.json are templates.
  return ANY_TOOLING_DIR(norm) ? TOOLING_DIRS.find(([p]) => p.test(norm))?.[1] : undefined;
}

/**
 * Files whose tool reads them as JSONC (comments, trailing commas), wherever they are read at all:
 * a `tsconfig.json` with a comment is valid, whatever its extension says.
 */
export function isJsoncPath(filePath: string): boolean {
  return /\(JSONC\)$/.test(toolingReason(filePath) ?? '');
}

/** A Cookiecutter/Jinja project source: a path segment holding `{{ ... }}` or `{% ... %}`. */
const TEMPLATE_SEGMENT = /(^|[\\/])[^\\/]*(\{\{[^\\/]*\}\}|\{%[^\\/]*%\})[^\\/]*[\\/]/;

/** The kind a path alone decides, before any parsing: tool files and template project sources. */
export function kindFromPath(filePath: string): Classification | undefined {
  const tool = toolingReason(filePath);
  if (tool) return { kind: 'tooling', reason: `tooling: ${tool}` };
  // The expression backtracks over every segment; a path with neither opening matches nothing.
  const segment = filePath.includes('{{') || filePath.includes('{%') ? TEMPLATE_SEGMENT.exec(filePath)?.[2] : undefined;
  if (segment)
    return {
      kind: 'template-source',
      reason: `template source: Cookiecutter/Jinja project (path segment \`${segment}\`)`,
    };
  return undefined;
}

export function isStateMachine(v: unknown): boolean {
  return isObject(v) && typeof child(v, 'StartAt') === 'string' && isObject(child(v, 'States'));
}

function isTemplate(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (child(v, 'AWSTemplateFormatVersion') !== undefined) return true;
  const transform = child(v, 'Transform');
  if (typeof transform === 'string' && transform.startsWith('AWS::')) return true;
  if (Array.isArray(transform) && transform.some((t) => typeof t === 'string' && t.startsWith('AWS::'))) return true;
  const resources = child(v, 'Resources');
  if (!isObject(resources)) return false;
  const entries = Object.values(resources);
  return entries.length > 0 && entries.every((r) => isObject(r) && typeof child(r, 'Type') === 'string');
}

// serverless.yml, serverless.yaml, serverless.json, and per-stage or per-part files (serverless.dev.yml).
const SERVERLESS_NAME = /^serverless(\.[^/\\]+)?\.(ya?ml|json)$/i;

/**
 * A Serverless Framework file. `provider` is often a variable (`${file(../base.yml):provider}`),
 * a string to YAML: the file is known by its name, or by `service` with `stepFunctions`.
 */
export function isServerless(v: unknown, filePath = ''): boolean {
  if (!isObject(v)) return false;
  const service = child(v, 'service') !== undefined;
  const stepFunctions = isObject(child(v, 'stepFunctions'));
  // Without one of these three no test below holds: the name need not be looked at.
  if (!service && !stepFunctions && child(v, 'provider') === undefined) return false;
  const base = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  if (SERVERLESS_NAME.test(base) && (service || stepFunctions || child(v, 'provider') !== undefined)) return true;
  return service && (stepFunctions || isObject(child(v, 'provider')) || child(v, 'functions') !== undefined);
}

/** A Power Tuning input has `lambdaARN` with `num`, `powerValues`, `payload` or `payloadS3`. */
function isPowerTuningInput(v: unknown): boolean {
  if (!isObject(v) || child(v, 'lambdaARN') === undefined) return false;
  return ['num', 'powerValues', 'payload', 'payloadS3'].some((k) => child(v, k) !== undefined);
}

/** Terraform: a `.tf` file, its JSON syntax (`.tf.json`), or the JSON of `terraform show -json PLAN` (resolved definitions). */
function isTerraform(filePath: string, v: unknown, format: string): boolean {
  if (format === 'hcl' || /\.tf\.json$/i.test(filePath)) return true;
  return isObject(v) && typeof child(v, 'format_version') === 'string' && Array.isArray(child(v, 'resource_changes'));
}

export function classify(filePath: string, value: unknown, format: 'json' | 'jsonc' | 'yaml' | 'hcl'): DocumentKind {
  return classifyWithReason(filePath, value, format).kind;
}

/** The kind of a parsed document and the evidence for it: the path first, then the content. */
export function classifyWithReason(
  filePath: string,
  value: unknown,
  format: 'json' | 'jsonc' | 'yaml' | 'hcl',
): Classification {
  return kindFromPath(filePath) ?? classifyContent(filePath, value, format);
}

/** classifyWithReason for a path kindFromPath has already passed (the engine asks it first). */
export function classifyContent(
  filePath: string,
  value: unknown,
  format: 'json' | 'jsonc' | 'yaml' | 'hcl',
): Classification {
  // Terraform definitions are judged as a template's are (src/definitions/terraform.ts finds them).
  if (isTerraform(filePath, value, format))
    return {
      kind: 'template',
      reason: `template: Terraform (${format === 'hcl' ? '.tf' : /\.tf\.json$/i.test(filePath) ? '.tf.json' : 'plan JSON'})`,
    };
  if (isStateMachine(value))
    return { kind: 'state-machine', reason: 'state machine: Amazon States Language (`StartAt` and `States`)' };
  if (isTemplate(value))
    return { kind: 'template', reason: `template: ${templateEvidence(value as Record<string, unknown>)}` };
  if (isServerless(value, filePath))
    return {
      kind: 'serverless',
      reason:
        'serverless: Serverless Framework file (its name, or `service` with `stepFunctions`, `provider` or `functions`)',
    };
  if (isPowerTuningInput(value))
    return {
      kind: 'power-tuning',
      reason: 'power-tuning: Power Tuning input (`lambdaARN` with `num`, `powerValues` or `payload`)',
    };
  const known = knownFormat(value);
  if (known) return { kind: 'other', reason: `not a payload: ${known}` };
  // Payloads travel as JSON; a YAML file that is none of the above is configuration, unless it has
  // an event's shape or sits in an `events/` folder (SAM and Serverless test events).
  if (format === 'yaml') {
    const shape = eventShapeOf(value);
    if (shape) return { kind: 'payload', reason: `payload: YAML with an event's shape (${shape.name})` };
    if (/(^|[\\/])events[\\/]/.test(filePath))
      return { kind: 'payload', reason: 'payload: YAML in an `events/` folder' };
    return {
      kind: 'other',
      reason: 'not a payload: YAML that is no template, definition or Serverless file (configuration)',
    };
  }
  return { kind: 'payload', reason: 'payload: JSON of no known kind' };
}

function templateEvidence(v: Record<string, unknown>): string {
  if (child(v, 'AWSTemplateFormatVersion') !== undefined) return 'CloudFormation (`AWSTemplateFormatVersion`)';
  const transform = child(v, 'Transform');
  if (transform !== undefined)
    return `CloudFormation with \`Transform\` (${[transform]
      .flat()
      .filter((t) => typeof t === 'string')
      .join(', ')})`;
  return 'CloudFormation (every `Resources` entry has a `Type`)';
}
