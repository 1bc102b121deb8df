import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, type Placeholder } from '../../src/definitions/placeholders.js';

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
});
