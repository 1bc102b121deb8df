// The yaml AST to plain data as cfn-lint and SAM CLI see it: short-form tags in their long form,
// aliases sharing their anchor's value under a weight limit, duplicate keys noted. Pure: no I/O.
import { Scalar, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DuplicateKey } from '../json.js';
import { cfnName } from './compose.js';
import { setOwn } from '../../pointer.js';

// Aliases share the anchored value instead of copying it, but whatever walks the value (size
// accounting, JSON.stringify) still pays for every expansion. Each alias adds the weight of its
// anchor (one per node plus string length); the sum may not pass the document's own length plus
// this floor, which refuses the classic 9x9 "billion laughs" at its sixth level and lets ordinary
// `*defaults` reuse through.
const ALIAS_WEIGHT_FLOOR = 1_000_000;

export class YamlLoadError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code: string,
  ) {
    super(message);
  }
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

/** The JS key a scalar key becomes; tags on keys are ignored (cfn-lint would reject them). */
function scalarKeyString(node: Scalar): string {
  const value: unknown = node.value;
  if (value === null) return node.source === '' ? '' : 'null';
  // A scalar key: a number, a boolean, a bigint or (YAML 1.1 timestamps) a Date.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- never a plain object here
  return typeof value === 'string' ? value : String(value);
}

/** The JS key that a key node became, without converting it again. */
export function convertedKey(key: Node | null, otherKeys: ReadonlyMap<Node, string>): string {
  if (key === null) return '';
  return isScalar(key) ? scalarKeyString(key) : (otherKeys.get(key) ?? '');
}

/** Turns the yaml AST into plain data, checking duplicate keys and alias expansion on the way. */
export class Converter {
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
      if (key.anchor)
        this.toPlain(key); // registers the anchor for later aliases
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
