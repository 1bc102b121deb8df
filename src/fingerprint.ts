// Identities for findings that survive reformatting: a hash of the value a finding is about (never
// its line), used by baselines and by SARIF's partialFingerprints.
import { sha256Hex } from './hash.js';
import { fromPointer } from './pointer.js';
import { compactJson } from './text.js';

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
  // Key order is kept: reordering keys is an edit, not a reformat.
  return compactJson(value) ?? 'undefined';
}
