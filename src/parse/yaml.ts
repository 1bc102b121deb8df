// YAML loading for .yaml/.yml files: plain data as cfn-lint and SAM CLI see it, plus pointer ->
// range lookup into the original text. Pure: no I/O.
import {
  Composer,
  Parser,
  Scalar,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type CollectionTag,
  type Document,
  type Node,
  type Pair,
  type ScalarTag,
  type YAMLMap,
} from 'yaml';
import { LineIndex } from '../text.js';
import type { Located, SourceRange } from '../types.js';
import type { ParsedText } from './json.js';

export type { ParseFailure } from './json.js';

/**
 * `value`: plain data; a `!Ref`-style tag becomes its long form, an alias shares its anchor's
 * value. `locate`: offsets into the original text; a short-form tag adds a virtual key
 * (`Fn::Sub`). `stringOffset`: exact for every scalar style (plain, quoted, literal, folded,
 * multi-line): a copied character maps to itself, an escape to its backslash (`''` to its first
 * quote), a space or newline made by folding to the line break it replaces; `index === length`
 * gives the end of the content. It falls back to the start of the content if the decoder ever
 * disagrees with yaml's value. Through an alias, offsets are in the anchored text.
 * A failure's `code` is yaml's own, or DUPLICATE_KEY / ALIAS_LIMIT / RECURSIVE_ALIAS / INTERNAL.
 */
export type YamlParse = ParsedText;

// cfn-lint turns every `!X` into `{ "Fn::X": ... }`, except `!Ref` and `!Condition`, which keep
// their names. Only the names below are converted; any other local tag keeps its plain value.
const CFN_TAGS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'And', 'Base64', 'Cidr', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'Equals',
    'FindInMap', 'ForEach', 'GetAZs', 'GetAtt', 'If', 'ImportValue', 'Join', 'Length', 'Not',
    'Or', 'RefAll', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform', 'ValueOf',
    'ValueOfAll',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

// YAML 1.2 core schema: `2024-01-01` and `yes` stay strings as CloudFormation passes them on, and
// `<<` is an ordinary key (no merge). resolveKnownTags off keeps `!!binary` and `!!timestamp`
// as the text written rather than bytes or Dates. Duplicate keys are found in `toPlain` with one
// Set per map; yaml's own check compares every pair with every other.
const COMPOSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: false,
  intAsBigInt: false,
  customTags: cfnSchemaTags(),
} as const;

// Aliases share the anchored value instead of copying it, but whatever walks the value (size
// accounting, JSON.stringify) still pays for every expansion. Each alias adds the weight of its
// anchor (one per node plus string length); the sum may not pass the document's own length plus
// this floor, which refuses the classic 9x9 "billion laughs" at its sixth level and lets ordinary
// `*defaults` reuse through.
const ALIAS_WEIGHT_FLOOR = 1_000_000;

class YamlLoadError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export function parseYaml(text: string): YamlParse {
  try {
    let src = text;
    let toOriginal = (offset: number): number => offset;
    let { doc, laterDocumentOffset } = composeFirstDocument(src);
    // PyYAML ignores indentation inside flow collections and real templates rely on it; yaml
    // reports BAD_INDENT ("Flow map in block collection must be sufficiently indented"). Retry
    // once with those lines pushed right. If the retry still fails, its error is the genuine
    // one (a duplicate key, a broken block, an unclosed flow), mapped back to the original text.
    if (doc.errors.some((error) => error.code === 'BAD_INDENT')) {
      const relaxed = relaxFlowIndent(text);
      if (relaxed) {
        src = relaxed.text;
        toOriginal = relaxed.toOriginal;
        ({ doc, laterDocumentOffset } = composeFirstDocument(src));
      }
    }
    const fail = (message: string, offset: number, code: string): YamlParse => ({
      ok: false,
      error: { message, offset: Math.max(0, Math.min(toOriginal(offset), text.length)), code },
    });
    const firstError = doc.errors[0];
    if (firstError) return fail(firstError.message, firstError.pos[0], firstError.code);
    const root = (doc.contents ?? null) as Node | null;
    const converter = new Converter(text.length);
    let value: unknown;
    try {
      value = converter.toPlain(root);
    } catch (error) {
      if (error instanceof YamlLoadError) return fail(error.message, error.offset, error.code);
      throw error;
    }
    const locator = new Locator(src, root, converter, toOriginal);
    return {
      ok: true,
      value,
      locate: (segments) => locator.locate(segments),
      stringOffset: (segments, index) => locator.stringOffset(segments, index),
      ...(laterDocumentOffset !== undefined ? { laterDocumentOffset: toOriginal(laterDocumentOffset) } : {}),
    };
  } catch (error) {
    // yaml and toPlain recurse, so absurd nesting exhausts the stack: a diagnostic, not a crash.
    const message =
      error instanceof RangeError ? 'nesting too deep to parse' : error instanceof Error ? error.message : String(error);
    return { ok: false, error: { message, offset: 0, code: 'INTERNAL' } };
  }
}

