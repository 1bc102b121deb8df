// Runs the rules over one document and turns their reports into positioned, sorted diagnostics.
// Pure: the text comes in, data goes out.
import { posix } from 'node:path';
import { knownBytesOf, scanStrings, type Base64Field, type StringScan } from './base64/fields.js';
import {
  classify,
  classifyContent,
  kindFromPath,
  PAYLOAD_KINDS,
  type Classification,
  type DocumentKind,
} from './classify.js';
import { eventShapeOf, targetFor, type EventShape } from './events.js';
import {
  findDefinitionLinks,
  findDefinitions,
  isTerraformDocument,
  linkedDefinitions,
  parseStoodIn,
  type DefinitionLink,
  type EmbeddedDefinition,
  type LinkedFile,
  type LinkedFiles,
} from './definitions/index.js';
import type { FileSettings } from './config.js';
import { templateSyntaxAt } from './known-formats.js';
import { formatFor, parseSource, type ParseMessageId, type Parsers, type SourceResult } from './parse/source.js';
import { jsonPathIn, toPointer } from './pointer.js';
import type { FixTarget } from './fix/keys.js';
import {
  formatMessage,
  type AnyRule,
  type Report,
  type ResolvedTarget,
  type RuleContext,
  type StagedObjects,
} from './rule.js';
import { SizeIndex } from './sizes.js';
import { applySuppressions } from './suppress.js';
import { valueHash } from './fingerprint.js';
import { LineIndex } from './text.js';
import type { Diagnostic, FileResult, Severity, SourceDocument, SourceFormat } from './types.js';

/** The base64 scan whose sizes the size index reuses: no-inline-base64's default `minBytes`. */
const KNOWN_SIZES_MIN_CHARS = 4096;

export interface LintSourceOptions {
  settings: FileSettings;
  registry: readonly AnyRule[];
  /** The parsers at hand (the YAML parser is loaded on demand by the caller). */
  parsers: Readonly<Parsers>;
  /** Where rewrites move data; without it no fix moves data. */
  fixTarget?: FixTarget;
  /** Objects in the S3 stage folder, for rules that judge what a reference points at. */
  stagedObjects?: StagedObjects;
  format?: SourceFormat;
  /** Set Diagnostic.valueHash (for baselines and SARIF fingerprints); it costs a hash of each value. */
  valueHashes?: boolean;
  /** Reads files a definition link names (DefinitionUri, Serverless `${file()}`); without it links are not followed. */
  files?: LinkedFiles;
}

/** Lint a linked document as the definition(s) its linking file says it holds. */
interface DocumentOverride {
  kind: DocumentKind;
  definitions: EmbeddedDefinition[];
}

/** How the engine settled what a file is, before any rule runs. */
type Decision =
  /** decided without a document: the path (tool files, template projects) or template syntax where parsing stopped */
  | { skipped: Classification }
  | { failed: Extract<SourceResult, { ok: false }> }
  | { document: SourceDocument; classification: Classification };

/**
 * The kind of a file and the evidence, from its path first (so a tool's JSONC file is never
 * parsed as JSON), then its content. lintSource and `--print-config` both decide through here.
 */
function decide(
  filePath: string,
  input: Uint8Array | string,
  settings: FileSettings,
  parsers: Readonly<Parsers>,
  format?: SourceFormat,
): Decision {
  const configured = configuredKind(settings);
  const byPath = configured ? undefined : kindFromPath(filePath);
  if (byPath) return { skipped: byPath };
  const parsed = parseSource(filePath, input, parsers, format);
  if (parsed.ok)
    return {
      document: parsed.document,
      classification: configured ?? classifyContent(filePath, parsed.document.value, parsed.document.format),
    };
  if (parsed.messageId === 'syntax') {
    // An ASL file with `${placeholders}` where values go (DefinitionUri + DefinitionSubstitutions).
    const stoodIn = parseStoodIn(filePath, parsed.text, format ?? formatFor(filePath, parsed.text), parsers);
    if (stoodIn)
      return {
        document: stoodIn,
        classification: configured ?? {
          kind: 'state-machine',
          reason: 'state machine: Amazon States Language with `${placeholders}` (DefinitionSubstitutions)',
        },
      };
    const template = configured ? undefined : templateSyntaxAt(parsed.text, parsed.error.offset);
    if (template) return { skipped: { kind: 'template-source', reason: `template source: ${template}` } };
    const records = configured ? undefined : jsonLinesRecords(filePath, parsed.text);
    if (records)
      return {
        skipped: {
          kind: 'other',
          reason: `not a payload: JSON Lines data (${records} records, one JSON value a line)`,
        },
      };
  }
  return { failed: parsed };
}

