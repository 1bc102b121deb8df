import { describe, expect, it } from 'vitest';
import { composeFirstDocument } from '../../../src/parse/yaml/compose.js';
import { Converter, YamlLoadError } from '../../../src/parse/yaml/convert.js';

function convert(text: string): { value: unknown; converter: Converter } {
  const { doc } = composeFirstDocument(text);
  const converter = new Converter(text);
  return { value: converter.toPlain(doc.contents ?? null), converter };
}

describe('Converter', () => {
  it('turns short-form tags into their long form, and splits !GetAtt at the first dot', () => {
    const { value } = convert('a: !Ref B\nb: !GetAtt Res.Out.Arn\nc: !Join ["", [x, !Ref y]]\nd: !Custom kept\n');
    expect(value).toEqual({
      a: { Ref: 'B' },
      b: { 'Fn::GetAtt': ['Res', 'Out.Arn'] },
      c: { 'Fn::Join': ['', ['x', { Ref: 'y' }]] },
      d: 'kept',
    });
  });

  it('shares an anchor value with its aliases and remembers which node each alias names', () => {
    const { value, converter } = convert('a: &x {k: 1}\nb: *x\n');
    const plain = value as Record<string, unknown>;
    expect(plain.b).toBe(plain.a);
    expect(converter.aliasTargets.size).toBe(1);
  });

  it('keeps the last value of a duplicate key and records both offsets', () => {
    const text = 'a: 1\nb: 2\na: 3\n';
    const { value, converter } = convert(text);
    expect(value).toEqual({ a: 3, b: 2 });
    expect(converter.duplicates).toEqual([{ key: 'a', firstOffset: 0, offset: text.lastIndexOf('a:') }]);
  });

  it('keeps collection keys as JSON text and a __proto__ key as an own property', () => {
    const { value, converter } = convert('? [1, 2]\n: v\n__proto__: p\n');
    expect(Object.keys(value as object)).toEqual(['[1,2]', '__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect([...converter.otherKeys.values()]).toEqual(['[1,2]']);
  });

  it('refuses an alias bomb, a recursive alias and an unknown alias with their codes and offsets', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const codeOf = (text: string): [string, number] => {
      try {
        convert(text);
      } catch (error) {
        if (error instanceof YamlLoadError) return [error.code, error.offset];
        throw error;
      }
      return ['none', -1];
    };
    expect(codeOf(levels.join('\n'))[0]).toBe('ALIAS_LIMIT');
    expect(codeOf('a: &a [*a]')).toEqual(['RECURSIVE_ALIAS', 7]);
    expect(codeOf('a: *nope')).toEqual(['BAD_ALIAS', 3]);
  });

  it('notes a tagged quoted scalar that yaml ended before its closing quote', () => {
    const text = 'a: !Sub "one\n# two"\n';
    const { converter } = convert(text);
    expect(converter.cutQuote).toBe(text.indexOf('"'));
    expect(convert('a: "closed"\n').converter.cutQuote).toBeUndefined();
  });
});
