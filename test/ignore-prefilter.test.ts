// The prefilter may only skip what `ignore` itself would find no rule for: generated .gitignore
// texts (wildcards, classes, escapes, negations, case, slashes) against generated paths, and the
// pattern shapes of real repositories.
import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { ignorePrefilter } from '../src/io/ignore-prefilter.js';

/** Whether ignore's verdict for `path` is decided by some rule (or by a folder above it). */
const decided = (text: string, path: string) => {
  const r = ignore().add(text).test(path);
  return r.ignored || r.unignored;
};

const piece = fc.constantFrom(
  'a',
  'B',
  'build',
  'Build',
  'x.y',
  '.env',
  'node_modules',
  '*',
  '**',
  '?',
  '[ab]',
  '[!a]',
  '[a-c]',
  '[]a]',
  '[',
  '\\*',
  '\\ ',
  '\\#',
  '\\!',
  ' ',
  '/',
  '-',
  'é',
  'K',
);
const line = fc
  .tuple(fc.constantFrom('', '!', '#', '/', ' '), fc.array(piece, { minLength: 1, maxLength: 5 }))
  .map(([head, parts]) => head + parts.join(''));
const text = fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n'));
const segment = fc.constantFrom(
  'a',
  'A',
  'b',
  'build',
  'BUILD',
  'x.y',
  '.env',
  'node_modules',
  'ab',
  'c',
  'é',
  'K',
  'a b',
  '-',
);
const path = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([segs, folder]) => segs.join('/') + (folder ? '/' : ''));

describe('ignorePrefilter', () => {
  it('says "cannot match" only for paths no pattern of the text decides, folders above them included', () => {
    fc.assert(
      fc.property(text, fc.array(path, { minLength: 1, maxLength: 8 }), (t, paths) => {
        const may = ignorePrefilter(t);
        if (!may) return;
        for (const p of paths)
          if (!may(p.toLowerCase())) expect(decided(t, p), `${JSON.stringify(t)} ${p}`).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('skips the paths that hold none of the patterns, and gives up on patterns with no plain run', () => {
    const may = ignorePrefilter('# built\nnode_modules/\n*.pyc\n!keep.pyc\n/dist\n.aws-sam/\n[Bb]in/\n')!;
    expect(may('src/app.json')).toBe(false);
    expect(may('events/e.json')).toBe(false);
    for (const p of ['node_modules/x/package.json', 'a/b.pyc', 'dist/x.json', '.aws-sam/build/t.json', 'bin/x.json'])
      expect(may(p)).toBe(true);
    expect(ignorePrefilter('*\n')).toBeUndefined();
    expect(ignorePrefilter('**/[ab]/\n')).toBeUndefined();
    expect(ignorePrefilter('caf\u00e9\n')).toBeUndefined();
    // Blank lines and comments only: nothing can match.
    expect(ignorePrefilter('\n# a\n\n')!('anything')).toBe(false);
  });
});