/**
 * JSON Lines named `.json` (Athena, Glue and Firehose data, DynamoDB exports): two or more lines,
 * each a whole JSON value. Such a file is data read record by record, not one payload.
 */
function jsonLinesRecords(filePath: string, text: string): number | undefined {
  if (!/\.json$/i.test(filePath)) return undefined;
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return undefined;
  for (const line of lines) {
    const t = line.trim();
    if (t[0] !== '{' && t[0] !== '[') return undefined;
    try {
      JSON.parse(t);
    } catch {
      return undefined;
    }
  }
  return lines.length;
}

function configuredKind(settings: FileSettings): Classification | undefined {
  return (
    settings.kind && {
      kind: settings.kind,
      reason: `${settings.kind}: config \`kinds\` entry (${settings.kindFrom ?? 'config'})`,
    }
  );
}

export function lintSource(filePath: string, input: Uint8Array | string, options: LintSourceOptions): FileResult {
  const decision = decide(filePath, input, options.settings, options.parsers, options.format);
  if ('skipped' in decision) {
    return {
      filePath,
      diagnostics: [],
      fileBytes: typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength,
    };
  }
  if ('document' in decision) return lintDocument(decision.document, options, decision.classification.kind);
  const parsed = decision.failed;
  // The Terraform reader knows only the HCL a definition needs: a .tf file it cannot read that
  // names no state machine has nothing to check, and is not a user's mistake.
  if (
    parsed.messageId === 'syntax' &&
    /\.tf$/i.test(filePath) &&
    !/aws_sfn_state_machine|\bdefinition\s*=/.test(parsed.text)
  )
    return { filePath, diagnostics: [] };
  const lines = new LineIndex(parsed.text);
  const pos = lines.position(parsed.error.offset);
  const format = options.format ?? (/\.ya?ml$/i.test(filePath) ? 'YAML' : /\.tf$/i.test(filePath) ? 'HCL' : 'JSON');
  return {
    filePath,
    diagnostics: [
      parseDiagnostic(
        filePath,
        parsed.messageId,
        { format: String(format).toUpperCase(), detail: parsed.error.message },
        options.registry,
        pos,
      ),
    ],
  };
}

export interface FileExplanation {
  /** undefined when the file could not be read or parsed */
  kind?: DocumentKind;
  kindReason: string;
  target: ResolvedTarget;
  targetReason: string;
}

/** What `--print-config` says of a file: its kind, its target and limit, and the reason for each. */
export function explainFile(
  filePath: string,
  input: Uint8Array | string | undefined,
  settings: FileSettings,
  parsers: Readonly<Parsers>,
  unreadable?: string,
): FileExplanation {
  const configured = configuredKind(settings);
  let kind: DocumentKind | undefined;
  let kindReason: string;
  let value: unknown;
  if (input === undefined) {
    const known = configured || kindFromPath(filePath);
    kind = known ? known.kind : undefined;
    kindReason = known ? known.reason : `not decided: cannot read the file (${unreadable ?? 'not read'})`;
  } else {
    const decision = decide(filePath, input, settings, parsers);
    if ('failed' in decision) kindReason = `parse-error: ${decision.failed.error.message}; nothing in it is checked`;
    else {
      const c = 'skipped' in decision ? decision.skipped : decision.classification;
      kind = c.kind;
      kindReason = c.reason;
      if ('document' in decision) value = decision.document.value;
    }
  }
  if (kind === 'tooling' || kind === 'template-source') kindReason += '; skipped';
  // Undecided (unreadable) files are shown the target a payload there would get.
  const chosen =
    kind === undefined || PAYLOAD_KINDS.has(kind)
      ? targetFor(value, kind ?? 'payload', settings)
      : { target: settings.target, reason: 'not used: the file is not a payload' };
  const { target, reason } = chosen;
  return { kind, kindReason, target, targetReason: reason };
}

