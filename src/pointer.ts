// JSON pointers (RFC 6901) and the JSONPath spelling used in messages.

export type Segments = readonly string[];

export function toPointer(segments: Segments): string {
  let out = '';
  for (const s of segments) out += '/' + s.replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `$.payload[0].payload.image`; keys that are not identifiers are bracket-quoted
 * (`$['my key']`), array indexes are bracketed. `isIndex` tells an index from a numeric key.
 */
export function toJsonPath(segments: Segments, isIndex: (depth: number) => boolean = () => false): string {
  let out = '$';
  segments.forEach((s, i) => {
    if (isIndex(i)) out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += '.' + s;
    else
      out +=
        "['" +
        s
          .replace(/\\/g, '\\\\')
          .replace(/'/g, "\\'")
          .replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) +
        "']";
  });
  return out;
}

/** Messages quote a JSONPath up to this many characters whole; a longer one keeps its ends. */
export const MESSAGE_PATH_CHARS = 120;
const PATH_SEGMENT = /\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\['(?:[^'\\]|\\.)*'\]/y;

/**
 * A JSONPath short enough to quote in a message: past MESSAGE_PATH_CHARS, the first 3 and last 3
 * segments with `…` between (`$.a.b.c…[7].x.y`), so a finding 200,000 levels deep does not give a
 * message of hundreds of KB. Anything that is not a whole JSONPath is returned as it is.
 */
export function shortJsonPath(path: string, maxChars = MESSAGE_PATH_CHARS): string {
  if (path.length <= maxChars || path[0] !== '$') return path;
  const segments: string[] = [];
  PATH_SEGMENT.lastIndex = 1;
  while (PATH_SEGMENT.lastIndex < path.length) {
    const at = PATH_SEGMENT.lastIndex;
    const m = PATH_SEGMENT.exec(path);
    if (!m || m.index !== at) return path;
    segments.push(m[0]);
  }
  if (segments.length <= 6) return path;
  return '$' + segments.slice(0, 3).join('') + '…' + segments.slice(-3).join('');
}

/** JSONPath for segments that walk `root`: arrays make bracketed indexes. */
export function jsonPathIn(root: unknown, segments: Segments): string {
  const arrays: boolean[] = [];
  let node: unknown = root;
  for (const s of segments) {
    const isArray = Array.isArray(node);
    arrays.push(isArray);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  }
  return toJsonPath(segments, (i) => arrays[i] === true);
}

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Own-property lookup that never walks the prototype (keys like `__proto__` or `constructor`). */
export function child(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && String(i) === key ? node[i] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

/**
 * `target[key] = value` as an own member, whatever the key: a plain assignment to `__proto__`
 * replaces the prototype instead (the member is lost, or turns up last, and the object inherits
 * whatever the data held), where JSON.parse and YAML make it a member like any other.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** `child` when it is a string, else undefined (an object must never print as "[object Object]"). */
export function childString(node: unknown, key: string): string | undefined {
  const v = child(node, key);
  return typeof v === 'string' ? v : undefined;
}

export function getAt(root: unknown, segments: Segments): unknown {
  let node = root;
  for (const s of segments) {
    node = child(node, s);
    if (node === undefined) return undefined;
  }
  return node;
}
