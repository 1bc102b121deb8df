// Identities for findings that survive reformatting: a hash of the value a finding is about (never
// its line), used by baselines and by SARIF's partialFingerprints.
import { sha256Hex } from './hash.js';
import { fromPointer } from './pointer.js';

export function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 16);
}

/**
 * The value at `pointer`, or the deepest value on the way to it (a pointer that reaches inside an
 * embedded definition string stops at the string), hashed in its compact JSON form so whitespace,
 * indentation and JSON-vs-YAML spelling do not change it.
 */
export function valueHash(root: unknown, pointer: string): string {
  let node: unknown = root;
  let segments: string[];
  try {
    segments = fromPointer(pointer);
  } catch {
    segments = [];
  }
  for (const s of segments) {
    if (node === null || typeof node !== 'object') break;
    const next = (node as Record<string, unknown>)[s];
    if (next === undefined || !Object.prototype.hasOwnProperty.call(node, s)) break;
    node = next;
  }
  return shortHash(stableJson(node));
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  // Key order is kept: reordering keys is an edit, not a reformat.
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined';
  } catch (err) {
    // JSON.stringify recurses: nesting deeper than the stack (a hostile payload) is written
    // iteratively instead, to the same text.
    if (err instanceof RangeError) return deepJson(value);
    throw err;
  }
}

/** JSON.stringify's compact output for parsed data (no toJSON, no cycles), with an explicit stack. */
export function deepJson(root: unknown): string {
  const scalar = (v: unknown): string | undefined => {
    if (typeof v === 'bigint') return JSON.stringify(v.toString());
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    return JSON.stringify(v);
  };
  if (root === null || typeof root !== 'object') return scalar(root) ?? 'undefined';
  const out: string[] = [];
  const stack: { node: object; keys: string[] | undefined; i: number; wrote: boolean }[] = [];
  const open = (node: object) => {
    const isArray = Array.isArray(node);
    out.push(isArray ? '[' : '{');
    stack.push({ node, keys: isArray ? undefined : Object.keys(node), i: 0, wrote: false });
  };
  open(root);
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i >= (f.keys ? f.keys.length : (f.node as unknown[]).length)) {
      out.push(f.keys ? '}' : ']');
      stack.pop();
      continue;
    }
    const key = f.keys ? f.keys[f.i] : undefined;
    const v = key !== undefined ? (f.node as Record<string, unknown>)[key] : (f.node as unknown[])[f.i];
    f.i++;
    const isContainer = v !== null && typeof v === 'object';
    const text = isContainer ? undefined : scalar(v);
    // JSON drops object members it cannot write, and writes null for such array items.
    if (key !== undefined && !isContainer && text === undefined) continue;
    if (f.wrote) out.push(',');
    f.wrote = true;
    if (key !== undefined) out.push(JSON.stringify(key) + ':');
    if (isContainer) open(v as object);
    else out.push(text ?? 'null');
  }
  return out.join('');
}
