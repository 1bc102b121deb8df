import { describe, expect, it } from 'vitest';
import { explainQuoteError, relaxIndent } from '../../../src/parse/yaml/relax.js';
import { scanBlocks } from '../../../src/parse/yaml/scan.js';

describe('relaxIndent', () => {
  it('pushes continuation lines right of their owner, keeping line numbers, and maps offsets back', () => {
    const text = 'Def: {\n"a": 1\n}\n';
    const relaxed = relaxIndent(text);
    expect(relaxed?.text).toBe('Def: {\n "a": 1\n }\n');
    const back = (o: number) => (relaxed ? relaxed.toOriginal(o) : o);
    expect(back(relaxed?.text.indexOf('"a"') ?? -1)).toBe(text.indexOf('"a"'));
    expect(back(relaxed?.text.indexOf('}') ?? -1)).toBe(text.indexOf('}'));
    // An inserted space maps to the start of its line.
    expect(back(text.indexOf('\n') + 1)).toBe(text.indexOf('\n') + 1);
  });

  it('leaves text alone when nothing needs relaxing, and empty lines inside a quote', () => {
    expect(relaxIndent('a: {b: 1}\nc: "d"\n')).toBeUndefined();
    expect(relaxIndent('k: "x\n\n  y"\n')).toBeUndefined();
    expect(relaxIndent('k: "x\n\ny"\n')?.text).toBe('k: "x\n\n y"\n');
  });
});

describe('explainQuoteError', () => {
  it('names an unclosed quote where it opens', () => {
    const text = 'a: "never\nb: 1\n';
    expect(explainQuoteError(text, scanBlocks(text), text.length, 'MISSING_CHAR')).toEqual({
      message: 'the " quote that opens here is never closed',
      offset: 3,
    });
  });

  it('names the quote that ended the string early, with both positions', () => {
    const text = "a: 'it's'\n";
    const explained = explainQuoteError(text, scanBlocks(text), text.indexOf('s'), 'UNEXPECTED_TOKEN');
    expect(explained?.offset).toBe(text.indexOf("'", 4));
    expect(explained?.message).toContain("the ' at line 1, column 7 closes the string that opens at line 1, column 4");
  });

  it('keeps yaml its own message for an error that is not about a quote', () => {
    const text = 'a: 1\n  b: 2\n';
    expect(explainQuoteError(text, scanBlocks(text), text.indexOf('b'), 'BAD_INDENT')).toBeUndefined();
  });
});
