// The data-flow evaluator: JSONPath and JSONata machines with Map, Parallel and Choice, and every
// size equal to the UTF-8 bytes of the compact JSON of the value it measured.
import { describe, expect, it } from 'vitest';
import { simulate, type SimulateOptions } from '../../src/simulate/run.js';
import { lambdaEnvelope } from '../../src/simulate/task.js';
import { getAt } from '../../src/pointer.js';

/** Run and check, for every measured value, that the reported bytes are its compact JSON bytes. */
async function run(definition: unknown, input: unknown, options: SimulateOptions = {}) {
  const seen: { state: string; where: string; value: unknown }[] = [];
  const result = await simulate(definition, input, {
    ...options,
    onMeasure(state, where, value, bytes) {
      expect(bytes).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
      seen.push({ state, where, value });
    },
  });
  const valueOf = (state: string, where: string) =>
    seen.filter((s) => s.state === state && s.where === where).at(-1)?.value;
  return { ...result, valueOf };
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('JSONPath', () => {
  const machine = {
    StartAt: 'Shape',
    States: {
      Shape: {
        Type: 'Pass',
        InputPath: '$.order',
        Parameters: {
          'title.$': "States.Format('Order {} ({} lines)', $.id, States.ArrayLength($.lines))",
          'parsed.$': 'States.StringToJson($.meta)',
          'meta.$': 'States.JsonToString($.lines[0])',
          'pair.$': 'States.Array($.id, 2)',
          'ref.$': 'States.Base64Encode($.id)',
          'back.$': 'States.Base64Decode(States.Base64Encode($.id))',
          'first.$': '$.lines[0].sku',
          'skus.$': '$.lines[*].sku',
          fixed: 'literal',
        },
        ResultPath: '$.shaped',
        OutputPath: '$.shaped',
        Next: 'Route',
      },
      Route: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.first', StringEquals: 'nope', Next: 'Never' },
          {
            And: [
              { Variable: '$.parsed.priority', NumericGreaterThanEquals: 2 },
              { Variable: '$.ref', IsPresent: true },
            ],
            Next: 'Lines',
          },
        ],
        Default: 'Never',
      },
      Never: { Type: 'Fail', Error: 'Unexpected' },
      Lines: {
        Type: 'Map',
        ItemsPath: '$.skus',
        ItemSelector: { 'sku.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'title.$': '$.title' },
        ItemProcessor: {
          StartAt: 'Price',
          States: {
            Price: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'price', 'Payload.$': '$' },
              ResultSelector: { 'cents.$': '$.Payload.cents', 'status.$': '$.StatusCode' },
              End: true,
            },
          },
        },
        ResultPath: '$.prices',
        Next: 'Both',
      },
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Left', States: { Left: { Type: 'Pass', Result: { side: 'left' }, End: true } } },
          { StartAt: 'Right', States: { Right: { Type: 'Pass', InputPath: '$.title', End: true } } },
        ],
        ResultPath: '$.both',
        End: true,
      },
    },
  };
  const input = { order: { id: 'A-1', meta: '{"priority":3}', lines: [{ sku: 'pen' }, { sku: 'ink' }] } };

  it('applies InputPath, Parameters with intrinsics, ResultPath and OutputPath in order', async () => {
    const r = await run(machine, input, { results: new Map([['Price', { cents: 250 }]]) });
    const shaped = r.valueOf('Shape', 'output');
    expect(shaped).toEqual({
      title: 'Order A-1 (2 lines)',
      parsed: { priority: 3 },
      meta: '{"sku":"pen"}',
      pair: ['A-1', 2],
      ref: Buffer.from('A-1').toString('base64'),
      back: 'A-1',
      first: 'pen',
      skus: ['pen', 'ink'],
      fixed: 'literal',
    });
    expect(r.report.states.map((s) => s.name)).toEqual([
      'Shape',
      'Route',
      'Lines',
      'Lines/Price',
      'Both',
      'Both/Left',
      'Both/Right',
    ]);
    expect(r.valueOf('Lines/Price', 'input')).toEqual({ sku: 'ink', index: 1, title: 'Order A-1 (2 lines)' });
    // the task result is the lambda:invoke envelope around what the function returned
    expect(r.valueOf('Lines/Price', 'result')).toEqual(lambdaEnvelope({ cents: 250 }));
    expect(r.valueOf('Lines', 'result')).toEqual([
      { cents: 250, status: 200 },
      { cents: 250, status: 200 },
    ]);
    expect(r.valueOf('Both', 'result')).toEqual([{ side: 'left' }, 'Order A-1 (2 lines)']);
    expect(r.output).toEqual({
      ...(shaped as object),
      prices: [
        { cents: 250, status: 200 },
        { cents: 250, status: 200 },
      ],
      both: [{ side: 'left' }, 'Order A-1 (2 lines)'],
    });
    const row = r.report.states.find((s) => s.name === 'Both')!;
    expect(row.outputBytes).toBe(bytes(r.output));
    expect(r.report.exceeded).toEqual([]);
  });

  it('a task without --result passes its input through, and says so', async () => {
    const r = await run(machine, input);
    expect(r.notes.some((n) => n.includes('Lines/Price: no --result given'))).toBe(true);
    expect(getAt(r.valueOf('Lines/Price', 'result'), ['Payload'])).toEqual({
      sku: 'ink',
      index: 1,
      title: 'Order A-1 (2 lines)',
    });
  });

  it('stops at the first state over 256 KiB and names where', async () => {
    const big = { blob: 'x'.repeat(270_000) };
    const r = await run(machine, input, { results: new Map([['Price', big]]) });
    expect(r.report.exceeded).toEqual([{ state: 'Lines/Price', bytes: bytes(lambdaEnvelope(big)), where: 'result' }]);
    expect(r.report.peak).toEqual({ state: 'Lines/Price', bytes: bytes(lambdaEnvelope(big)) });
    expect(r.report.states.map((s) => s.name)).not.toContain('Both');
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const m = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const r = await run(m, { s: 'é😀' });
    expect(r.report.states[0].inputBytes).toBe(Buffer.byteLength('{"s":"é😀"}'));
  });
});

