// Where Step Functions definitions live in a document, and how to point from inside one back to
// the text the user edits. A definition may be the document itself (an ASL file), an object
// (`Definition`, Serverless `definition`), or JSON inside a string (`DefinitionString`, plain, under
// `Fn::Sub` in both forms, or glued together by `Fn::Join` as CDK writes it). For the string forms
// the inner JSON is parsed with the JSON parser and every inner offset is mapped through the
// string's own escapes (or YAML block scalar) to the offset in the file.
import type { DocumentKind } from '../classify.js';
import { isStateMachine } from '../classify.js';
import { parseJson } from '../parse/json.js';
import { child, toJsonPath, isObject, setOwn } from '../pointer.js';
import { compactJson, compactJsonBytes } from '../text.js';
import type { Located, SourceDocument } from '../types.js';
import { filledBytes, findPlaceholders, placeholdersInStrings, standIn } from './placeholders.js';
import { hasDeployTimeText } from './states.js';
import { fileCall, terraformHomes } from './terraform.js';

type DefinitionForm = 'document' | 'object' | 'string' | 'sub' | 'join';

export interface EmbeddedDefinition {
  /** resource logical id, Serverless state machine name, or the file name */
  name: string;
  form: DefinitionForm;
  /** pointer segments of the property holding the definition ([] for an ASL document) */
  holder: string[];
  /** the parsed definition (placeholders stood in) */
  value: unknown;
  /** UTF-8 bytes of the definition as Step Functions receives it, or the literal lower bound */
  bytes: number;
  /** true when parts are unknown until deployment (Ref, GetAtt, unfilled `${...}`) */
  lowerBound: boolean;
  /**
   * No value inside the definition is longer than this as compact JSON (UTF-8 bytes), so a size
   * rule whose limit is at least this has nothing to measure. Infinity when no bound is known.
   */
  valueBytesAtMost(): number;
  /** outer range of an inner pointer */
  locate(inner: readonly string[]): Located | undefined;
  /** outer offset of character `index` of an inner string value */
  stringOffset(inner: readonly string[], index: number): number | undefined;
  /** JSONPath for messages: the holder's path followed by the inner path (intrinsic wrappers left out) */
  path(inner: readonly string[]): string;
}

/** A definition kept in a file of its own (`DefinitionUri`, `DefinitionS3Location` with a local path). */
export interface DefinitionReference {
  name: string;
  holder: string[];
  file: string;
  substitutions: Record<string, unknown>;
  /** Terraform `templatefile()` / `file()`: the file is linted as the definition, its variables stood in */
  terraform?: true;
}

const STATE_MACHINE_TYPES = new Set(['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine']);

// A document that only parsed with placeholders stood in (see engine): its definition is a lower bound.
const standInDocuments = new WeakSet<SourceDocument>();
export function markStoodIn(doc: SourceDocument): void {
  standInDocuments.add(doc);
}

export function findDefinitions(doc: SourceDocument, kind: DocumentKind): EmbeddedDefinition[] {
  if (kind === 'state-machine') return [documentDefinition(doc)];
  const out: EmbeddedDefinition[] = [];
  const root = doc.value;
  if (kind === 'template') {
    for (const home of terraformHomes(root)) {
      // jsonencode({...}): references and `${...}` inside it are known only at plan time, which
      // the object form's lower bound already says.
      const d = fromValue(doc, home.name, home.holder, home.value, {});
      if (d) out.push(d);
    }
    for (const { id, props } of stateMachineResources(root)) {
      const subs = literalSubstitutions(props.DefinitionSubstitutions);
      const base = ['Resources', id, 'Properties'];
      if (props.Definition !== undefined) {
        const d = fromValue(doc, id, [...base, 'Definition'], props.Definition, subs);
        if (d) out.push(d);
      }
      if (props.DefinitionString !== undefined) {
        const d = fromValue(doc, id, [...base, 'DefinitionString'], props.DefinitionString, subs);
        if (d) out.push(d);
      }
    }
  } else if (kind === 'serverless') {
    const machines = child(child(root, 'stepFunctions'), 'stateMachines');
    if (!isObject(machines)) return out;
    for (const name of Object.keys(machines)) {
      const m = machines[name];
      if (!isObject(m) || m.definition === undefined) continue;
      const d = fromValue(doc, name, ['stepFunctions', 'stateMachines', name, 'definition'], m.definition, {});
      if (d) out.push(d);
    }
  }
  return out;
}

