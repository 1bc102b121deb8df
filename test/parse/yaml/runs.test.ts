import { describe, expect, it } from 'vitest';
import { DecodeBuilder } from '../../../src/parse/yaml/runs.js';

describe('DecodeBuilder', () => {
  it('maps copied characters to themselves and made-up text to one offset; the end at length', () => {
    const src = 'ab\ncd';
    const out = new DecodeBuilder();
    out.copy(src, 0, 2);
    out.add(' ', 2);
    out.copy(src, 3, 5);
    const decoded = out.finish(5);
    expect(decoded?.text).toBe('ab cd');
    expect([0, 1, 2, 3, 4, 5].map((i) => decoded?.offsetAt(i))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('extends a run when a copy continues the previous one, and gives the last offset added', () => {
    const src = 'abcdef';
    const out = new DecodeBuilder();
    out.copy(src, 0, 2);
    out.copy(src, 2, 4);
    out.add('\n\n', 5);
    expect(out.lastOffset()).toBe(5);
    const decoded = out.finish(6);
    expect([0, 3, 4, 5].map((i) => decoded?.offsetAt(i))).toEqual([0, 3, 5, 5]);
  });

  it('compares with the expected value as it goes and refuses at the first difference', () => {
    const src = 'hello world';
    const right = new DecodeBuilder('hello world');
    right.copy(src, 0, 11);
    expect(right.finish(11)?.text).toBe('hello world');
    const wrong = new DecodeBuilder('hello there');
    wrong.copy(src, 0, 6);
    expect(wrong.mismatched).toBe(false);
    wrong.copy(src, 6, 11);
    expect(wrong.mismatched).toBe(true);
    expect(wrong.finish(11)).toBeNull();
    const short = new DecodeBuilder('hello world!');
    short.copy(src, 0, 11);
    expect(short.finish(11)).toBeNull();
  });

  it('tells whether the text so far ends with some chars, with or without an expected value', () => {
    const free = new DecodeBuilder();
    free.add('a\n', 0);
    expect(free.endsWith('\n')).toBe(true);
    const checked = new DecodeBuilder('a\nb');
    checked.add('a\n', 0);
    expect(checked.endsWith('\n')).toBe(true);
    expect(checked.endsWith('b')).toBe(false);
  });
});