export function unreadableResult(filePath: string, detail: string, registry: readonly AnyRule[]): FileResult {
  return {
    filePath,
    diagnostics: [parseDiagnostic(filePath, 'unreadable', { detail }, registry, { line: 1, column: 1 })],
  };
}

/** A file named on the command line that a default ignore skips: a warning that says why, as ESLint's "File ignored by default". */
export function ignoredResult(filePath: string, reason: string, registry: readonly AnyRule[]): FileResult {
  return {
    filePath,
    diagnostics: [
      { ...parseDiagnostic(filePath, 'ignoredFile', { reason }, registry, { line: 1, column: 1 }), severity: 'warn' },
    ],
  };
}

function parseDiagnostic(
  filePath: string,
  messageId:
    ParseMessageId | 'unreadable' | 'crash' | 'laterDocument' | 'duplicateKey' | 'duplicateTemplateKey' | 'ignoredFile',
  data: Record<string, string>,
  registry: readonly AnyRule[],
  pos: { line: number; column: number },
): Diagnostic {
  const rule = registry.find((r) => r.id === 'parse-error');
  const template = rule?.messages[messageId] ?? '{{detail}}';
  return {
    ruleId: 'parse-error',
    messageId,
    message: formatMessage(template, data),
    severity: 'error',
    filePath,
    path: '$',
    pointer: '',
    line: pos.line,
    column: pos.column,
    endLine: pos.line,
    endColumn: pos.column + 1,
  };
}

function lintDocument(
  document: SourceDocument,
  options: LintSourceOptions,
  override?: DocumentOverride | DocumentKind,
): FileResult {
  const { settings, registry } = options;
  const overrideKind = typeof override === 'string' ? override : override?.kind;
  const kind: DocumentKind =
    overrideKind ?? settings.kind ?? classify(document.filePath, document.value, document.format);
  // The target and payload-size both ask for the shape, and finding it tries every shape's test.
  const eventShape = kind === 'payload' ? eventShapeOf(document.value) : undefined;
  const chosen = targetFor(document.value, kind, settings, eventShape ?? null);
  const target = { ...chosen.target, reason: chosen.reason };
  const lines = new LineIndex(document.text);
  const ctx = new DocumentContext(
    document,
    kind,
    target,
    eventShape,
    lines,
    options,
    typeof override === 'object' ? override : undefined,
  );
  const { diagnostics } = ctx;
  for (const rule of registry) {
    const state = settings.rules.get(rule.id);
    if (!state || state.severity === 'off' || !rule.appliesTo.includes(kind)) continue;
    ctx.rule = rule;
    ctx.configured = state.severity;
    ctx.options = state.options;
    try {
      rule.check(ctx);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      diagnostics.push(
        parseDiagnostic(document.filePath, 'crash', { rule: rule.id, detail }, registry, { line: 1, column: 1 }),
      );
    }
  }
  // A file whose first document is something we check, with more content after it: say so, since
  // that content was not checked (a folder of multi-document manifests, kind `other`, stays quiet).
  if (document.laterDocumentOffset !== undefined && kind !== 'other' && kind !== 'tooling') {
    const at = lines.position(document.laterDocumentOffset);
    diagnostics.push({
      ...parseDiagnostic(document.filePath, 'laterDocument', { line: String(at.line) }, registry, at),
      severity: 'warn',
    });
  }
  for (const duplicate of document.duplicateKeys ?? []) {
    const at = lines.position(duplicate.offset);
    const data = {
      key: duplicate.key,
      line: String(at.line),
      firstLine: String(lines.position(duplicate.firstOffset).line),
    };
    diagnostics.push(
      parseDiagnostic(
        document.filePath,
        kind === 'template' ? 'duplicateTemplateKey' : 'duplicateKey',
        data,
        registry,
        at,
      ),
    );
  }
  const { kept, suppressed, usedIgnores } = applySuppressions(document, lines, diagnostics, settings, registry);
  if (options.valueHashes) for (const d of kept) d.valueHash = valueHash(document.value, d.pointer);
  const isPayload = PAYLOAD_KINDS.has(kind);
  // Serverless `${file()}` and Terraform `templatefile()` definitions are linted where they are written.
  const followed =
    kind === 'serverless'
      ? ctx.definitionLinks()
      : kind === 'template' && isTerraformDocument(document)
        ? ctx.definitionLinks().filter((l) => l.terraform)
        : [];
  const linked = followed.length ? lintLinked(document.filePath, followed, options) : { results: [] };
  return {
    filePath: document.filePath,
    diagnostics: sortDiagnostics(kept),
    ...(suppressed.length ? { suppressed } : {}),
    ...(usedIgnores.length ? { usedIgnores } : {}),
    fileBytes: document.fileBytes,
    limitBytes: isPayload ? target.limitBytes : undefined,
    ...(linked.results.length ? { linked: linked.results } : {}),
    ...(linked.needsYaml ? { needsYaml: true } : {}),
    ...(ctx.readLinks && options.files ? { readsLinkedFiles: true } : {}),
  };
}

