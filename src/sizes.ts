// Size accounting: the compact (minified) UTF-8 size of every node, computed once per document
// without recursion (payloads can nest deeper than the JS stack), so any rule can say which
// fields fill the payload.
import { jsonStringBytes } from './text.js';

/**
 * A member of the document with its sizes. It holds its parent, not a copy of its path: copying
 * the path at every level made walking down a 200,000-deep payload quadratic. The path is built
 * once, on demand, for the few nodes a message names.
 */
export class SizedNode {
  private path?: { segments: string[]; indexes: boolean[] };

  constructor(
    readonly parent: SizedNode | undefined,
    /** the segment under which `parent.value` holds this value ('' for the root) */
    readonly key: string,
    /** true where `key` indexes an array */
    readonly isIndex: boolean,
    readonly value: unknown,
    /** compact JSON bytes of the value */
    readonly bytes: number,
    /** bytes this member adds to its parent: value plus key, colon and comma */
    readonly memberBytes: number,
  ) {}

  /** pointer segments from the root */
  get segments(): string[] {
    return this.materialise().segments;
  }

  /** true where the segment at the same depth indexes an array */
  get indexes(): boolean[] {
    return this.materialise().indexes;
  }

  private materialise(): { segments: string[]; indexes: boolean[] } {
    if (this.path) return this.path;
    const segments: string[] = [];
    const indexes: boolean[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walks the parent chain from this node; nothing captures it
    for (let n: SizedNode | undefined = this; n?.parent; n = n.parent) {
      segments.push(n.key);
      indexes.push(n.isIndex);
    }
    return (this.path = { segments: segments.reverse(), indexes: indexes.reverse() });
  }
}

/** Sizes already measured elsewhere (the base64 scan), so long strings are not scanned twice. */
export type KnownStringBytes = (container: object, key: string) => number | undefined;

/** Containers smaller than this are not memoized (see sizeOf). */
const MEMO_MIN_BYTES = 512;

/** Depth up to which walks recurse; deeper subtrees are walked with an explicit stack. */
const MAX_RECURSION = 1000;

/** Strings shorter than this are cheaper to measure than to look up. */
const KNOWN_MIN_CHARS = 1024;

/**
 * Arrays at least this long keep their items' sizes (8 bytes per item), so that finding the
 * largest items of a 100,000-record list does not measure every record a second time.
 */
const ITEM_SIZES_MIN_LENGTH = 64;

export class SizeIndex {
  private readonly containers = new Map<object, number>();
  private readonly itemSizes = new WeakMap<readonly unknown[], Float64Array>();
  readonly totalBytes: number;

  constructor(
    readonly root: unknown,
    private readonly known?: KnownStringBytes,
  ) {
    this.totalBytes = this.compute(root);
  }

  /** Compact JSON bytes of any value inside the document (containers are looked up, not recomputed). */
  bytesOf(value: unknown): number {
    if (value !== null && typeof value === 'object') return this.containers.get(value) ?? this.compute(value);
    return scalarBytes(value);
  }

  private compute(root: unknown): number {
    if (root === null || typeof root !== 'object') return scalarBytes(root);
    return this.sizeOf(root, 0);
  }

