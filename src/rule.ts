// What a rule is, and what it may see. Rules are synchronous and pure: they read the document and
// report at JSON pointers; the engine finds positions, severities and applies fixes.
import type { Base64Field, EmbeddedJson } from './base64/fields.js';
import type { DocumentKind } from './classify.js';
import type { EmbeddedDefinition } from './definitions/find.js';
import type { EventShape } from './events.js';
import type { DefinitionLink, LinkedFile } from './definitions/links.js';
import type { FixTarget } from './fix/keys.js';
import type { Target } from './limits.js';
import { shortJsonPath } from './pointer.js';
import type { SizeIndex } from './sizes.js';
import type { Fix, Severity, SourceDocument, SourceRange } from './types.js';

type JsonSchema = Record<string, unknown>;

export interface ResolvedTarget extends Omit<Target, 'limitBytes'> {
  limitBytes: number;
  /** why this limit applies to the document (config glob, event shape, default), for messages */
  reason?: string;
  /** the limit counts only the HTTP request body (an ALB Lambda target), not the whole event */
  measure?: 'request-body';
}

export interface Report<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** pointer segments of the node the finding is about */
  at: readonly string[];
  /** Narrow the range to characters `[start, end)` of the string at `at` (decoded indexes). */
  inString?: { start: number; end: number };
  /** A range already resolved (inside an embedded definition): used instead of locating `at`. */
  range?: SourceRange;
  /** The JSONPath to show when `at` reaches inside an embedded definition. */
  path?: string;
  /** Lower than the configured severity (a finding that is only a warning, or a note, in this case). */
  severity?: Severity;
  bytes?: number;
  limitBytes?: number;
  fix?: Fix;
  suggestions?: Fix[];
}

/**
 * What `--fix` staged for upload (the stage folder, not the git index): sizes of the objects that
 * fileRef and payloadS3 references point at, so a rule can judge the object behind a reference.
 */
export interface StagedObjects {
  bytesOf(bucket: string, key: string): number | undefined;
}

/** The stage folder's objects from their sizes by `bucket/key` (plain data, so a worker thread gets the same view). */
export function stagedObjectsOf(sizes: Readonly<Record<string, number>>): StagedObjects {
  return {
    bytesOf: (bucket, key) =>
      Object.prototype.hasOwnProperty.call(sizes, `${bucket}/${key}`) ? sizes[`${bucket}/${key}`] : undefined,
  };
}

export interface RuleContext<M extends string = string, O = Record<string, unknown>> {
  document: SourceDocument;
  kind: DocumentKind;
  target: ResolvedTarget;
  /** The event shape of a payload, the one its target was chosen by (undefined: none, or not a payload). */
  eventShape: EventShape | undefined;
  options: O;
  /** Compact sizes of every node (computed on first use, shared by all rules). */
  readonly sizes: SizeIndex;
  /** Base64 strings of at least `minChars` characters (cached per document). */
  base64Fields(minChars: number): Base64Field[];
  /** Strings of at least `minChars` characters that hold JSON text (same walk, same cache). */
  embeddedJson(minChars: number): EmbeddedJson[];
  /** Step Functions definitions in this document (the document itself, Definition, DefinitionString...), cached. */
  definitions(): readonly EmbeddedDefinition[];
  /** Files this document names as definitions, with what the injected reader found (undefined: not looked up). */
  definitionLinks(): readonly (DefinitionLink & { found?: LinkedFile })[];
  /** Where rewrites move data (the config's `fix` section and the command line); undefined: no bucket, no such fix. */
  fixTarget: FixTarget | undefined;
  /** Objects in the S3 stage folder (during --fix, with the ones this pass is about to stage); undefined: none known. */
  stagedObjects: StagedObjects | undefined;
  report(report: Report<M>): void;
}

export interface RuleDefinition<M extends string = string, O = Record<string, unknown>> {
  /** kebab-case, equal to the file name */
  id: string;
  /** one line, reused in the doc and the README table */
  description: string;
  /** the default; `off` for a rule that only runs when a config turns it on */
  severity: Severity | 'off';
  fixable?: 'safe' | 'unsafe';
  /** message templates with `{{name}}` placeholders */
  messages: Record<M, string>;
  /** JSON Schema for the rule's options object (validated by ajv when a config sets options) */
  options: JsonSchema;
  defaultOptions: O;
  /**
   * JSON Schemas the rule checks documents against, by name: the build precompiles each into
   * dist/src/generated/data-validators.js under that name (a rule without one compiles it at run time).
   */
  dataSchemas?: Readonly<Record<string, JsonSchema>>;
  /** Which kinds of document the rule judges. */
  appliesTo: readonly DocumentKind[];
  check(ctx: RuleContext<M, O>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules with different option types share one registry; `unknown` would reject them (options are read contravariantly)
export type AnyRule = RuleDefinition<string, any>;

/** For a rule without options: an empty options object, and nothing else, is accepted. */
export const NO_OPTIONS = {
  options: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
} as const;

/** The document's top level when it is a JSON object (what event-shaped rules read). */
export function topObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Typed identity: message ids come from the rule's own `messages`, so a typo fails to compile. */
export function defineRule<M extends string, O>(rule: RuleDefinition<M, O>): RuleDefinition<M, O> {
  return rule;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  // A JSONPath is quoted short (its ends kept); the diagnostic's `path` field stays whole.
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? shortJsonPath(String(data[name])) : whole,
  );
}
