// simulate on hostile and real-world definitions: every run ends, with Step Functions' own error
// for a failing state, a definition error for a missing state, or a bound naming the state.
// Correctness only; how long each case takes is measured by `npm run stress`, not here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DefinitionError, SimulationLimit, minJsonBytes } from '../../src/simulate/bounds.js';
import { compactJsonBytes } from '../../src/text.js';
import { plain } from '../../src/simulate/jsonata.js';
import { simulate } from '../../src/simulate/run.js';

const jsonata = (expr: string) => ({
  QueryLanguage: 'JSONata',
  StartAt: 'S',
  States: { S: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } },
});
const pass = (parameters: Record<string, unknown>) => ({
  StartAt: 'Check',
  States: { Check: { Type: 'Pass', Parameters: parameters, End: true } },
});
const quick = { bounds: { totalMs: 20_000, expressionMs: 500, expressionDepth: 200, nesting: 20 } };

describe('minJsonBytes', () => {
  it('never exceeds the real size', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(minJsonBytes(v)).toBeLessThanOrEqual(compactJsonBytes(v));
      }),
    );
  });
});

describe('plain', () => {
  it('copies without recursion and keeps key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.stringify(plain(v))).toBe(JSON.stringify(v));
      }),
    );
    // JSON.parse makes `__proto__` a member like any other; so must the copy, in its place.
    const proto = JSON.parse('{"__proto__":{"x":1},"":null,"z":[{"__proto__":"s"}]}') as unknown;
    const copied = plain(proto) as Record<string, unknown>;
    expect(JSON.stringify(copied)).toBe(JSON.stringify(proto));
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(copied.x).toBeUndefined();
    const deep = JSON.parse('{"a":'.repeat(100_000) + '{"z":1,"y":2}' + '}'.repeat(100_000));
    expect(compactJsonBytes(plain(deep))).toBe(compactJsonBytes(deep));
  });
});

describe('Step Functions JSONata functions', () => {
  it('provides $partition, $range, $hash, $random with a seed, $uuid and $parse', async () => {
    const run = await simulate(
      jsonata(
        "{ 'p': $partition([1,2,3,4,5], 2), 'r': $range(0, 10, 4), 'h': $hash('abc', 'SHA-256'), 'a': $random(7), 'b': $random(7), 'u': $uuid(), 'j': $parse('{\"k\":[1]}') }",
      ),
      {},
    );
    const out = run.output as Record<string, unknown>;
    expect(out.p).toEqual([[1, 2], [3, 4], [5]]);
    expect(out.r).toEqual([0, 4, 8]);
    expect(out.h).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(out.a).toBe(out.b);
    expect(typeof out.a).toBe('number');
    expect(String(out.u)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.j).toEqual({ k: [1] });
  });

  it('fails the state with States.QueryEvaluationError, keeping the JSONata code and the state name', async () => {
    const run = await simulate(jsonata("1 + 'a'"), {});
    expect(run.report.failed).toMatchObject({ state: 'S', error: 'States.QueryEvaluationError' });
    expect(run.report.failed!.cause).toContain('T2002');
    const bad = await simulate(jsonata("$hash('x', 'CRC32')"), {});
    expect(bad.report.failed!.cause).toContain('$hash algorithm must be one of MD5');
  });
});

describe('intrinsic functions', () => {
  it.each([
    ['States.ArrayLength($.missing)', '$.missing matched nothing'],
    ['States.ArrayLength($.n)', 'must be an array'],
    ['States.ArrayRange(1, 100000000, 1)', 'at most 1000'],
    ['States.ArrayRange(1, 5, 0)', 'step must not be 0'],
    ['States.ArrayPartition($.list, 0)', 'positive integer'],
    ['States.ArrayGetItem($.list, 7)', 'outside the array of 3 items'],
    ["States.StringToJson('{')", 'could not parse'],
    ["States.Hash('x', 'CRC32')", 'algorithm must be one of'],
    ["States.Format('{} {}', 1)", '2 placeholders and 1 values'],
  ])('%s fails the state with States.Runtime', async (expr, cause) => {
    const run = await simulate(pass({ 'x.$': expr }), { n: 5, list: [1, 2, 3] });
    expect(run.report.failed).toMatchObject({ state: 'Check', error: 'States.Runtime' });
    expect(run.report.failed!.cause).toContain(cause);
  });

  it('States.ArrayRange builds its 1,000 items', async () => {
    const run = await simulate(pass({ 'x.$': 'States.ArrayRange(1, 1999, 2)' }), {});
    expect((run.output as { x: number[] }).x).toHaveLength(1000);
  });
});