  /**
   * Recursive while shallow: no allocation per node, which matters on 100,000-record files (the
   * garbage, not the arithmetic, was the cost). Deeper than MAX_RECURSION a subtree is summed
   * iteratively, so no nesting can exhaust the stack.
   */
  private sizeOf(node: object, depth: number): number {
    const seen = this.containers.get(node);
    if (seen !== undefined) return seen;
    if (depth > MAX_RECURSION) return this.computeIterative(node);
    let bytes = 2;
    if (Array.isArray(node)) {
      const items = node.length >= ITEM_SIZES_MIN_LENGTH ? new Float64Array(node.length) : undefined;
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        const itemBytes =
          v !== null && typeof v === 'object' ? this.sizeOf(v, depth + 1) : this.memberBytes(node, i, v);
        if (items) items[i] = itemBytes;
        bytes += itemBytes + (i > 0 ? 1 : 0);
      }
      if (items) this.itemSizes.set(node, items);
    } else {
      let first = true;
      for (const k in node) {
        if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
        const v = (node as Record<string, unknown>)[k];
        if (v === undefined) continue;
        const valueBytes =
          v !== null && typeof v === 'object' ? this.sizeOf(v, depth + 1) : this.memberBytes(node, k, v);
        bytes += jsonStringBytes(k) + 1 + valueBytes + (first ? 0 : 1);
        first = false;
      }
    }
    // Small containers are cheaper to measure again than to remember: a file of 100,000 small
    // records would otherwise fill the map with 100,000 entries nobody asks for twice.
    if (bytes >= MEMO_MIN_BYTES) this.containers.set(node, bytes);
    return bytes;
  }

  private computeIterative(root: object): number {
    // Post-order walk: each container is pushed twice, the second time to sum up.
    const stack: { node: object; done: boolean }[] = [{ node: root, done: false }];
    while (stack.length) {
      const top = stack.pop()!;
      if (this.containers.has(top.node) && !top.done) continue;
      if (!top.done) {
        stack.push({ node: top.node, done: true });
        for (const v of values(top.node)) {
          if (v !== null && typeof v === 'object' && !this.containers.has(v)) stack.push({ node: v, done: false });
        }
        continue;
      }
      let bytes = 2;
      if (Array.isArray(top.node)) {
        const arr = top.node;
        for (let i = 0; i < arr.length; i++) bytes += this.memberBytes(arr, i, arr[i]) + (i > 0 ? 1 : 0);
      } else {
        let first = true;
        for (const k in top.node) {
          if (!Object.prototype.hasOwnProperty.call(top.node, k)) continue;
          const v = (top.node as Record<string, unknown>)[k];
          if (v === undefined) continue;
          bytes += jsonStringBytes(k) + 1 + this.memberBytes(top.node, k, v) + (first ? 0 : 1);
          first = false;
        }
      }
      this.containers.set(top.node, bytes);
    }
    return this.containers.get(root)!;
  }

  private memberBytes(container: object, key: string | number, v: unknown): number {
    if (v !== null && typeof v === 'object') return this.containers.get(v)!;
    if (this.known && typeof v === 'string' && v.length >= KNOWN_MIN_CHARS) {
      const bytes = this.known(container, String(key));
      if (bytes !== undefined) return bytes;
    }
    return scalarBytes(v);
  }

  /** Like bytesOf, for a member of `container`: long strings may have been measured already. */
  private childBytes(container: object, key: string | number, child: unknown): number {
    if (child !== null && typeof child === 'object') return this.bytesOf(child);
    return this.memberBytes(container, key, child);
  }

  /** The direct members of a container with their sizes, largest first. */
  children(node: SizedNode): SizedNode[] {
    return this.largestChildren(node, Number.POSITIVE_INFINITY);
  }

  rootNode(): SizedNode {
    return new SizedNode(undefined, '', false, this.root, this.totalBytes, this.totalBytes);
  }

  /**
   * The fields that fill the payload: start from the root's members, and open any container whose
   * largest member holds at least half of it (the container is not the answer, that member is).
   * A container of many similar small items stays whole: that list is the contributor.
   */
  topContributors(count: number): SizedNode[] {
    // Only a parent's `count` largest members can be among the `count` largest overall, so no
    // more are ever built (an array of 100,000 records is scanned, not copied).
    // A heap, largest first and first come first among equals: sorting the whole queue at every
    // step was quadratic on a payload that opens 200,000 levels, each leaving siblings behind.
    const queue = new MaxHeap();
    for (const kid of this.largestChildren(this.rootNode(), count)) queue.push(kid);
    const final: SizedNode[] = [];
    while (final.length < count && queue.size) {
      const next = queue.pop();
      const kids = this.largestChildren(next, count);
      if (kids.length && kids[0].memberBytes * 2 >= next.bytes) for (const kid of kids) queue.push(kid);
      else final.push(next);
    }
    return final;
  }

