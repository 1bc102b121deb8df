import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, placeholdersInStrings, type Placeholder } from '../../src/definitions/placeholders.js';

/** The plain reading: one character at a time, strings and escapes tracked, `${...}` taken where it starts. */
function readByCharacter(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (c === '$') {
      const m = /^\$\{([^}]*)\}/.exec(text.slice(i));
      if (m && !m[1].startsWith('!')) {
        out.push({ name: m[1], start: i, end: i + m[0].length, inString });
        i += m[0].length - 1;
      }
    }
  }
  return out;
}

describe('findPlaceholders', () => {
  it('finds `${name}` in and out of strings, not `${!literal}` or escaped quotes', () => {
    const text = '{"A": ${Timeout}, "B": "arn:${Region}:x", "C": "\\"${Q}\\"", "D": "${!Literal}"}';
    expect(findPlaceholders(text).map((p) => [p.name, p.inString])).toEqual([
      ['Timeout', false],
      ['Region', true],
      ['Q', true],
    ]);
  });

  it('reads any text as a character-by-character reading does', () => {
    const token = fc.constantFrom('"', '\\', '\\"', '$', '{', '}', '${a}', '${!b}', '${c"d}', '${', 'x', ' ', ':', ',');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const text = tokens.join('');
        expect(findPlaceholders(text)).toEqual(readByCharacter(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('in a text that is JSON, every placeholder is found inside a string, as the reading finds them', () => {
    // Strings made of placeholder-ish pieces, written out by JSON.stringify (quotes and backslashes
    // escaped), in arrays and objects: a placeholder may even run from one string into the next.
    const piece = fc.constantFrom('${a}', '${!b}', '${c', 'd}', '"', '\\', '$', '{', '}', 'x', '${é}');
    const str = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        str,
        fc.integer(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(str, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const found = placeholdersInStrings(text);
        expect(found.map(({ name, start, end }) => ({ name, start, end }))).toEqual(
          readByCharacter(text).map(({ name, start, end }) => ({ name, start, end })),
        );
        expect(found.every((p) => p.inString)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