describe('definitions that name missing states', () => {
  it.each([
    [{ StartAt: 'Nope', States: { A: { Type: 'Pass', End: true } } }, 'StartAt names state `Nope`'],
    [{ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }, 'state `A`: Next names state `B`'],
    [
      {
        StartAt: 'A',
        States: { A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Gone' }], Default: 'A' } },
      },
      "a Choice rule's Next names state `Gone`",
    ],
    [
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'In', States: { In: { Type: 'Pass', Next: 'Out' } } },
            End: true,
          },
        },
      },
      'state `M/In`: Next names state `Out`',
    ],
  ])('refuses %#', async (definition, message) => {
    await expect(simulate(definition, {})).rejects.toThrow(DefinitionError);
    await expect(simulate(definition, {})).rejects.toThrow(message);
  });
});

describe('bounds', () => {
  it.each([
    ['tail recursion', '( $f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(100000000) )'],
    ['plain recursion', '( $f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000) )'],
    ['heavy $map', '$count($map([1..100000], function($x){ $map([1..100000], function($y){ $x * $y }) }))'],
    ['string bomb', `( $s := 'xxxxxxxxxx';${' $s := $s & $s;'.repeat(30)} $length($s) )`],
    ['$pad bomb', "$length($pad('x', 100000000))"],
  ])('stops %s with a message naming the state', async (_name, expr) => {
    const err = await simulate(jsonata(expr), {}, quick).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulationLimit);
    expect(String((err as Error).message)).toMatch(/^state `S`: the JSONata expression `/);
  });

  it('a sequence too long for the state data fails the state', async () => {
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% [1..2000000] %}',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const run = await simulate(machine, {}, quick);
    expect(run.report.failed).toMatchObject({ state: 'M', error: 'States.QueryEvaluationError' });
    expect(run.report.failed!.cause).toContain('too long for 256 KiB');
  });

  it('an input over the limit stops the state before its Map runs', async () => {
    const machine = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemSelector: { 'v.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const run = await simulate(machine, new Array(200_000).fill(1), quick);
    expect(run.report.exceeded).toEqual([{ state: 'M', bytes: 400_001, where: 'input' }]);
    expect(run.report.states).toEqual([{ name: 'M', inputBytes: 400_001, resultBytes: 0, outputBytes: 0 }]);
  });

  it('a Map over many small items stops at the transition cap', async () => {
    const machine = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemSelector: { 'v.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const run = await simulate(machine, new Array(100_000).fill(1), { ...quick, maxTransitions: 50 });
    expect(run.notes.some((n) => n.startsWith('stopped after 50 transitions'))).toBe(true);
  });

  it('Parallel nested 5,000 deep stops at the nesting bound', async () => {
    let text = '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
    for (let i = 0; i < 5000; i++)
      text = `{"StartAt":"X","States":{"X":{"Type":"Parallel","Branches":[${text}],"End":true}}}`;
    const err = await simulate(JSON.parse(text), {}, quick).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulationLimit);
    expect((err as Error).message).toContain(
      '(21 levels deep, under `X`): Map and Parallel states nest more than 20 deep',
    );
  });

  it('an input nested 100,000 deep goes through JSONPath and JSONata states', async () => {
    const deep = JSON.parse('['.repeat(100_000) + '1' + ']'.repeat(100_000));
    const both = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'B' },
        B: { QueryLanguage: 'JSONata', Type: 'Pass', Output: '{% $states.input %}', End: true },
      },
    };
    const run = await simulate(both, deep, quick);
    expect(run.report.peak.bytes).toBe(200_001);
    expect(run.report.failed).toBeUndefined();
  });
});