/** The definition at `holder` of a document ([] for the document itself), as a linked file holds it. */
export function definitionAt(doc: SourceDocument, name: string, holder: string[]): EmbeddedDefinition | undefined {
  if (!holder.length) return documentDefinition(doc);
  let v: unknown = doc.value;
  for (const seg of holder) v = child(v, seg);
  return v === undefined ? undefined : fromValue(doc, name, holder, v, {});
}

/** The state machine resources of a template (CloudFormation and SAM types), with their properties. */
function stateMachineResources(root: unknown): { id: string; props: Record<string, unknown> }[] {
  const resources = child(root, 'Resources');
  if (!isObject(resources)) return [];
  const out: { id: string; props: Record<string, unknown> }[] = [];
  for (const id of Object.keys(resources)) {
    const r = resources[id];
    if (isObject(r) && STATE_MACHINE_TYPES.has(String(r.Type)) && isObject(r.Properties))
      out.push({ id, props: r.Properties });
  }
  return out;
}

/** `DefinitionUri: statemachine/x.asl.json` and `DefinitionS3Location` naming a local file. */
export function findDefinitionReferences(doc: SourceDocument): DefinitionReference[] {
  const out: DefinitionReference[] = [];
  // Terraform `templatefile("x.asl.json", {...})` / `file(...)`: paths are relative to the .tf file.
  for (const home of terraformHomes(doc.value)) {
    const ref = fileCall(home.value, doc.value);
    if (ref) out.push({ name: home.name, holder: home.holder, ...ref, terraform: true });
  }
  for (const { id, props } of stateMachineResources(doc.value)) {
    const substitutions = literalSubstitutions(props.DefinitionSubstitutions);
    for (const key of ['DefinitionUri', 'DefinitionS3Location']) {
      const v = props[key];
      // A local path is a string that is not an s3:// URI; `{Bucket, Key}` objects live in S3.
      if (typeof v === 'string' && v && !/^s3:\/\//i.test(v))
        out.push({ name: id, holder: ['Resources', id, 'Properties', key], file: v, substitutions });
    }
  }
  return out;
}

function literalSubstitutions(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(v)) return out;
  for (const [k, s] of Object.entries(v))
    if (typeof s === 'string' || typeof s === 'number' || typeof s === 'boolean') setOwn(out, k, s);
  return out;
}

function documentDefinition(doc: SourceDocument): EmbeddedDefinition {
  const lowerBound = standInDocuments.has(doc);
  // A YAML definition is measured as the JSON Step Functions receives, any other as written.
  const compactBytes = once(() => compactJsonBytes(doc.value));
  const jsonText = doc.format === 'json' || doc.format === 'jsonc';
  const bytes = doc.format === 'yaml' ? compactBytes() : doc.fileBytes;
  return {
    name: doc.filePath.replace(/^.*[\\/]/, ''),
    form: 'document',
    holder: [],
    value: doc.value,
    bytes,
    lowerBound,
    valueBytesAtMost: jsonText ? once(() => jsonTextBound(doc.text)) : compactBytes,
    locate: (inner) => doc.locate(inner),
    stringOffset: (inner, i) => doc.stringOffset?.(inner, i),
    path: (inner) => pathOf(doc.value, [], inner, doc.value),
  };
}

