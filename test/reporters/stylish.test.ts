// The terminal report at a narrow width: messages wrap at word boundaries under themselves, and the
// rule id stays whole. Without a width (a file or a pipe) lines are never broken.
import { describe, expect, it } from 'vitest';
import stylish from '../../src/reporters/stylish.js';
import { wrapWords } from '../../src/wrap.js';
import type { FileResult } from '../../src/types.js';

const message =
  'The payload is 390.6 KiB (400,037 bytes), 152% of the 256 KiB Step Functions limit; move the largest fields to S3.';
const results: FileResult[] = [
  {
    filePath: 'events/big.json',
    diagnostics: [
      {
        ruleId: 'payload-size',
        messageId: 'over',
        message,
        severity: 'error',
        filePath: 'events/big.json',
        path: '$',
        pointer: '',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
      },
    ],
  },
];

describe('stylish', () => {
  it('wraps at 60 columns and keeps the rule id whole', () => {
    const out = stylish(results, { color: false, cwd: '/', columns: 60 });
    for (const l of out.split('\n')) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(out).toContain(
      '\n  1:1  error  The payload is 390.6 KiB (400,037 bytes),\n              152% of the 256 KiB Step Functions limit;\n              move the largest fields to S3.  payload-size\n',
    );
  });

  it('does not wrap without a width', () => {
    expect(stylish(results, { color: false, cwd: '/' })).toContain(`  1:1  error  ${message}  payload-size\n`);
  });

  it('lays out a file with 130,000 findings (past what a spread into Math.max takes)', () => {
    const one = results[0].diagnostics[0];
    const many: FileResult[] = [
      { ...results[0], diagnostics: Array.from({ length: 130_000 }, (_, i) => ({ ...one, line: i + 1 })) },
    ];
    const out = stylish(many, { color: false, cwd: '/' });
    expect(out).toContain(`  130000:1  error  ${message}  payload-size\n`);
    // Every position padded to the widest, `130000:1`.
    expect(out).toContain(`\n  1:1${' '.repeat(7)}error  ${message}  payload-size\n`);
  });

  it('breaks only at spaces', () => {
    expect(wrapWords('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapWords('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });
});
