// Runs the rules over one document and turns their reports into positioned, sorted diagnostics.
// Pure: the text comes in, data goes out.
import { knownBytesOf, scanStrings, type Base64Field, type StringScan } from './base64-fields.js';
import { classify, type DocumentKind } from './classify.js';
import { findDefinitions, parseStoodIn, type EmbeddedDefinition } from './definitions/index.js';
import type { FileSettings } from './config.js';
import { formatFor, parseSource, type ParseMessageId } from './parse/source.js';
import { jsonPathIn, toPointer } from './pointer.js';
import { formatMessage, type AnyRule, type Report, type RuleContext } from './rule.js';
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
  fixSettings?: Readonly<Record<string, unknown>>;
  format?: SourceFormat;
  /** Set Diagnostic.valueHash (for baselines and SARIF fingerprints); it costs a hash of each value. */
  valueHashes?: boolean;
}

export function lintSource(filePath: string, input: Uint8Array | string, options: LintSourceOptions): FileResult {
  const parsed = parseSource(filePath, input, options.format);
  if (!parsed.ok) {
    // An ASL file with `${placeholders}` where values go (DefinitionUri + DefinitionSubstitutions).
    const stoodIn = parsed.messageId === 'syntax' ? parseStoodIn(filePath, parsed.text, options.format ?? formatFor(filePath, parsed.text)) : undefined;
    if (stoodIn) return lintDocument(stoodIn, options);
    // The Terraform reader knows only the HCL a definition needs: a .tf file it cannot read that
    // names no state machine has nothing to check, and is not a user's mistake.
    if (parsed.messageId === 'syntax' && /\.tf$/i.test(filePath) && !/aws_sfn_state_machine|\bdefinition\s*=/.test(parsed.text)) return { filePath, diagnostics: [] };
    const lines = new LineIndex(parsed.text);
    const pos = lines.position(parsed.error.offset);
    const format = options.format ?? (/\.ya?ml$/i.test(filePath) ? 'YAML' : /\.tf$/i.test(filePath) ? 'HCL' : 'JSON');
    return {
      filePath,
      diagnostics: [
        parseDiagnostic(filePath, parsed.messageId, { format: String(format).toUpperCase(), detail: parsed.error.message }, options.registry, pos),
      ],
    };
  }
  return lintDocument(parsed.document, options);
}

export function unreadableResult(filePath: string, detail: string, registry: readonly AnyRule[]): FileResult {
  return { filePath, diagnostics: [parseDiagnostic(filePath, 'unreadable', { detail }, registry, { line: 1, column: 1 })] };
}

function parseDiagnostic(
  filePath: string,
  messageId: ParseMessageId | 'unreadable' | 'crash' | 'laterDocument',
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

export function lintDocument(document: SourceDocument, options: LintSourceOptions): FileResult {
  const { settings, registry } = options;
  const kind: DocumentKind = settings.kind ?? classify(document.filePath, document.value, document.format);
  const lines = new LineIndex(document.text);
  const diagnostics: Diagnostic[] = [];
  let sizes: SizeIndex | undefined;
  const scanCache = new Map<number, StringScan>();
  const scan = (minChars: number): StringScan => {
    let found = scanCache.get(minChars);
    if (!found) scanCache.set(minChars, (found = scanStrings(document.value, minChars)));
    return found;
  };
  const base64Fields = (minChars: number): Base64Field[] => scan(minChars).base64;
  let definitions: EmbeddedDefinition[] | undefined;

  for (const rule of registry) {
    const state = settings.rules.get(rule.id);
    if (!state || state.severity === 'off' || !rule.appliesTo.includes(kind)) continue;
    const configured = state.severity;
    const ctx: RuleContext = {
      document,
      kind,
      target: settings.target,
      options: state.options,
      get sizes() {
        // Long base64 strings were (or will be) measured by the base64 scan: reuse those sizes.
        return (sizes ??= new SizeIndex(document.value, knownBytesOf(base64Fields(KNOWN_SIZES_MIN_CHARS))));
      },
      base64Fields,
      embeddedJson: (minChars) => scan(minChars).embeddedJson,
      definitions() {
        return (definitions ??= findDefinitions(document, kind));
      },
      settings: options.fixSettings ?? {},
      report(r: Report<string>) {
        diagnostics.push(toDiagnostic(rule, r, document, lines, lower(configured, r.severity)));
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      diagnostics.push(parseDiagnostic(document.filePath, 'crash', { rule: rule.id, detail }, registry, { line: 1, column: 1 }));
    }
  }
  // A file whose first document is something we check, with more content after it: say so, since
  // that content was not checked (a folder of multi-document manifests, kind `other`, stays quiet).
  if (document.laterDocumentOffset !== undefined && kind !== 'other' && kind !== 'tooling') {
    const at = lines.position(document.laterDocumentOffset);
    diagnostics.push({ ...parseDiagnostic(document.filePath, 'laterDocument', { line: String(at.line) }, registry, at), severity: 'warn' });
  }
  const { kept, suppressed, usedIgnores } = applySuppressions(document, lines, diagnostics, settings, registry);
  if (options.valueHashes) for (const d of kept) d.valueHash = valueHash(document.value, d.pointer);
  const isPayload = kind === 'payload' || kind === 'power-tuning';
  return {
    filePath: document.filePath,
    diagnostics: sortDiagnostics(kept),
    ...(suppressed.length ? { suppressed } : {}),
    ...(usedIgnores.length ? { usedIgnores } : {}),
    fileBytes: document.fileBytes,
    limitBytes: isPayload ? settings.target.limitBytes : undefined,
  };
}

function lower(configured: Severity, reported: Severity | undefined): Severity {
  return configured === 'warn' || reported === 'warn' ? 'warn' : 'error';
}

function toDiagnostic(rule: AnyRule, r: Report<string>, doc: SourceDocument, lines: LineIndex, severity: Severity): Diagnostic {
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
      cmp(a.filePath, b.filePath) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || cmp(a.pointer, b.pointer),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