function fromValue(
  doc: SourceDocument,
  name: string,
  holder: string[],
  v: unknown,
  subs: Record<string, unknown>,
): EmbeddedDefinition | undefined {
  if (typeof v === 'string')
    return fromText(doc, name, holder, 'string', [{ kind: 'literal', text: v, segments: holder }], subs);
  if (!isObject(v)) return undefined;
  const sub = child(v, 'Fn::Sub');
  if (typeof sub === 'string')
    return fromText(doc, name, holder, 'sub', [{ kind: 'literal', text: sub, segments: [...holder, 'Fn::Sub'] }], subs);
  if (Array.isArray(sub) && typeof sub[0] === 'string') {
    const vars = { ...subs, ...literalSubstitutions(sub[1]) };
    return fromText(
      doc,
      name,
      holder,
      'sub',
      [{ kind: 'literal', text: sub[0], segments: [...holder, 'Fn::Sub', '0'] }],
      vars,
    );
  }
  const join = child(v, 'Fn::Join');
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const pieces: Piece[] = [];
    join[1].forEach((part: unknown, i: number) => {
      if (i > 0 && join[0])
        pieces.push({ kind: 'literal', text: join[0] as string, segments: [...holder, 'Fn::Join', '0'] });
      const segments = [...holder, 'Fn::Join', '1', String(i)];
      pieces.push(
        typeof part === 'string' ? { kind: 'literal', text: part, segments } : { kind: 'unknown', text: '', segments },
      );
    });
    return fromText(doc, name, holder, 'join', pieces, subs);
  }
  if (!isStateMachine(v)) return undefined;
  const json = compactJson(v) ?? '';
  const bytes = Buffer.byteLength(json, 'utf8');
  return {
    name,
    form: 'object',
    holder,
    value: v,
    bytes,
    // A value's compact JSON is a part of its container's.
    valueBytesAtMost: () => bytes,
    // An intrinsic function, or a `${...}` (DefinitionSubstitutions; Serverless `${self:...}`,
    // `${opt:...}`, `${ssm:...}`), inside the object is resolved at deployment.
    lowerBound: hasDeployTimeText(json),
    locate: (inner) => doc.locate([...holder, ...inner]),
    stringOffset: (inner, i) => doc.stringOffset?.([...holder, ...inner], i),
    path: (inner) => pathOf(doc.value, holder, inner, v),
  };
}

interface Piece {
  kind: 'literal' | 'unknown';
  text: string;
  /** outer pointer segments of the string this piece is (or of the intrinsic it stands for) */
  segments: string[];
}

interface Span {
  piece: Piece;
  start: number;
  end: number;
}

