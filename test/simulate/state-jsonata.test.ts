// The JSONata data flow of one state (Arguments, Output, Assign, Condition), on a real Simulator.
import { describe, expect, it } from 'vitest';
import { jsonataCaught, jsonataState } from '../../src/simulate/state-jsonata.js';
import { simulator, stateCall } from './support.js';

describe('jsonataState', () => {
  it('shapes the task input with Arguments and its output with Output, and sets Assign from the result', async () => {
    const sim = simulator({ results: new Map([['S', { items: [1, 2, 3] }]]) });
    const state = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      Arguments: { Bucket: '{% $states.input.bucket %}' },
      Output: { n: '{% $count($states.result.items) %}' },
      Assign: { first: '{% $states.result.items[0] %}' },
      Next: 'T',
    };
    const out = await jsonataState(sim, stateCall(sim, state, { bucket: 'b' }, 'JSONata'));
    expect(out).toEqual({ output: { n: 3 }, next: 'T', result: { value: { items: [1, 2, 3] } } });
    expect(sim.variables.get('first')).toBe(1);
  });

  it('takes the chosen rule Output over the state Output', async () => {
    const sim = simulator();
    const state = {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.n > 5 %}', Next: 'Big', Output: { big: true } }],
      Default: 'Small',
      Output: { big: false },
    };
    expect(await jsonataState(sim, stateCall(sim, { ...state }, { n: 9 }, 'JSONata'))).toEqual({
      output: { big: true },
      next: 'Big',
    });
    expect(await jsonataState(sim, stateCall(sim, { ...state }, { n: 1 }, 'JSONata'))).toEqual({
      output: { big: false },
      next: 'Small',
    });
  });

  it('counts a Pass state Output as its result, and a Pass without Output has none', async () => {
    const sim = simulator();
    expect(
      await jsonataState(sim, stateCall(sim, { Type: 'Pass', Output: { a: 1 }, End: true }, {}, 'JSONata')),
    ).toEqual({ output: { a: 1 }, next: undefined, result: { value: { a: 1 } } });
    expect(await jsonataState(sim, stateCall(sim, { Type: 'Pass', Next: 'N' }, { b: 2 }, 'JSONata'))).toEqual({
      output: { b: 2 },
      next: 'N',
    });
  });
});

describe('jsonataCaught', () => {
  it('evaluates the Catcher Output against $states.errorOutput, then its Assign', async () => {
    const sim = simulator();
    const call = stateCall(sim, { Type: 'Task' }, { id: 7 }, 'JSONata');
    const out = await jsonataCaught(
      sim,
      call,
      {
        Output: { id: '{% $states.input.id %}', why: '{% $states.errorOutput.Error %}' },
        Assign: { failed: true },
        Next: 'H',
      },
      { Error: 'E', Cause: 'c' },
    );
    expect(out).toEqual({ id: 7, why: 'E' });
    expect(sim.variables.get('failed')).toBe(true);
    expect(await jsonataCaught(sim, call, { Next: 'H' }, { Error: 'E', Cause: 'c' })).toEqual({
      Error: 'E',
      Cause: 'c',
    });
  });
});
