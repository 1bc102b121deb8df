import fc from 'fast-check';
import { isMap, stringify, type Node, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeFirstDocument } from '../../../src/parse/yaml/compose.js';
import { contentStart, decodeScalar } from '../../../src/parse/yaml/decode.js';

/** The scalar under key `v` of a one-key document. */
function scalarOf(text: string): Scalar {
  const root = composeFirstDocument(text).doc.contents as Node;
  if (!isMap(root)) throw new Error('expected a map');
  return root.items[0].value as Scalar;
}

/** Every character's source text, through the decoder's map. */
function sources(text: string): string[] {
  const node = scalarOf(text);
  const decoded = decodeScalar(text, node);
  if (!decoded) throw new Error('no decoding');
  return Array.from({ length: decoded.text.length }, (_, i) => text[decoded.offsetAt(i)]);
}

describe('decodeScalar', () => {
  it('maps plain and single-quoted scalars; a fold to its line break, a doubled quote to the first', () => {
    expect(sources('v: ab\n  cd\n')).toEqual(['a', 'b', '\n', 'c', 'd']);
    expect(sources("v: 'it''s'\n")).toEqual(['i', 't', "'", 's']);
  });

  it('maps double-quoted escapes to their backslash and long ordinary stretches char by char', () => {
    const text = `v: "${'x'.repeat(50)}\\n\\u00e9${'y'.repeat(50)}"\n`;
    const node = scalarOf(text);
    const decoded = decodeScalar(text, node);
    expect(decoded?.text).toBe(node.value);
    expect(decoded?.offsetAt(50)).toBe(text.indexOf('\\n'));
    expect(decoded?.offsetAt(51)).toBe(text.indexOf('\\u'));
    expect(decoded?.offsetAt(52)).toBe(text.indexOf('y'));
    expect(decoded?.offsetAt(101)).toBe(text.lastIndexOf('y'));
    expect(decoded?.offsetAt(102)).toBe(text.lastIndexOf('"'));
  });

  it('maps literal and folded blocks, and keeps the candidate of an indentation indicator that yaml read', () => {
    expect(sources('v: |\n  a\n  b\n')).toEqual(['a', '\n', 'b', '\n']);
    expect(sources('v: >-\n  a\n  b\n')).toEqual(['a', '\n', 'b']);
    // `|1` under a key at column 0 removes one space; the candidates that remove more are
    // tried too and refused at their first line.
    const text = 'v: |1\n   a\n   b\n';
    const node = scalarOf(text);
    const decoded = decodeScalar(text, node);
    expect(node.value).toBe('  a\n  b\n');
    expect(decoded?.text).toBe(node.value);
    expect(decoded?.offsetAt(0)).toBe(text.indexOf('  a'));
  });

  it('gives null for what is not a string', () => {
    const text = 'v: 12\n';
    expect(decodeScalar(text, scalarOf(text))).toBeNull();
  });

  it('reproduces yaml value for any string in any style, with every offset inside the scalar', () => {
    const styles = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(...styles), (value, type) => {
        const text = stringify({ v: value }, { defaultStringType: type, lineWidth: 20 });
        const node = scalarOf(text);
        const decoded = decodeScalar(text, node);
        if (!decoded) return; // a style yaml could not keep (e.g. plain for a leading space)
        expect(decoded.text).toBe(node.value);
        const [start, end] = node.range ?? [0, 0];
        for (let i = 0; i <= decoded.text.length; i++) {
          const at = decoded.offsetAt(i);
          expect(at).toBeGreaterThanOrEqual(start);
          expect(at).toBeLessThanOrEqual(end);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('contentStart', () => {
  it('is after the quote of a quoted scalar and on the line after a block header', () => {
    expect(contentStart('v: "a"\n', scalarOf('v: "a"\n'))).toBe(4);
    expect(contentStart('v: |\n  a\n', scalarOf('v: |\n  a\n'))).toBe(5);
    expect(contentStart('v: a\n', scalarOf('v: a\n'))).toBe(3);
  });
});
