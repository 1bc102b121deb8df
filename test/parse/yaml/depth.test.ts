import { describe, expect, it } from 'vitest';
import { deepestFlowNesting } from '../../../src/parse/yaml/depth.js';
import { parseYaml } from '../../../src/parse/yaml/index.js';

describe('flow nesting deeper than the parser follows', () => {
  it.each([
    ['sequences', '[', ']'],
    ['mappings', '{b: ', '}'],
  ])('5,000+ levels of %s: a sentence with the depth, at the first bracket', (_, open, close) => {
    const levels = 6000;
    const text = `top: 1\na: ${open.repeat(levels)}1${close.repeat(levels)}\n`;
    const parse = parseYaml(text);
    expect(parse.ok).toBe(false);
    if (parse.ok) return;
    expect(parse.error.message).toBe(`nested deeper than this parser follows (${levels} levels)`);
    expect(parse.error.offset).toBe(text.indexOf(open[0]));
  });

  it('a shallow flow collection still parses', () => {
    expect(parseYaml('a: [1, {b: [2]}]\n')).toMatchObject({ ok: true, value: { a: [1, { b: [2] }] } });
  });
});

describe('deepestFlowNesting', () => {
  it('counts brackets outside quoted scalars and comments', () => {
    const text = `a: 'it''s [[' # {{{\nb: "[\\"["\nc: [[x], [[y]]]\nd: don't[\n`;
    expect(deepestFlowNesting(text)).toEqual({ levels: 3, offset: text.indexOf('[[x]') });
  });
});