/**
 * One context for every rule of a document, pointed at the rule running (a context with its
 * closures per rule per file was most of the engine's own time on a tree of small payloads). A
 * class, so that making one per file sets a few fields: an object literal with getters is built
 * through the runtime each time.
 */
class DocumentContext implements RuleContext {
  rule!: AnyRule;
  configured: Severity = 'warn';
  options: Record<string, unknown> = {};
  readonly diagnostics: Diagnostic[] = [];
  readonly fixTarget: FixTarget | undefined;
  readonly stagedObjects: StagedObjects | undefined;
  private sizeIndex: SizeIndex | undefined;
  /** The string scans by their minimum length (rules ask for two or three lengths). */
  private readonly scans = new Map<number, StringScan>();
  private defs: EmbeddedDefinition[] | undefined;
  // Linked files are read only when a rule asks, or to lint a Serverless file's linked definitions.
  private links: (DefinitionLink & { found?: LinkedFile })[] | undefined;

  constructor(
    readonly document: SourceDocument,
    readonly kind: DocumentKind,
    readonly target: ResolvedTarget,
    readonly eventShape: EventShape | undefined,
    private readonly lines: LineIndex,
    private readonly run: LintSourceOptions,
    linkedAs: DocumentOverride | undefined,
  ) {
    this.fixTarget = run.fixTarget;
    this.stagedObjects = run.stagedObjects;
    this.defs = linkedAs?.definitions;
    this.links = linkedAs ? [] : undefined;
  }

  /** Compact sizes; long base64 strings were (or will be) measured by the base64 scan: those sizes are reused. */
  get sizes(): SizeIndex {
    return (this.sizeIndex ??= new SizeIndex(
      this.document.value,
      knownBytesOf(this.base64Fields(KNOWN_SIZES_MIN_CHARS)),
    ));
  }

  private scan(minChars: number): StringScan {
    let found = this.scans.get(minChars);
    if (!found) this.scans.set(minChars, (found = scanStrings(this.document.value, minChars)));
    return found;
  }

  base64Fields(minChars: number): Base64Field[] {
    return this.scan(minChars).base64;
  }

  embeddedJson(minChars: number) {
    return this.scan(minChars).embeddedJson;
  }

  definitions(): readonly EmbeddedDefinition[] {
    return (this.defs ??= findDefinitions(this.document, this.kind));
  }

  definitionLinks(): (DefinitionLink & { found?: LinkedFile })[] {
    return (this.links ??= findDefinitionLinks(this.document, this.kind).map((link) => ({
      ...link,
      found: this.run.files?.(link.file),
    })));
  }

  /** Whether the links were looked up and there were some (the result then depends on other files). */
  get readLinks(): boolean {
    return (this.links?.length ?? 0) > 0;
  }

