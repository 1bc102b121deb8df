// The JSONPath data flow of one state, in Step Functions' order, run on a real Simulator.
import { describe, expect, it } from 'vitest';
import { jsonPathCaught, jsonPathState, template } from '../../src/simulate/state-jsonpath.js';
import { simulator, stateCall } from './support.js';

describe('jsonPathState', () => {
  it('applies InputPath, Parameters, ResultSelector, ResultPath and OutputPath in that order', async () => {
    const sim = simulator({ results: new Map([['S', { rows: [1, 2, 3], meta: 'm' }]]) });
    const state = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:scan',
      InputPath: '$.req',
      Parameters: { 'TableName.$': '$.table' },
      ResultSelector: { 'first.$': '$.rows[0]' },
      ResultPath: '$.scan',
      Next: 'After',
    };
    const input = { req: { table: 't' }, other: 1 };
    const out = await jsonPathState(sim, stateCall(sim, state, input, 'JSONPath'));
    // ResultPath writes into the raw input, not the InputPath selection.
    expect(out).toEqual({
      output: { ...input, scan: { first: 1 } },
      next: 'After',
      result: { value: { rows: [1, 2, 3], meta: 'm' } },
    });
    const narrowed = await jsonPathState(sim, stateCall(sim, { ...state, OutputPath: '$.scan' }, input, 'JSONPath'));
    expect(narrowed).toMatchObject({ output: { first: 1 } });
  });

  it('measures Parameters and stops the state when they pass the limit', async () => {
    const sim = simulator({ limitBytes: 100 });
    const state = { Type: 'Pass', Parameters: { 'a.$': '$', 'b.$': '$' }, End: true };
    await expect(jsonPathState(sim, stateCall(sim, state, { text: 'x'.repeat(60) }, 'JSONPath'))).rejects.toThrow('S');
    expect(sim.report().exceeded).toEqual([{ state: 'S', bytes: expect.any(Number), where: 'parameters' }]);
  });

  it('picks a Choice rule, sets its Assign and names no result', async () => {
    const sim = simulator();
    const state = {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThan: 5, Next: 'Big', Assign: { 'seen.$': '$.n' } }],
      Default: 'Small',
    };
    const out = await jsonPathState(sim, stateCall(sim, state, { n: 9 }, 'JSONPath'));
    expect(out).toEqual({ output: { n: 9 }, next: 'Big' });
    expect(sim.variables.get('seen')).toBe(9);
  });

  it('notes a Choice that matches nothing and has no Default', async () => {
    const sim = simulator();
    const out = await jsonPathState(
      sim,
      stateCall(sim, { Type: 'Choice', Choices: [{ Variable: '$.n', IsNull: true, Next: 'X' }] }, { n: 1 }, 'JSONPath'),
    );
    expect(out).toEqual({ output: { n: 1 }, next: undefined });
    expect(sim.notes).toEqual(['S: no Choice rule matched and there is no Default (States.NoChoiceMatched)']);
  });

  it('gives a Fail state an empty output and ends there', async () => {
    const sim = simulator();
    expect(
      await jsonPathState(sim, stateCall(sim, { Type: 'Fail', Error: 'E', Next: 'X' }, { a: 1 }, 'JSONPath')),
    ).toEqual({ output: {}, next: undefined });
  });
});

describe('template', () => {
  it('leaves out a path that matches nothing, with a note', () => {
    const sim = simulator();
    expect(
      template(
        sim,
        { 'a.$': '$.missing', b: [{ 'c.$': '$.x' }] },
        { input: { x: 2 }, context: {}, variables: new Map() },
        'S',
      ),
    ).toEqual({ b: [{ c: 2 }] });
    expect(sim.notes).toEqual([
      'S: `$.missing` matched nothing in the sample (Step Functions fails the state with States.Runtime); left out',
    ]);
  });
});

describe('template', () => {
  it('keeps a `__proto__` member of the template or of a path result as a member, in its place', () => {
    const sim = simulator();
    const params = JSON.parse('{"__proto__":{"x":1},"p.$":"$.in","__proto__.$":"$.in","last":2}') as unknown;
    const out = template(
      sim,
      params,
      { input: JSON.parse('{"in":{"__proto__":"v"}}') as unknown, context: {}, variables: new Map() },
      'S',
    ) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"__proto__":{"__proto__":"v"},"p":{"__proto__":"v"},"last":2}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.x).toBeUndefined();
  });
});

describe('jsonPathCaught', () => {
  it('puts the error output into the raw input at the Catcher ResultPath', () => {
    const sim = simulator();
    const call = stateCall(sim, { Type: 'Task' }, { id: 7 }, 'JSONPath');
    expect(jsonPathCaught(sim, call, { ResultPath: '$.error', Next: 'H' }, { Error: 'E', Cause: 'c' })).toEqual({
      id: 7,
      error: { Error: 'E', Cause: 'c' },
    });
    expect(jsonPathCaught(sim, call, { ResultPath: null, Next: 'H' }, { Error: 'E', Cause: 'c' })).toEqual({ id: 7 });
  });
});