// Only the first document is read: a template or payload is one document. The parser composes
// nothing after it, so a later document's errors do not count; but where one has content, its
// offset is returned, so the file can say that part of it was not checked.
function composeFirstDocument(src: string): { doc: Document.Parsed; laterDocumentOffset?: number } {
  const composer = new Composer(COMPOSE_OPTIONS);
  const docs: Document.Parsed[] = [];
  let documents = 0;
  for (const token of new Parser().parse(src)) {
    if (token.type === 'document' && ++documents > 1) {
      // Later documents are only looked at: the first with content is named, empty ones skipped.
      if (token.value) return { doc: finish(composer, docs, src), laterDocumentOffset: token.offset };
      continue;
    }
    if (documents <= 1) for (const doc of composer.next(token)) docs.push(doc);
  }
  return { doc: finish(composer, docs, src) };
}

function finish(composer: Composer, docs: Document.Parsed[], src: string): Document.Parsed {
  for (const doc of composer.end(true, src.length)) docs.push(doc);
  return docs[0];
}

// Known tags keep yaml from reporting each `!Ref` as an unresolved tag: a warning per tag, each
// an Error with a stack trace, is a measurable share of the parse time of a large template.
function cfnSchemaTags(): (ScalarTag | CollectionTag)[] {
  return [...CFN_TAGS.keys()].flatMap((tag): (ScalarTag | CollectionTag)[] => [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq', resolve: (value) => value },
    { tag, collection: 'map', resolve: (value) => value },
  ]);
}

function cfnName(node: Node): string | undefined {
  return node.tag === undefined ? undefined : CFN_TAGS.get(node.tag);
}

/** The JS key a scalar key becomes; tags on keys are ignored (cfn-lint would reject them). */
function scalarKeyString(node: Scalar): string {
  const value: unknown = node.value;
  if (value === null) return node.source === '' ? '' : 'null';
  return typeof value === 'string' ? value : String(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment to `__proto__` would replace the prototype instead of adding a member.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Turns the yaml AST into plain data, checking duplicate keys and alias expansion on the way. */
class Converter {
  /** Alias node -> the node it names, for `locate` through an alias. */
  readonly aliasTargets = new Map<Node, Node>();
  /** Keys that are not plain scalars (aliases, collections: rare) -> the key they became. */
  readonly otherKeys = new Map<Node, string>();
  /** The latest node with each anchor name, in document order (the order of conversion). */
  private readonly anchors = new Map<string, Node>();
  private readonly values = new Map<Node, unknown>();
  private readonly weights = new Map<Node, number>();
  private readonly inProgress = new Set<Node>();
  private weight = 0;
  private aliasWeight = 0;
  private readonly aliasWeightLimit: number;

  constructor(textLength: number) {
    this.aliasWeightLimit = ALIAS_WEIGHT_FLOOR + textLength;
  }

  toPlain(node: Node | null): unknown {
    if (node === null) return null;
    if (isAlias(node)) return this.resolveAlias(node);
    const anchor = node.anchor;
    const weightBefore = this.weight;
    if (anchor) {
      // Set before the children so that `&a [*a]` is seen as recursive, as in document order.
      this.anchors.set(anchor, node);
      this.inProgress.add(node);
    }
    let value: unknown;
    if (isScalar(node)) {
      value = plainScalar(node);
      this.weight += 1 + (typeof value === 'string' ? value.length : 0);
    } else if (isSeq(node)) {
      this.weight += 1;
      value = node.items.map((item) => this.toPlain(item as Node | null));
    } else if (isMap(node)) {
      this.weight += 1;
      value = this.mapToPlain(node);
    } else {
      value = null;
    }
    const name = cfnName(node);
    if (name !== undefined) value = { [name]: name === 'Fn::GetAtt' ? getAttParts(value) : value };
    if (anchor) {
      this.inProgress.delete(node);
      this.values.set(node, value);
      this.weights.set(node, this.weight - weightBefore);
    }
    return value;
  }

  private mapToPlain(node: YAMLMap): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const key = this.keyString(pair.key);
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        throw new YamlLoadError(`Duplicate key ${JSON.stringify(key)}`, pair.key?.range?.[0] ?? 0, 'DUPLICATE_KEY');
      }
      setOwn(result, key, this.toPlain(pair.value));
    }
    return result;
  }

  private keyString(key: Node | null): string {
    if (key === null) return '';
    if (isScalar(key)) {
      if (key.anchor) this.toPlain(key); // registers the anchor for later aliases
      else this.weight += 1;
      return scalarKeyString(key);
    }
    // An alias or a collection as a key; PyYAML refuses collections. Keep them as JSON text.
    const value = this.toPlain(key);
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    this.otherKeys.set(key, text);
    return text;
  }

  private resolveAlias(node: Node & { source: string }): unknown {
    const offset = node.range?.[0] ?? 0;
    const target = this.anchors.get(node.source);
    if (!target) throw new YamlLoadError(`Unknown alias *${node.source}`, offset, 'BAD_ALIAS');
    if (this.inProgress.has(target)) {
      throw new YamlLoadError(`Alias *${node.source} refers to a node that contains it`, offset, 'RECURSIVE_ALIAS');
    }
    this.aliasTargets.set(node, target);
    const added = this.weights.get(target) ?? 1;
    this.weight += added;
    this.aliasWeight += added;
    if (this.aliasWeight > this.aliasWeightLimit) {
      throw new YamlLoadError(
        `Aliases expand to more than ${this.aliasWeightLimit} nodes and characters; refusing a possible alias bomb`,
        offset,
        'ALIAS_LIMIT',
      );
    }
    return this.values.get(target);
  }
}