describe('JSONata', () => {
  const machine = {
    QueryLanguage: 'JSONata',
    StartAt: 'Setup',
    States: {
      Setup: {
        Type: 'Pass',
        Assign: { prefix: '{% $states.input.prefix %}' },
        Output: { pages: '{% $states.input.pages %}' },
        Next: 'Route',
      },
      Route: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $count($states.input.pages) > 5 %}', Next: 'Many' }],
        Default: 'Each',
      },
      Many: { Type: 'Fail' },
      Each: {
        Type: 'Map',
        Items: '{% $states.input.pages %}',
        ItemSelector: { page: '{% $states.context.Map.Item.Value %}', n: '{% $states.context.Map.Item.Index + 1 %}' },
        ItemProcessor: {
          StartAt: 'Ocr',
          States: {
            Ocr: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: 'ocr', Payload: '{% $states.input %}' },
              Output: '{% $states.result.Payload.text %}',
              End: true,
            },
          },
        },
        Output: { texts: '{% $states.result %}', prefix: '{% $prefix %}' },
        Next: 'Fan',
      },
      Fan: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Upper',
            States: { Upper: { Type: 'Pass', Output: '{% $uppercase($states.input.prefix) %}', End: true } },
          },
          {
            StartAt: 'Count',
            States: { Count: { Type: 'Pass', Output: '{% $count($states.input.texts) %}', End: true } },
          },
        ],
        End: true,
      },
    },
  };

  it('evaluates Arguments, Output, Assign and $states.input/result/context', async () => {
    const r = await run(
      machine,
      { prefix: 'scan', pages: ['p1', 'p2'] },
      { results: new Map([['Ocr', { text: 'hello' }]]) },
    );
    expect(r.valueOf('Each/Ocr', 'parameters')).toEqual({ FunctionName: 'ocr', Payload: { page: 'p2', n: 2 } });
    expect(r.valueOf('Each', 'output')).toEqual({ texts: ['hello', 'hello'], prefix: 'scan' });
    expect(r.output).toEqual(['SCAN', 2]);
    expect(r.report.states.map((s) => s.name)).toEqual([
      'Setup',
      'Route',
      'Each',
      'Each/Ocr',
      'Fan',
      'Fan/Upper',
      'Fan/Count',
    ]);
  });

  it('follows the Choice condition', async () => {
    const r = await run(machine, { prefix: 'x', pages: ['1', '2', '3', '4', '5', '6'] });
    expect(r.report.states.map((s) => s.name)).toEqual(['Setup', 'Route', 'Many']);
  });
});