  report(r: Report<string>): void {
    this.diagnostics.push(toDiagnostic(this.rule, r, this.document, this.lines, lower(this.configured, r.severity)));
  }
}

/**
 * Serverless `definition: ${file(...)}` and Terraform `templatefile()`: the linked definition is
 * linted where it is written, as a result of the linked file (the run merges it with that file's
 * own result).
 */
function lintLinked(
  filePath: string,
  links: readonly (DefinitionLink & { found?: LinkedFile })[],
  options: LintSourceOptions,
): { results: FileResult[]; needsYaml?: boolean } {
  const out: FileResult[] = [];
  let needsYaml = false;
  for (const link of links) {
    const found = link.found;
    if (found?.status !== 'found') continue;
    const linkedPath = posix.normalize(posix.join(posix.dirname(filePath), link.file));
    // A YAML definition linked from a run that loaded no YAML parser: the caller loads it and lints again.
    if (!options.parsers.yaml && /\.ya?ml$/i.test(linkedPath)) {
      needsYaml = true;
      continue;
    }
    let parsed: ReturnType<typeof parseSource>;
    try {
      parsed = parseSource(linkedPath, found.bytes, options.parsers);
    } catch {
      // A YAML file linked from a run that loaded no YAML parser: not followed.
      continue;
    }
    const doc = parsed.ok
      ? parsed.document
      : parsed.messageId === 'syntax'
        ? parseStoodIn(
            linkedPath,
            parsed.text,
            formatFor(linkedPath, parsed.text),
            options.parsers,
            link.terraform?.substitutions,
          )
        : undefined;
    const definitions = doc ? linkedDefinitions(doc, link) : [];
    if (doc && definitions.length)
      out.push(
        lintDocument(
          doc,
          { ...options, files: undefined },
          { kind: link.terraform ? 'template' : 'serverless', definitions },
        ),
      );
  }
  return { results: out, needsYaml };
}

const SEVERITY_RANK: Record<Severity, number> = { note: 0, warn: 1, error: 2 };

/** A report may lower its rule's configured severity (error to warn, anything to note), never raise it. */
function lower(configured: Severity, reported: Severity | undefined): Severity {
  return reported !== undefined && SEVERITY_RANK[reported] < SEVERITY_RANK[configured] ? reported : configured;
}

function toDiagnostic(
  rule: AnyRule,
  r: Report<string>,
  doc: SourceDocument,
  lines: LineIndex,
  severity: Severity,
): Diagnostic {
  const segments = [...r.at];
  // A pointer that cannot be located (a value synthesised by a tag, say) falls back to its parent.
  let found = doc.locate(segments);
  while (!found && segments.length) {
    segments.pop();
    found = doc.locate(segments);
  }
  let start = found ? (found.key?.start ?? found.value.start) : 0;
  let end = found ? found.value.end : 0;
  if (r.range) {
    start = r.range.start;
    end = r.range.end;
  } else if (r.inString && doc.stringOffset && segments.length === r.at.length) {
    const s = doc.stringOffset(segments, r.inString.start);
    const e = doc.stringOffset(segments, r.inString.end);
    if (s !== undefined && e !== undefined) {
      start = s;
      end = Math.max(e, s + 1);
    }
  }
  const from = lines.position(start);
  const to = lines.position(end);
  return {
    ruleId: rule.id,
    messageId: r.messageId,
    message: formatMessage(rule.messages[r.messageId], r.data).trim(),
    severity,
    filePath: doc.filePath,
    path: r.path ?? jsonPathIn(doc.value, r.at),
    pointer: toPointer(r.at),
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    ...(r.bytes !== undefined ? { bytes: r.bytes } : {}),
    ...(r.limitBytes !== undefined ? { limitBytes: r.limitBytes } : {}),
    ...(r.fix ? { fix: r.fix } : {}),
    ...(r.suggestions?.length ? { suggestions: r.suggestions } : {}),
  };
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(
    (a, b) =>
      cmp(a.filePath, b.filePath) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.pointer, b.pointer),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