function fromText(
  doc: SourceDocument,
  name: string,
  holder: string[],
  form: DefinitionForm,
  pieces: Piece[],
  subs: Record<string, unknown>,
): EmbeddedDefinition | undefined {
  // Join: an unknown part inside a JSON string stands in as nothing; outside one, as `0`.
  let text = '';
  const spans: Span[] = [];
  let unknownParts = 0;
  // Whether the text so far ends inside a JSON string, carried piece by piece (a CDK Fn::Join
  // has hundreds of pieces: scanning the whole text again at each would be quadratic).
  const quote: QuoteState = { inString: false, escaped: false, at: 0 };
  for (const piece of pieces) {
    let t = piece.text;
    if (piece.kind === 'unknown') {
      unknownParts++;
      scanQuotes(text, quote);
      t = quote.inString ? '' : '0';
    }
    spans.push({ piece, start: text.length, end: text.length + t.length });
    text += t;
  }
  // Most texts are JSON as written (placeholders, if any, inside strings): parsed once, with no
  // walk along every quote. Only a text with a bare `${...}` is walked and parsed stood in.
  let placeholders = placeholdersInStrings(text);
  let stoodIn = text;
  let parsed = parseJson(text, { comments: false, explain: false });
  if (!parsed.ok && placeholders.length) {
    placeholders = findPlaceholders(text);
    stoodIn = standIn(text, placeholders, subs);
    parsed = parseJson(stoodIn, { comments: false, explain: false });
  }
  if (!parsed.ok || !isStateMachine(parsed.value)) return undefined;
  const filled = filledBytes(text, placeholders, subs);

  const mapOffset = (offset: number, asEnd: boolean): number | undefined => {
    // An end offset belongs to the character before it.
    const probe = asEnd ? offset - 1 : offset;
    const span =
      spans.find((s) => probe >= s.start && probe < s.end) ?? spans.find((s) => s.start === probe && s.end === probe);
    if (!span) return undefined;
    if (span.piece.kind === 'unknown') {
      const at = doc.locate(span.piece.segments);
      return at ? (asEnd ? at.value.end : at.value.start) : undefined;
    }
    return outerOffset(span, probe - span.start + (asEnd ? 1 : 0));
  };
  // A JSON string with no escape maps character i to its opening quote + 1 + i, as the scanner's
  // walk would find: found once per piece, instead of a walk from the string's start per finding.
  const plainStart = new Map<Span, number | undefined>();
  const outerOffset = (span: Span, index: number): number | undefined => {
    if (doc.format === 'json' && !plainStart.has(span)) {
      const at = doc.locate(span.piece.segments)?.value;
      let start: number | undefined;
      if (at && doc.text.charCodeAt(at.start) === 0x22) {
        NO_ESCAPE.lastIndex = at.start + 1;
        NO_ESCAPE.exec(doc.text);
        if (NO_ESCAPE.lastIndex === at.end - 1) start = at.start + 1;
      }
      plainStart.set(span, start);
    }
    const start = plainStart.get(span);
    if (start !== undefined) return start + Math.min(index, span.piece.text.length);
    return doc.stringOffset?.(span.piece.segments, index);
  };

  return {
    name,
    form,
    holder,
    value: parsed.value,
    bytes: filled.bytes,
    lowerBound: unknownParts > 0 || filled.unknown > 0,
    valueBytesAtMost: once(() => jsonTextBound(stoodIn)),
    locate(inner) {
      const found = parsed.locate(inner);
      if (!found) return undefined;
      // A stood-in value covers its whole placeholder, not just the stand-in literal.
      const bare = placeholders.find((p) => !p.inString && p.start === found.value.start);
      const start = mapOffset(found.value.start, false);
      const end = mapOffset(bare ? bare.end : found.value.end, true);
      if (start === undefined || end === undefined) return undefined;
      const located: Located = { value: { start, end: Math.max(end, start + 1) } };
      if (found.key) {
        const ks = mapOffset(found.key.start, false);
        const ke = mapOffset(found.key.end, true);
        if (ks !== undefined && ke !== undefined) located.key = { start: ks, end: ke };
      }
      return located;
    },
    stringOffset(inner, index) {
      const o = parsed.stringOffset(inner, index);
      return o === undefined ? undefined : mapOffset(o, false);
    },
    path: (inner) => pathOf(doc.value, holder, inner, parsed.value),
  };
}

/**
 * An upper bound on the compact JSON of any value parsed from the JSON `text`: its own UTF-8
 * length. Writing a parsed value again drops whitespace and never lengthens a string (each escape
 * it writes was an escape of at least that length in the text), or a number written without an
 * exponent. Two things do grow, and then there is no bound: a number with an exponent (`1E5`
 * comes back as `100000`), and a lone surrogate in the text (one replacement character of 3 bytes
 * when counted, `\udxxx` when written).
 */
function jsonTextBound(text: string): number {
  return /\d[eE]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)
    ? Infinity
    : Buffer.byteLength(text, 'utf8');
}

function once(f: () => number): () => number {
  let v: number | undefined;
  return () => (v ??= f());
}

/** The characters of a JSON string up to its closing quote or first escape. */
const NO_ESCAPE = /[^"\\]*/y;

interface QuoteState {
  inString: boolean;
  /** the text scanned ends with a backslash inside a string: the next character is escaped */
  escaped: boolean;
  /** how far the text has been scanned */
  at: number;
}

/** Moves `state` from where it stopped to the end of `text`, a partial JSON text that only grows. */
function scanQuotes(text: string, state: QuoteState): void {
  let i = state.at;
  if (state.escaped && i < text.length) {
    state.escaped = false;
    i++;
  }
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.inString && c === 0x5c) {
      if (i + 1 >= text.length) state.escaped = true;
      i++;
    } else if (c === 0x22) state.inString = !state.inString;
  }
  state.at = text.length;
}

function pathOf(root: unknown, holder: readonly string[], inner: readonly string[], definition: unknown): string {
  const arrays: boolean[] = [];
  let node: unknown = root;
  for (const s of holder) {
    arrays.push(Array.isArray(node));
    node = child(node, s);
  }
  node = definition;
  for (const s of inner) {
    arrays.push(Array.isArray(node));
    node = child(node, s);
  }
  return toJsonPath([...holder, ...inner], (i) => arrays[i] === true);
}
