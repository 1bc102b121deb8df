// Choice comparison operators, each over values of the right and of the wrong type, plain and
// ...Path forms: what the simulator decides for every pair.
import { describe, expect, it } from 'vitest';
import { matchRule } from '../../src/simulate/choice.js';

const roots = (input: unknown) => ({ input, context: {}, variables: new Map<string, unknown>() });

const VALUES: unknown[] = [
  'a',
  'b',
  '5',
  5,
  4.5,
  6,
  true,
  false,
  null,
  '2024-01-01T00:00:00Z',
  '2024-06-01T12:00:00+02:00',
  'x*y',
];

describe('Choice comparisons', () => {
  it('compare strings, numbers and timestamps by type and order, plain or from a path', () => {
    const families: [string, unknown[]][] = [
      ['String', ['a', 'b', 5, '5']],
      ['Numeric', [5, 4.5, '5', 6]],
      ['Timestamp', ['2024-01-01T00:00:00Z', '2024-06-01T12:00:00+02:00', 'nope']],
    ];
    const relations: [string, (a: never, b: never) => boolean][] = [
      ['Equals', (a, b) => a === b],
      ['LessThan', (a, b) => a < b],
      ['GreaterThan', (a, b) => a > b],
      ['LessThanEquals', (a, b) => a <= b],
      ['GreaterThanEquals', (a, b) => a >= b],
    ];
    for (const [family, expectations] of families) {
      const key = (v: unknown): unknown =>
        family === 'String'
          ? typeof v === 'string'
            ? v
            : undefined
          : family === 'Numeric'
            ? typeof v === 'number'
              ? v
              : undefined
            : typeof v === 'string' && /^\d{4}-/.test(v)
              ? Date.parse(v)
              : undefined;
      const keyOfExpected = (e: unknown, rel: string): unknown =>
        family === 'String'
          ? rel === 'Equals'
            ? e
            : String(e)
          : family === 'Numeric'
            ? Number(e)
            : Date.parse(String(e));
      for (const [rel, compare] of relations) {
        for (const value of VALUES) {
          for (const expected of expectations) {
            const k = key(value);
            const want = k !== undefined && compare(k as never, keyOfExpected(expected, rel) as never);
            const op = `${family}${rel}`;
            expect(
              matchRule({ Variable: '$.v', [op]: expected }, roots({ v: value })),
              `${op} ${JSON.stringify(value)} ${JSON.stringify(expected)}`,
            ).toBe(want);
            expect(
              matchRule({ Variable: '$.v', [`${op}Path`]: '$.e' }, roots({ v: value, e: expected })),
              `${op}Path`,
            ).toBe(want);
          }
        }
      }
    }
  });

  it('checks types, presence, booleans and string patterns', () => {
    const m = (rule: Record<string, unknown>, v: unknown) => matchRule({ Variable: '$.v', ...rule }, roots({ v }));
    expect(m({ IsPresent: true }, 1)).toBe(true);
    expect(matchRule({ Variable: '$.missing', IsPresent: false }, roots({}))).toBe(true);
    expect(m({ IsNull: true }, null)).toBe(true);
    expect(m({ IsString: true }, 'a')).toBe(true);
    expect(m({ IsNumeric: false }, 'a')).toBe(true);
    expect(m({ IsBoolean: true }, false)).toBe(true);
    expect(m({ IsTimestamp: true }, '2024-01-01T00:00:00Z')).toBe(true);
    expect(m({ IsTimestamp: true }, '2024-01-01')).toBe(false);
    expect(m({ BooleanEquals: true }, true)).toBe(true);
    expect(m({ BooleanEquals: true }, 'true')).toBe(false);
    expect(m({ StringMatches: 'log-*.txt' }, 'log-2024.txt')).toBe(true);
    expect(m({ StringMatches: 'log-\\*.txt' }, 'log-2024.txt')).toBe(false);
    expect(
      m({ And: [{ Variable: '$.v', NumericGreaterThan: 1 }, { Not: { Variable: '$.v', NumericEquals: 3 } }] }, 2),
    ).toBe(true);
    expect(
      m(
        {
          Or: [
            { Variable: '$.v', StringEquals: 'x' },
            { Variable: '$.v', IsNull: true },
          ],
        },
        'y',
      ),
    ).toBe(false);
  });
});