function plainScalar(node: Scalar): unknown {
  const value: unknown = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return String(node.source);
}

/** `!GetAtt A.B.C` is `["A", "B.C"]` (split at the first dot, as cfn-lint does). */
function getAttParts(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** Where a pointer ends: a node, the node behind a CFN tag's virtual key, or half of a `!GetAtt`. */
interface Target {
  node: Node | null;
  /** True once the virtual `Fn::X` key of a tagged node has been stepped through. */
  entered: boolean;
  /** For `!GetAtt A.B` + `0`/`1`: the slice of the decoded string. */
  part?: { from: number; to: number };
  key?: [number, number];
  /** Where the value sits when the node is null (`key:` with nothing after it). */
  emptyAt?: number;
}

const INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Pointer -> range lookup, walking only along the path; map indexes are built on first use. */
class Locator {
  private readonly mapIndexes = new WeakMap<YAMLMap, Map<string, Pair<Node | null, Node | null>>>();
  private readonly decodedCache = new WeakMap<Scalar, Decoded | null>();

  constructor(
    private readonly src: string,
    private readonly root: Node | null,
    private readonly converted: Pick<Converter, 'aliasTargets' | 'otherKeys'>,
    private readonly toOriginal: (offset: number) => number,
  ) {}

  locate(segments: readonly string[]): Located | undefined {
    const target = this.walk(segments);
    if (!target) return undefined;
    const value = this.valueRange(target);
    if (!value) return undefined;
    const located: Located = { value: this.range(value[0], value[1]) };
    if (target.key) located.key = this.range(target.key[0], target.key[1]);
    return located;
  }

  stringOffset(segments: readonly string[], index: number): number | undefined {
    const target = this.walk(segments);
    let node = target?.node ?? null;
    while (node !== null && isAlias(node)) node = this.converted.aliasTargets.get(node) ?? null;
    if (!target || node === null || !isScalar(node) || typeof node.value !== 'string') return undefined;
    const from = target.part?.from ?? 0;
    const to = target.part?.to ?? node.value.length;
    if (!Number.isInteger(index) || index < 0 || index > to - from) return undefined;
    const decoded = this.decoded(node);
    if (!decoded) return this.toOriginal(contentStart(this.src, node));
    return this.toOriginal(decoded.offsets[from + index]);
  }

  private range(start: number, end: number): SourceRange {
    return { start: this.toOriginal(start), end: this.toOriginal(end) };
  }

  private walk(segments: readonly string[]): Target | undefined {
    let target: Target = { node: this.root, entered: false };
    for (const segment of segments) {
      let node = target.node;
      if (node === null || target.part) return undefined;
      while (isAlias(node)) {
        const resolved = this.converted.aliasTargets.get(node);
        if (!resolved) return undefined;
        node = resolved;
      }
      const name = target.entered ? undefined : cfnName(node);
      if (name !== undefined) {
        if (segment !== name) return undefined;
        target = { node, entered: true, key: this.tagRange(node) };
        continue;
      }
      if (target.entered && node.tag === '!GetAtt' && isScalar(node) && typeof node.value === 'string') {
        const dot = node.value.indexOf('.');
        const parts = dot < 0 ? [[0, node.value.length]] : [[0, dot], [dot + 1, node.value.length]];
        const part = INDEX.test(segment) ? parts[Number(segment)] : undefined;
        if (!part) return undefined;
        target = { node, entered: true, part: { from: part[0], to: part[1] } };
        continue;
      }
      if (isMap(node)) {
        const pair = this.mapIndex(node).get(segment);
        if (!pair) return undefined;
        const keyRange = pair.key?.range;
        const key: [number, number] | undefined = keyRange ? [keyRange[0], keyRange[1]] : undefined;
        target = { node: pair.value, entered: false, key, emptyAt: keyRange?.[1] };
      } else if (isSeq(node)) {
        if (!INDEX.test(segment)) return undefined;
        const index = Number(segment);
        if (index >= node.items.length) return undefined;
        target = { node: (node.items[index] as Node | null) ?? null, entered: false, emptyAt: node.range?.[0] };
      } else {
        return undefined;
      }
    }
    return target;
  }

  private mapIndex(node: YAMLMap): Map<string, Pair<Node | null, Node | null>> {
    let index = this.mapIndexes.get(node);
    if (!index) {
      index = new Map();
      for (const pair of node.items as Pair<Node | null, Node | null>[]) {
        index.set(this.keyString(pair.key), pair);
      }
      this.mapIndexes.set(node, index);
    }
    return index;
  }

  private keyString(key: Node | null): string {
    if (key === null) return '';
    return isScalar(key) ? scalarKeyString(key) : (this.converted.otherKeys.get(key) ?? '');
  }

  private valueRange(target: Target): [number, number] | undefined {
    const node = target.node;
    if (node === null) {
      const at = target.emptyAt ?? 0;
      return [at, at];
    }
    const range = node.range;
    if (!range) return undefined;
    if (target.part && isScalar(node)) {
      const decoded = this.decoded(node);
      if (!decoded) return [range[0], range[1]];
      return [decoded.offsets[target.part.from], decoded.offsets[target.part.to]];
    }
    let start = range[0];
    let end = range[1];
    // A block collection or block scalar ends after its last line break; stop at the content.
    while (end > start && isSpace(this.src.charCodeAt(end - 1))) end -= 1;
    if (!target.entered && cfnName(node) !== undefined) start = this.tagRange(node)?.[0] ?? start;
    return [start, end];
  }

  /** The `!Tag` before a node. Node ranges leave out tags and anchors, so look back in the text. */
  private tagRange(node: Node): [number, number] | undefined {
    let end = node.range?.[0] ?? 0;
    for (let props = 0; props < 2; props += 1) {
      while (end > 0 && isSpace(this.src.charCodeAt(end - 1))) end -= 1;
      let start = end;
      while (start > 0 && !isSpace(this.src.charCodeAt(start - 1)) && !'[{,'.includes(this.src[start - 1])) start -= 1;
      const first = this.src[start];
      if (first === '!') return [start, end];
      if (first !== '&') return undefined;
      end = start;
    }
    return undefined;
  }

  private decoded(node: Scalar): Decoded | null {
    let decoded = this.decodedCache.get(node);
    if (decoded === undefined) {
      decoded = decodeScalar(this.src, node);
      this.decodedCache.set(node, decoded);
    }
    return decoded;
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

// ---------------------------------------------------------------------------------------------
// Decoded string -> text offsets. Each decoder mirrors the matching function in yaml's
// compose/resolve-flow-scalar.js or resolve-block-scalar.js, recording for every produced UTF-16
// unit the offset it came from: a copied character maps to itself, an escape (`\n`, `''`,
// `\u00e9`) to its first character, and a space or newline made by line folding to the line break
// it replaces. `offsets[length]` is the end of the content. The result is checked against yaml's
// own value; on any mismatch `stringOffset` falls back to the start of the content.

interface Decoded {
  text: string;
  offsets: number[];
}

class DecodeBuilder {
  text = '';
  readonly offsets: number[] = [];

  /** Copy `src[from, to)`: each character maps to its own offset. */
  copy(src: string, from: number, to: number): void {
    this.text += src.slice(from, to);
    for (let i = from; i < to; i += 1) this.offsets.push(i);
  }

  /** Add made-up text (a fold, an escape's result) that maps to one offset. */
  add(chars: string, at: number): void {
    this.text += chars;
    for (let i = 0; i < chars.length; i += 1) this.offsets.push(at);
  }

  finish(end: number): Decoded {
    this.offsets.push(end);
    return { text: this.text, offsets: this.offsets };
  }
}

function contentStart(src: string, node: Scalar): number {
  const start = node.range?.[0] ?? 0;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return start + 1;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const newline = src.indexOf('\n', start);
    return newline < 0 ? start : newline + 1;
  }
  return start;
}

function decodeScalar(src: string, node: Scalar): Decoded | null {
  const range = node.range;
  const value: unknown = node.value;
  if (!range || typeof value !== 'string') return null;
  const [start, end] = range;
  const candidates: Decoded[] = [];
  switch (node.type) {
    case Scalar.PLAIN:
      candidates.push(unfoldLines(src, start, end, end));
      break;
    case Scalar.QUOTE_SINGLE:
      candidates.push(undoubleQuotes(unfoldLines(src, start + 1, end - 1, end - 1)));
      break;
    case Scalar.QUOTE_DOUBLE:
      candidates.push(decodeDoubleQuoted(src, start, end));
      break;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      candidates.push(...decodeBlock(src, start, end));
      break;
    default:
      return null;
  }
  return candidates.find((decoded) => decoded.text === value) ?? null;
}

/** yaml's unfoldLines for plain and single-quoted scalars over `src[from, to)`. */
function unfoldLines(src: string, from: number, to: number, end: number): Decoded {
  const out = new DecodeBuilder();
  const firstBreak = src.indexOf('\n', from);
  if (firstBreak < 0 || firstBreak >= to) {
    out.copy(src, from, to);
    return out.finish(end);
  }
  // The first line keeps its leading space (inside quotes) but not its trailing space.
  out.copy(src, from, trimRight(src, from, lineEnd(src, from, firstBreak)));
  let sep = ' ';
  let sepAt = lineEnd(src, from, firstBreak);
  let pos = firstBreak + 1;
  for (let br = src.indexOf('\n', pos); br >= 0 && br < to; br = src.indexOf('\n', pos)) {
    const a = trimLeft(src, pos, lineEnd(src, pos, br));
    const b = trimRight(src, a, lineEnd(src, pos, br));
    if (a === b) {
      if (sep === '\n') out.add(sep, sepAt);
      else sep = '\n';
    } else {
      out.add(sep, sepAt);
      out.copy(src, a, b);
      sep = ' ';
    }
    sepAt = lineEnd(src, pos, br);
    pos = br + 1;
  }
  out.add(sep, sepAt);
  out.copy(src, trimLeft(src, pos, to), to);
  return out.finish(end);
}

/** `''` in a single-quoted scalar is one quote; it maps to the first of the two. */
function undoubleQuotes(decoded: Decoded): Decoded {
  const out = new DecodeBuilder();
  const { text, offsets } = decoded;
  for (let i = 0; i < text.length; i += 1) {
    out.add(text[i], offsets[i]);
    if (text[i] === "'" && text[i + 1] === "'") i += 1;
  }
  return out.finish(offsets[text.length]);
}

/** The offset of a line's break (`\r` of `\r\n`), given the offset of its `\n`. */
function lineEnd(src: string, lineStart: number, newline: number): number {
  return newline > lineStart && src[newline - 1] === '\r' ? newline - 1 : newline;
}

function trimLeft(src: string, from: number, to: number): number {
  while (from < to && (src[from] === ' ' || src[from] === '\t')) from += 1;
  return from;
}

function trimRight(src: string, from: number, to: number): number {
  while (to > from && (src[to - 1] === ' ' || src[to - 1] === '\t')) to -= 1;
  return to;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  '\t': '\t',
};

function decodeDoubleQuoted(src: string, start: number, end: number): Decoded {
  const out = new DecodeBuilder();
  const last = end - 1;
  for (let i = start + 1; i < last; i += 1) {
    const ch = src[i];
    if (ch === '\r' && src[i + 1] === '\n') continue;
    if (ch === '\n') {
      // A line break folds to a space; n empty lines after it give n newlines.
      let fold = '';
      let j = i;
      let next = src[j + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && src[j + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        j += 1;
        next = src[j + 1];
      }
      out.add(fold || ' ', src[i - 1] === '\r' ? i - 1 : i);
      i = j;
    } else if (ch === '\\') {
      const at = i;
      let next = src[++i];
      const code = ESCAPES[next];
      if (code) {
        out.add(code, at);
      } else if (next === '\n' || (next === '\r' && src[i + 1] === '\n')) {
        // An escaped line break joins the lines without a space.
        if (next === '\r') i += 1;
        next = src[i + 1];
        while (next === ' ' || next === '\t') next = src[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = src.substr(i + 1, length);
        const codePoint = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let chars: string;
        try {
          chars = String.fromCodePoint(codePoint);
        } catch {
          chars = src.substr(at, length + 2);
        }
        out.add(chars, at);
        i += length;
      } else {
        out.copy(src, at, at + 2);
      }
    } else if (ch === ' ' || ch === '\t') {
      // Spaces before a line break are dropped; others are kept.
      const wsStart = i;
      let next = src[i + 1];
      while (next === ' ' || next === '\t') next = src[++i + 1];
      if (next !== '\n' && !(next === '\r' && src[i + 2] === '\n')) out.copy(src, wsStart, i + 1);
    } else {
      out.add(ch, i);
    }
  }
  return out.finish(last);
}

interface BlockLine {
  /** Offset of the line's first character. */
  start: number;
  indent: number;
  /** Offset of the content after the indentation, and of the line break (or the end). */
  contentStart: number;
  contentEnd: number;
}

/**
 * Literal and folded block scalars. The indentation to remove is found as yaml does; with an
 * explicit indentation indicator it also depends on the parent's indentation, which the AST does
 * not keep, so every candidate is tried and the caller keeps the one that reproduces yaml's value.
 */
function decodeBlock(src: string, start: number, end: number): Decoded[] {
  let headerEnd = start + 1;
  let chomp = '';
  let explicitIndent = 0;
  for (; headerEnd < end && !/[\s#]/.test(src[headerEnd]); headerEnd += 1) {
    const ch = src[headerEnd];
    if (ch === '-' || ch === '+') chomp = ch;
    else if (!explicitIndent) explicitIndent = Number(ch) || 0;
  }
  const newline = src.indexOf('\n', start);
  const bodyStart = newline < 0 || newline >= end ? end : newline + 1;
  // As yaml's splitLines: one line per line break plus the text after the last one.
  const lines: BlockLine[] = [];
  for (let pos = bodyStart; bodyStart < end; ) {
    const br = src.indexOf('\n', pos);
    const stop = br < 0 || br >= end ? end : br;
    let contentStart = pos;
    while (contentStart < stop && src[contentStart] === ' ') contentStart += 1;
    const crlf = stop > contentStart && src[stop - 1] === '\r';
    lines.push({ start: pos, indent: contentStart - pos, contentStart, contentEnd: crlf ? stop - 1 : stop });
    if (stop === end) break;
    pos = stop + 1;
  }
  const folded = src[start] === '>';
  if (!explicitIndent) return [decodeBlockLines(src, lines, -1, chomp, folded, end)];
  const deepest = lines.reduce((max, line) => Math.max(max, line.indent), explicitIndent);
  const candidates: Decoded[] = [];
  for (let trimIndent = explicitIndent; trimIndent <= deepest; trimIndent += 1) {
    candidates.push(decodeBlockLines(src, lines, trimIndent, chomp, folded, end));
  }
  return candidates;
}

function decodeBlockLines(
  src: string,
  lines: BlockLine[],
  fixedIndent: number,
  chomp: string,
  folded: boolean,
  end: number,
): Decoded {
  const out = new DecodeBuilder();
  const isEmpty = (line: BlockLine): boolean => line.contentStart === line.contentEnd;
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0 && isEmpty(lines[i]); i -= 1) chompStart = i;
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) {
      const count = Math.max(1, lines.length - 1);
      for (let i = 0; i < count; i += 1) out.add('\n', lines[Math.min(i, lines.length - 1)].contentEnd);
    }
    return out.finish(end);
  }
  let trimIndent = fixedIndent < 0 ? 0 : fixedIndent;
  let contentIndex = 0;
  for (let i = 0; i < chompStart; i += 1) {
    if (isEmpty(lines[i])) {
      if (fixedIndent < 0 && lines[i].indent > trimIndent) trimIndent = lines[i].indent;
    } else {
      if (fixedIndent < 0) trimIndent = lines[i].indent;
      contentIndex = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; i -= 1) {
    if (lines[i].indent > trimIndent) chompStart = i + 1;
  }
  const breakAt = (line: BlockLine): number => line.contentEnd;
  /** Where the indentation kept in the value (beyond trimIndent) starts on an empty line. */
  const keptIndent = (line: BlockLine): number => Math.min(line.start + trimIndent, line.contentStart);
  for (let i = 0; i < contentIndex; i += 1) {
    out.copy(src, keptIndent(lines[i]), lines[i].contentStart);
    out.add('\n', breakAt(lines[i]));
  }
  let sep = '';
  let sepAt = lines[contentIndex].start;
  let prevMoreIndented = false;
  for (let i = contentIndex; i < chompStart; i += 1) {
    const line = lines[i];
    const from = line.indent < trimIndent ? line.contentStart : line.start + trimIndent;
    if (!folded) {
      out.add(sep, sepAt);
      out.copy(src, from, line.contentEnd);
      sep = '\n';
    } else if (line.indent > trimIndent || src[line.contentStart] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.add(sep, sepAt);
      out.copy(src, from, line.contentEnd);
      sep = '\n';
      prevMoreIndented = true;
    } else if (isEmpty(line)) {
      if (sep === '\n') out.add('\n', sepAt);
      else sep = '\n';
    } else {
      out.add(sep, sepAt);
      out.copy(src, line.contentStart, line.contentEnd);
      sep = ' ';
      prevMoreIndented = false;
    }
    sepAt = breakAt(line);
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; i += 1) {
      out.add('\n', sepAt);
      out.copy(src, keptIndent(lines[i]), lines[i].contentStart);
      sepAt = breakAt(lines[i]);
    }
    if (!out.text.endsWith('\n')) out.add('\n', sepAt);
  } else if (chomp !== '-') {
    out.add('\n', sepAt);
  }
  const lastContent = out.offsets.length > 0 ? out.offsets[out.offsets.length - 1] + 1 : end;
  return out.finish(Math.min(lastContent, end));
}

// ---------------------------------------------------------------------------------------------
// PyYAML leniency. PyYAML ignores indentation inside `{...}` and `[...]`, so templates carry
// JSON-style definitions whose continuation lines or closing bracket sit at or left of the key
// that owns them. yaml rejects them. relaxFlowIndent finds every flow collection that starts in
// block context and closes, and prepends spaces to each of its continuation lines that is not
// deeper than the owner (the key, `-` or `?` before it on the opening line; the bracket itself
// when it opens the line). Inside a flow, leading whitespace never reaches a value (folding trims
// it, block scalars cannot occur there), so the data is unchanged. Line numbers stay the same and
// a per-line table of inserted spaces maps every offset back to the original text.

interface Relaxed {
  text: string;
  toOriginal(offset: number): number;
}

interface FlowSpan {
  /** First and last line (0-based) that the collection spans. */
  firstLine: number;
  lastLine: number;
  minIndent: number;
}

function relaxFlowIndent(text: string): Relaxed | undefined {
  const index = new LineIndex(text);
  // Lines are counted from 0 here; LineIndex counts from 1.
  const lineStart = (line: number): number => index.offset(line + 1, 1);
  const shifts = new Map<number, number>();
  for (const span of findBlockFlows(text, index)) {
    for (let line = span.firstLine + 1; line <= span.lastLine; line += 1) {
      const start = lineStart(line);
      let indent = 0;
      while (text[start + indent] === ' ') indent += 1;
      const stop = line + 1 < index.lineCount() ? lineStart(line + 1) : text.length;
      const blank = text.slice(start + indent, stop).trim() === '';
      if (!blank && indent < span.minIndent) shifts.set(line, Math.max(shifts.get(line) ?? 0, span.minIndent - indent));
    }
  }
  if (shifts.size === 0) return undefined;
  const lines = [...shifts.keys()].sort((a, b) => a - b);
  let relaxed = '';
  let copied = 0;
  let inserted = 0;
  // For each shifted line: where it starts in the relaxed text, spaces inserted before it, its shift.
  const table: { start: number; before: number; shift: number }[] = [];
  for (const line of lines) {
    const shift = shifts.get(line) ?? 0;
    const start = lineStart(line);
    relaxed += text.slice(copied, start) + ' '.repeat(shift);
    copied = start;
    table.push({ start: start + inserted, before: inserted, shift });
    inserted += shift;
  }
  relaxed += text.slice(copied);
  const toOriginal = (offset: number): number => {
    let low = 0;
    let high = table.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (table[mid].start <= offset) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0) return offset;
    const { start, before, shift } = table[found];
    return offset < start + shift ? start - before : offset - before - shift;
  };
  return { text: relaxed, toOriginal };
}

/**
 * A light scan of block YAML that finds multi-line flow collections. It follows quotes, comments
 * and block scalars so that a `{` in a string or in `|` text is not taken for a collection.
 * It stops at an unclosed flow or quote: that text is broken for PyYAML too, and yaml's error for
 * it is the one to report.
 */
function findBlockFlows(text: string, index: LineIndex): FlowSpan[] {
  const spans: FlowSpan[] = [];
  const lineOf = (offset: number): number => index.position(offset).line - 1;
  const n = text.length;
  const nextLine = (offset: number): number => {
    const br = text.indexOf('\n', offset);
    return br < 0 ? n : br + 1;
  };
  const isBlankAt = (offset: number): boolean =>
    offset >= n || text[offset] === ' ' || text[offset] === '\t' || text[offset] === '\n' || text[offset] === '\r';

  /** Column that a block scalar's content must pass, or undefined outside a block scalar. */
  let blockScalarOwner: number | undefined;
  let pos = 0;
  while (pos < n) {
    const lineStart = pos;
    const column = (offset: number): number => offset - lineStart;
    let p = trimLeft(text, pos, n);
    const atLineEnd = p >= n || text[p] === '\n' || text[p] === '\r';
    if (blockScalarOwner !== undefined) {
      const marker = text.startsWith('---', lineStart) || text.startsWith('...', lineStart);
      if (atLineEnd || (p - lineStart > blockScalarOwner && !marker)) {
        pos = nextLine(lineStart);
        continue;
      }
      blockScalarOwner = undefined;
    }
    if (text[lineStart] === '%' || (text.startsWith('...', lineStart) && isBlankAt(lineStart + 3))) {
      pos = nextLine(lineStart);
      continue;
    }
    if (text.startsWith('---', lineStart) && isBlankAt(lineStart + 3)) p = lineStart + 3;
    let owner = -1;
    let resume = -1;
    for (;;) {
      p = trimLeft(text, p, n);
      const ch = text[p];
      if (p >= n || ch === '\n' || ch === '\r' || ch === '#') break;
      if ((ch === '-' || ch === '?' || ch === ':') && isBlankAt(p + 1)) {
        owner = column(p);
        p += 1;
      } else if (ch === '!' || ch === '&') {
        while (p < n && !isBlankAt(p)) p += 1;
      } else if (ch === '{' || ch === '[') {
        const close = scanFlow(text, p);
        if (close < 0) return spans;
        const firstLine = lineOf(p);
        const lastLine = lineOf(close - 1);
        if (lastLine > firstLine) spans.push({ firstLine, lastLine, minIndent: owner >= 0 ? owner + 1 : column(p) });
        resume = close;
        break;
      } else if (ch === '"' || ch === "'") {
        const close = scanQuoted(text, p);
        if (close < 0) return spans;
        const after = trimLeft(text, close, n);
        if (text[after] === ':' && isBlankAt(after + 1) && lineOf(after) === lineOf(p)) {
          owner = column(p);
          p = after + 1;
        } else {
          resume = close;
          break;
        }
      } else if (ch === '|' || ch === '>') {
        blockScalarOwner = owner >= 0 ? owner : column(p) - 1;
        break;
      } else {
        // A plain key (`name: value`) or a plain scalar, which may not contain ` #` or `: `.
        const keyStart = p;
        let q = p;
        let key = -1;
        while (q < n && text[q] !== '\n') {
          if (text[q] === '#' && (text[q - 1] === ' ' || text[q - 1] === '\t')) break;
          if (text[q] === ':' && isBlankAt(q + 1)) {
            key = q;
            break;
          }
          q += 1;
        }
        if (key < 0) break;
        owner = column(keyStart);
        p = key + 1;
      }
    }
    // After a flow or quote that ends on a later line, the rest of its closing line is skipped.
    pos = nextLine(resume >= 0 ? resume : p);
  }
  return spans;
}

/** From an opening `{` or `[` at `start`, the offset just after its closing bracket, or -1. */
function scanFlow(text: string, start: number): number {
  let depth = 0;
  let nodeStart = true;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    switch (ch) {
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      case '#':
        if (i === 0 || isSpace(text.charCodeAt(i - 1))) {
          const br = text.indexOf('\n', i);
          if (br < 0) return -1;
          i = br;
        } else {
          nodeStart = false;
        }
        break;
      case '"':
      case "'":
        if (nodeStart) {
          const close = scanQuoted(text, i);
          if (close < 0) return -1;
          i = close - 1;
        }
        nodeStart = false;
        break;
      case '{':
      case '[':
        depth += 1;
        nodeStart = true;
        break;
      case '}':
      case ']':
        depth -= 1;
        if (depth === 0) return i + 1;
        nodeStart = false;
        break;
      case ',':
      case ':':
      case '?':
        nodeStart = true;
        break;
      case '!':
      case '&':
        if (nodeStart) {
          while (i + 1 < text.length && !isSpace(text.charCodeAt(i + 1)) && !',[]{}'.includes(text[i + 1])) i += 1;
        } else {
          nodeStart = false;
        }
        break;
      default:
        nodeStart = false;
    }
  }
  return -1;
}

/** From an opening quote at `start`, the offset just after the closing quote, or -1. */
function scanQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') {
      i += 1;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else return i + 1;
    }
  }
  return -1;
}