  /** The `k` largest direct members, largest first, without building the others. */
  largestChildren(node: SizedNode, k: number): SizedNode[] {
    const v = node.value;
    if (v === null || typeof v !== 'object') return [];
    const isArray = Array.isArray(v);
    // Every member (the size tree) is collected and sorted once; a few are kept in order.
    const all = k === Number.POSITIVE_INFINITY;
    const best: { key: string | number; child: unknown; bytes: number; memberBytes: number }[] = [];
    const items = isArray ? this.itemSizes.get(v) : undefined;
    const consider = (key: string | number, child: unknown, first: boolean) => {
      const bytes = items ? items[key as number] : this.childBytes(v, key, child);
      const memberBytes = bytes + (typeof key === 'number' ? 0 : jsonStringBytes(key) + 1) + (first ? 0 : 1);
      if (all) {
        best.push({ key, child, bytes, memberBytes });
        return;
      }
      if (best.length === k && memberBytes <= best[k - 1].memberBytes) return;
      let i = best.length;
      while (i > 0 && best[i - 1].memberBytes < memberBytes) i--;
      best.splice(i, 0, { key, child, bytes, memberBytes });
      if (best.length > k) best.pop();
    };
    if (isArray) for (let i = 0; i < v.length; i++) consider(i, v[i], i === 0);
    else {
      let first = true;
      for (const key of Object.keys(v)) {
        const c = (v as Record<string, unknown>)[key];
        if (c === undefined) continue;
        consider(key, c, first);
        first = false;
      }
    }
    if (all) best.sort((a, b) => b.memberBytes - a.memberBytes);
    return best.map((b) => new SizedNode(node, String(b.key), isArray, b.child, b.bytes, b.memberBytes));
  }
}

/** Nodes by memberBytes, largest first; among equals, the one pushed first. */
class MaxHeap {
  private readonly items: { node: SizedNode; seq: number }[] = [];
  private pushed = 0;

  get size(): number {
    return this.items.length;
  }

  push(node: SizedNode): void {
    const items = this.items;
    let i = items.length;
    items.push({ node, seq: this.pushed++ });
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(items[i], items[up])) break;
      [items[i], items[up]] = [items[up], items[i]];
      i = up;
    }
  }

  pop(): SizedNode {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.before(items[l], items[m])) m = l;
        if (r < items.length && this.before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top.node;
  }

  private before(a: { node: SizedNode; seq: number }, b: { node: SizedNode; seq: number }): boolean {
    return a.node.memberBytes > b.node.memberBytes || (a.node.memberBytes === b.node.memberBytes && a.seq < b.seq);
  }
}

function* values(node: object): Iterable<unknown> {
  if (Array.isArray(node)) yield* node;
  else
    for (const k in node) if (Object.prototype.hasOwnProperty.call(node, k)) yield (node as Record<string, unknown>)[k];
}

function scalarBytes(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return jsonStringBytes(v);
    case 'number':
      return numberBytes(v);
    case 'boolean':
      return v ? 4 : 5;
    case 'bigint':
      return String(v).length;
    default:
      return 4; // null (undefined members are skipped by the callers)
  }
}

/**
 * Characters of JSON.stringify(n). Integers are counted, not printed: a records file holds
 * hundreds of thousands of them, and a string per number was garbage the collector had to chase.
 */
function numberBytes(n: number): number {
  if (!Number.isFinite(n)) return 4; // JSON writes null
  if (!Number.isSafeInteger(n)) return String(n).length;
  let digits = 1;
  for (let a = Math.abs(n); a >= 10; a = Math.floor(a / 10)) digits++;
  return n < 0 ? digits + 1 : digits;
}
