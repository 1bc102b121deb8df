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
import type { Located, SourceRange } from '../../types.js';
import type { DuplicateKey, ParsedText } from '../json.js';
import { contentStart, decodeScalar, isSpace, type Decoded } from './decode.js';
import { isStackOverflow, tooDeep } from './depth.js';
import { explainQuoteError, relaxIndent, scanBlocks, type BlockScan } from './relax.js';

export type { ParseFailure } from '../json.js';

/**
 * `value`: plain data; a `!Ref`-style tag becomes its long form, an alias shares its anchor's
 * value. `locate`: offsets into the original text; a short-form tag adds a virtual key
 * (`Fn::Sub`). `stringOffset`: exact for every scalar style (plain, quoted, literal, folded,
 * multi-line): a copied character maps to itself, an escape to its backslash (`''` to its first
 * quote), a space or newline made by folding to the line break it replaces; `index === length`
 * gives the end of the content. It falls back to the start of the content if the decoder ever
 * disagrees with yaml's value. Through an alias, offsets are in the anchored text.
 * A failure's `code` is yaml's own, or ALIAS_LIMIT / RECURSIVE_ALIAS / BAD_ALIAS / INTERNAL.
 * `duplicateKeys`: keys written twice in one mapping; the value holds the last.
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
    let scan: BlockScan | undefined;
    const scanned = (): BlockScan => (scan ??= scanBlocks(text));
    let { parse, retry } = load(text, text, (offset) => offset, scanned);
    // PyYAML ignores indentation inside flow collections and quoted scalars, and real templates
    // rely on it; yaml reports BAD_INDENT, or a missing quote, or takes a `}` inside the string
    // for syntax, or (after a tag) silently ends the string at a `#` line. Retry once with those
    // lines pushed right. If the retry still fails, its error is the genuine one (a broken
    // block, an unclosed quote), mapped back to the original text.
    if (retry) {
      const relaxed = relaxIndent(text, scanned());
      if (relaxed) ({ parse } = load(text, relaxed.text, relaxed.toOriginal, scanned));
    }
    return parse;
  } catch (error) {
    // yaml and toPlain recurse, so absurd nesting exhausts the stack: a diagnostic, not a crash.
    if (isStackOverflow(error)) return { ok: false, error: { ...tooDeep(text), code: 'NESTING' } };
    return { ok: false, error: { message: error instanceof Error ? error.message : String(error), offset: 0, code: 'INTERNAL' } };
  }
}

/** One compose and conversion of `src` (the text, or the text relaxed); `retry` if leniency may help. */
function load(
  text: string,
  src: string,
  toOriginal: (offset: number) => number,
  scan: () => BlockScan,
): { parse: YamlParse; retry: boolean } {
  const { doc, laterDocumentOffset } = composeFirstDocument(src);
  const original = (offset: number): number => Math.max(0, Math.min(toOriginal(offset), text.length));
  const quoteError = (offset: number, code: string, message: string): { parse: YamlParse; retry: boolean } => {
    const explained = explainQuoteError(text, scan(), offset, code);
    return { parse: { ok: false, error: { message: explained?.message ?? message, offset: explained?.offset ?? offset, code } }, retry: true };
  };
  const firstError = doc.errors[0];
  // yaml catches its own stack overflow and reports it at wherever the recursion stopped.
  if (firstError && isStackOverflow(firstError.message)) return { parse: { ok: false, error: { ...tooDeep(text), code: 'NESTING' } }, retry: false };
  if (firstError) return quoteError(original(firstError.pos[0]), firstError.code, firstError.message);
  const root = (doc.contents ?? null) as Node | null;
  const converter = new Converter(src);
  let value: unknown;
  try {
    value = converter.toPlain(root);
  } catch (error) {
    if (!(error instanceof YamlLoadError)) throw error;
    return { parse: { ok: false, error: { message: error.message, offset: original(error.offset), code: error.code } }, retry: false };
  }
  if (converter.cutQuote !== undefined) return quoteError(original(converter.cutQuote), 'MISSING_CHAR', 'Missing closing quote');
  const locator = new Locator(src, root, converter, toOriginal);
  const parse: YamlParse = {
    ok: true,
    value,
    locate: (segments) => locator.locate(segments),
    stringOffset: (segments, index) => locator.stringOffset(segments, index),
    ...(laterDocumentOffset !== undefined ? { laterDocumentOffset: toOriginal(laterDocumentOffset) } : {}),
    ...(converter.duplicates.length > 0
      ? { duplicateKeys: converter.duplicates.map((d) => ({ key: d.key, firstOffset: toOriginal(d.firstOffset), offset: toOriginal(d.offset) })) }
      : {}),
  };
  return { parse, retry: false };
}

/**
 * Whether a quoted scalar's source ends with its closing quote. yaml ends a tagged quoted scalar
 * at an unindented `#` line without an error, dropping the rest of the string (PyYAML reads on).
 */
function closesQuote(src: string, node: Scalar): boolean {
  const [start, end] = node.range ?? [0, 0];
  const quote = src[start];
  let run = 0;
  if (quote === "'") {
    while (end - 1 - run > start && src[end - 1 - run] === "'") run += 1;
    return run % 2 === 1;
  }
  if (end - start < 2 || src[end - 1] !== '"') return false;
  while (end - 2 - run > start && src[end - 2 - run] === '\\') run += 1;
  return run % 2 === 0;
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

/** The JS key that a key node became, without converting it again. */
function convertedKey(key: Node | null, otherKeys: ReadonlyMap<Node, string>): string {
  if (key === null) return '';
  return isScalar(key) ? scalarKeyString(key) : (otherKeys.get(key) ?? '');
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
  /** Keys written twice in one mapping, in the order met; offsets in the parsed text. */
  readonly duplicates: DuplicateKey[] = [];
  /** The latest node with each anchor name, in document order (the order of conversion). */
  private readonly anchors = new Map<string, Node>();
  private readonly values = new Map<Node, unknown>();
  private readonly weights = new Map<Node, number>();
  private readonly inProgress = new Set<Node>();
  private weight = 0;
  private aliasWeight = 0;
  private readonly aliasWeightLimit: number;

  /** The first quoted scalar that yaml ended before its closing quote. */
  cutQuote: number | undefined;

  constructor(private readonly src: string) {
    this.aliasWeightLimit = ALIAS_WEIGHT_FLOOR + src.length;
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
      if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && !closesQuote(this.src, node)) {
        this.cutQuote ??= node.range?.[0] ?? 0;
      }
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
    const pairs = node.items as Pair<Node | null, Node | null>[];
    for (const pair of pairs) {
      const key = this.keyString(pair.key);
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        // PyYAML and CloudFormation keep the last value; cfn-lint refuses the file. Keep the
        // last, so the rest is still checked, and let the engine report the duplicate.
        const first = pairs.find((p) => convertedKey(p.key, this.otherKeys) === key);
        this.duplicates.push({ key, firstOffset: first?.key?.range?.[0] ?? 0, offset: pair.key?.range?.[0] ?? 0 });
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
    return convertedKey(key, this.converted.otherKeys);
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
