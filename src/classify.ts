// What a document is decides which rules judge it: a 600 KB template of small resources is not a
// payload problem, and package-lock.json is not a Lambda event.
import { child } from './pointer.js';

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
  /** package.json, lock files, tsconfig, editor settings */
  | 'tooling'
  /** YAML that is neither a template nor a definition (CI config, OpenAPI, Kubernetes): not a payload */
  | 'other';

export const DOCUMENT_KINDS: DocumentKind[] = ['power-tuning', 'payload', 'state-machine', 'template', 'serverless', 'tooling', 'other'];
export const PAYLOAD_KINDS: ReadonlySet<DocumentKind> = new Set(['power-tuning', 'payload']);

const TOOLING_NAMES = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'composer.json',
  'composer.lock',
  'deno.json',
  'deno.jsonc',
  'lerna.json',
  'nx.json',
  'turbo.json',
  'renovate.json',
  '.renovaterc.json',
  'biome.json',
  'vercel.json',
  '.pre-commit-config.yaml',
  '.pre-commit-hooks.yaml',
  'pubspec.yaml',
  'pubspec.lock',
  'docker-compose.yml',
  'docker-compose.yaml',
  'mkdocs.yml',
  'codecov.yml',
  '.gitlab-ci.yml',
  'action.yml',
  'action.yaml',
  'cdk.json',
  'cdk.context.json',
  'tree.json',
  'manifest.json',
  'payload-guard.config.json',
  '.payloadguardrc.json',
]);

const TOOLING_PATTERNS = [
  /^tsconfig.*\.json$/,
  /^jsconfig.*\.json$/,
  /^\.eslintrc(\..*)?$/,
  /^\.prettierrc(\..*)?$/,
  /^\.babelrc(\..*)?$/,
  /^\.stylelintrc(\..*)?$/,
  /^\.markdownlint.*$/,
  /^\.swcrc$/,
  /^api-extractor\.json$/,
  /\.code-workspace$/,
];

const TOOLING_DIRS = /(^|\/)(\.vscode|\.idea|\.devcontainer|\.github|\.circleci|\.husky|cdk\.out\/asset\.[^/]*)\//;

export function isToolingPath(filePath: string): boolean {
  const norm = filePath.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  if (TOOLING_NAMES.has(base)) return true;
  if (TOOLING_PATTERNS.some((p) => p.test(base))) return true;
  // cdk.out/manifest.json and cdk.out/tree.json are tooling; cdk.out/*.template.json are templates.
  return TOOLING_DIRS.test(norm);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isStateMachine(v: unknown): boolean {
  return isObject(v) && typeof child(v, 'StartAt') === 'string' && isObject(child(v, 'States'));
}

export function isTemplate(v: unknown): boolean {
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

export function isServerless(v: unknown): boolean {
  return isObject(v) && child(v, 'service') !== undefined && (isObject(child(v, 'provider')) || child(v, 'functions') !== undefined);
}

/** A Power Tuning input has `lambdaARN` with `num`, `powerValues`, `payload` or `payloadS3`. */
export function isPowerTuningInput(v: unknown): boolean {
  if (!isObject(v) || child(v, 'lambdaARN') === undefined) return false;
  return ['num', 'powerValues', 'payload', 'payloadS3'].some((k) => child(v, k) !== undefined);
}

/** Terraform: a `.tf` file, its JSON syntax (`.tf.json`), or the JSON of `terraform show -json PLAN` (resolved definitions). */
export function isTerraform(filePath: string, v: unknown, format: string): boolean {
  if (format === 'hcl' || /\.tf\.json$/i.test(filePath)) return true;
  return isObject(v) && typeof child(v, 'format_version') === 'string' && Array.isArray(child(v, 'resource_changes'));
}

export function classify(filePath: string, value: unknown, format: 'json' | 'jsonc' | 'yaml' | 'hcl'): DocumentKind {
  if (isToolingPath(filePath)) return 'tooling';
  // Terraform definitions are judged as a template's are (src/definitions/terraform.ts finds them).
  if (isTerraform(filePath, value, format)) return 'template';
  if (isStateMachine(value)) return 'state-machine';
  if (isTemplate(value)) return 'template';
  if (isServerless(value)) return 'serverless';
  if (isPowerTuningInput(value)) return 'power-tuning';
  // Payloads travel as JSON; a YAML file that is none of the above is configuration.
  return format === 'yaml' ? 'other' : 'payload';
}
