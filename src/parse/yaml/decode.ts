// Decoders for yaml scalars that also say where each character of the value came from, so a
// finding inside a string (an embedded definition) points at the text itself. Pure: no I/O.
import { Scalar } from 'yaml';
import { decodeBlock } from './block-scalar.js';
import { decodeDoubleQuoted, undoubleQuotes, unfoldLines } from './flow-scalar.js';
import type { Decoded } from './runs.js';

export type { Decoded } from './runs.js';

export function contentStart(src: string, node: Scalar): number {
  const start = node.range?.[0] ?? 0;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return start + 1;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const newline = src.indexOf('\n', start);
    return newline < 0 ? start : newline + 1;
  }
  return start;
}

export function decodeScalar(src: string, node: Scalar): Decoded | null {
  const range = node.range;
  const value: unknown = node.value;
  if (!range || typeof value !== 'string') return null;
  const [start, end] = range;
  switch (node.type) {
    case Scalar.PLAIN:
      return unfoldLines(src, start, end, end, value);
    case Scalar.QUOTE_SINGLE: {
      const unfolded = unfoldLines(src, start + 1, end - 1, end - 1, undefined);
      return unfolded && undoubleQuotes(src, unfolded, value);
    }
    case Scalar.QUOTE_DOUBLE:
      return decodeDoubleQuoted(src, start, end, value);
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return decodeBlock(src, start, end, value);
    default:
      return null;
  }
}
