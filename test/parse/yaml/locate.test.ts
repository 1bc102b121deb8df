import type { Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeFirstDocument } from '../../../src/parse/yaml/compose.js';
import { Converter } from '../../../src/parse/yaml/convert.js';
import { Locator } from '../../../src/parse/yaml/locate.js';

function locator(text: string, toOriginal: (offset: number) => number = (o) => o): Locator {
  const { doc } = composeFirstDocument(text);
  const root = (doc.contents ?? null) as Node | null;
  const converter = new Converter(text);
  converter.toPlain(root);
  return new Locator(text, root, converter, toOriginal);
}

const slice = (text: string, range: { start: number; end: number } | undefined) =>
  range ? text.slice(range.start, range.end) : undefined;

describe('Locator', () => {
  it('finds the key and the value of a path, a block value without its trailing line break', () => {
    const text = 'top:\n  list:\n    - a\n    - b\n  n: 1\n';
    const at = locator(text).locate(['top', 'list']);
    expect(slice(text, at?.key)).toBe('list');
    expect(slice(text, at?.value)).toBe('- a\n    - b');
    expect(slice(text, locator(text).locate(['top', 'list', '1'])?.value)).toBe('b');
  });

  it('covers the tag in the value of a short form, and steps through its long name', () => {
    const text = 'a: !Sub "x-${B}"\n';
    const loc = locator(text);
    expect(slice(text, loc.locate(['a'])?.value)).toBe('!Sub "x-${B}"');
    const inner = loc.locate(['a', 'Fn::Sub']);
    expect(slice(text, inner?.key)).toBe('!Sub');
    expect(slice(text, inner?.value)).toBe('"x-${B}"');
    expect(loc.locate(['a', 'Ref'])).toBeUndefined();
  });

  it('points at each half of !GetAtt and at an empty value just after its colon', () => {
    const text = 'a: !GetAtt Res.Out.Arn\nb:\n';
    const loc = locator(text);
    expect(slice(text, loc.locate(['a', 'Fn::GetAtt', '1'])?.value)).toBe('Out.Arn');
    expect(loc.locate(['b'])?.value).toEqual({ start: text.indexOf('b:') + 2, end: text.indexOf('b:') + 2 });
  });

  it('maps every offset it gives through toOriginal', () => {
    const text = 'a: {k: v}\n';
    const at = locator(text, (o) => o + 100).locate(['a', 'k']);
    expect(at?.value).toEqual({ start: text.indexOf('v') + 100, end: text.indexOf('v') + 101 });
  });

  it('gives the offset of a character inside a string, through an alias, and the end at length', () => {
    const text = 'a: &x "p\\tq"\nb: *x\n';
    const loc = locator(text);
    expect(loc.stringOffset(['b'], 1)).toBe(text.indexOf('\\t'));
    expect(loc.stringOffset(['b'], 3)).toBe(text.lastIndexOf('"'));
    expect(loc.stringOffset(['b'], 4)).toBeUndefined();
    expect(loc.stringOffset(['missing'], 0)).toBeUndefined();
  });
});
