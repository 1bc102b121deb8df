import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('qiuet', 'quiet')).toBe(1);
    expect(editDistance('jsn', 'json')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  const flags = ['fix', 'fix-unsafe', 'fix-dry-run', 'quiet', 'format'];
  it('finds the word meant', () => {
    expect(closest('fix-dryrun', flags)).toBe('fix-dry-run');
    expect(closest('fixDryRun', flags)).toBe('fix-dry-run');
    expect(closest('qiuet', flags)).toBe('quiet');
    expect(closest('no-inline-bas64', ['no-inline-base64', 'payload-size'])).toBe('no-inline-base64');
    expect(closest('ignore', ['rules', 'targets', 'kinds', 'ignores', 'fix'])).toBe('ignores');
  });
  it('suggests nothing for a word far from all of them, or an exact one', () => {
    expect(closest('frobnicate', flags)).toBeUndefined();
    expect(closest('zz', ['fix'])).toBeUndefined();
    expect(closest('quiet', flags)).toBeUndefined();
  });
  it('ends a sentence', () => {
    expect(didYouMean('jsn', ['json', 'sarif'])).toBe('; did you mean `json`?');
    expect(didYouMean('xml', ['json', 'sarif'])).toBe('');
  });
});
