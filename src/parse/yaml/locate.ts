// Pointer -> range lookup into the YAML text, and the exact offset of a character inside a
// string value, through aliases and CloudFormation short-form tags. Pure: no I/O.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Located, SourceRange } from '../../types.js';
import { cfnName } from './compose.js';
import { convertedKey, type Converter } from './convert.js';
import { isSpace } from './chars.js';
import { contentStart, decodeScalar, type Decoded } from './decode.js';

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
export class Locator {
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
    return this.toOriginal(decoded.offsetAt(from + index));
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
        const parts =
          dot < 0
            ? [[0, node.value.length]]
            : [
                [0, dot],
                [dot + 1, node.value.length],
              ];
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
      return [decoded.offsetAt(target.part.from), decoded.offsetAt(target.part.to)];
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
