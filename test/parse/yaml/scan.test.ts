import { describe, expect, it } from 'vitest';
import { isDocumentMarker, scanBlocks } from '../../../src/parse/yaml/scan.js';

describe('scanBlocks', () => {
  it('finds a multi-line flow with the indentation its owner needs', () => {
    const text = 'Def: {\n"a": 1,\n"b": [2]\n}\n';
    expect(scanBlocks(text).spans).toEqual([{ firstLine: 0, lastLine: 3, minIndent: 1, quoted: false }]);
  });

  it('finds quoted scalars in block context, not those inside a flow or a block scalar', () => {
    const text = 'a: "one"\nb: [ "in flow" ]\nc: |\n  "in block" {\nd: \'two\nlines\'\n';
    const scan = scanBlocks(text);
    expect(scan.quoted.map((q) => text.slice(q.open, q.close))).toEqual(['"one"', "'two\nlines'"]);
    expect(scan.spans).toEqual([{ firstLine: 4, lastLine: 5, minIndent: 1, quoted: true }]);
  });

  it('skips comments and a `{` inside a string, and stops at an unclosed quote or bracket', () => {
    expect(scanBlocks('a: 1 # {\nb: "x {"\n').spans).toEqual([]);
    expect(scanBlocks('a: "open\nb: 1\n').unclosed).toEqual({ offset: 3, char: '"' });
    expect(scanBlocks('a: [1,\nb: 2\n').unclosed).toEqual({ offset: 3, char: '[' });
  });
});

describe('isDocumentMarker', () => {
  it('takes --- and ... only when followed by a blank or the end', () => {
    expect(isDocumentMarker('---\n', 0)).toBe(true);
    expect(isDocumentMarker('x\n...', 2)).toBe(true);
    expect(isDocumentMarker('---x', 0)).toBe(false);
  });
});
