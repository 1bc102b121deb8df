// The Map handler, task results and transition checks, each on its own.
import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../../src/simulate/bounds.js';
import { runMap } from '../../src/simulate/map.js';
import { simulate } from '../../src/simulate/run.js';
import { PerItem, holdsList, lambdaEnvelope, taskResult } from '../../src/simulate/task.js';
import { checkTransitions, stateNames } from '../../src/simulate/transitions.js';
import { simulator, stateCall } from './support.js';

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

describe('runMap', () => {
  it('shapes each item with ItemSelector and $$.Map.Item, then runs the processor on it', async () => {
    const sim = simulator();
    const state = {
      Type: 'Map',
      ItemsPath: '$.ids',
      ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'job.$': '$.job' },
      ItemProcessor: pass,
    };
    expect(await runMap(sim, stateCall(sim, state, {}, 'JSONPath'), { job: 'j', ids: ['a', 'b'] })).toEqual([
      { i: 0, v: 'a', job: 'j' },
      { i: 1, v: 'b', job: 'j' },
    ]);
  });

  it('reads JSONata Items and notes items that are not an array', async () => {
    const sim = simulator();
    const call = stateCall(sim, { Type: 'Map', Items: '{% $states.input.list %}', ItemProcessor: pass }, {}, 'JSONata');
    expect(await runMap(sim, call, { list: [1, 2] })).toEqual([1, 2]);
    expect(await runMap(sim, call, { list: 'x' })).toEqual([]);
    expect(sim.notes).toContain('S: the items are not an array in the sample (States.Runtime); no iterations run');
  });

  it('batches with ItemBatcher and returns only where a ResultWriter with a bucket exported', async () => {
    const sim = simulator();
    const state = {
      Type: 'Map',
      ItemBatcher: { MaxItemsPerBatch: 2 },
      ItemProcessor: pass,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
    };
    const written = (await runMap(sim, stateCall(sim, state, {}, 'JSONPath'), [1, 2, 3])) as Record<string, unknown>;
    expect(Array.isArray(written)).toBe(false);
    expect(sim.notes).toContain('S: ItemBatcher makes 2 batches; each child execution gets { BatchInput, Items }');
    expect(sim.notes).toContain('S: ResultWriter exports the results to S3; the state gets only where they are');
  });
});

describe('taskResult', () => {
  const invoke = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' };

  it('wraps a lambda:invoke sample in the envelope, and takes a whole envelope as it is', () => {
    const sim = simulator();
    const call = stateCall(sim, invoke, {}, 'JSONPath');
    expect(taskResult(call, {}, { ok: 1 }, () => {})).toEqual(lambdaEnvelope({ ok: 1 }));
    const envelope = { Payload: [1], StatusCode: 200 };
    expect(taskResult(call, {}, envelope, () => {})).toBe(envelope);
  });

  it('picks the per-item sample by the Map index, the last one past the end, with a note', () => {
    const notes: string[] = [];
    const sim = simulator();
    const at = (index: number) =>
      taskResult(
        stateCall(sim, { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject' }, {}, 'JSONPath', 'S', {
          index,
          value: null,
        }),
        {},
        new PerItem(['a', 'b']),
        (m) => notes.push(m),
      );
    expect([at(0), at(1), at(5)]).toEqual(['a', 'b', 'b']);
    expect(notes).toEqual(['S: the per-item results hold 2 values; item 5 and later take the last one']);
  });

  it('returns the Payload argument of lambda:invoke when no sample is given, with a note', () => {
    const notes: string[] = [];
    expect(
      taskResult(stateCall(simulator(), invoke, {}, 'JSONPath'), { Payload: { x: 1 } }, undefined, (m) =>
        notes.push(m),
      ),
    ).toEqual(lambdaEnvelope({ x: 1 }));
    expect(notes).toEqual([
      'S: no --result given; the task is assumed to return its input (inside the lambda:invoke envelope)',
    ]);
  });
});

describe('holdsList', () => {
  it('looks through a value with a list of 130,000 items (past what a spread into push() takes)', () => {
    const list = [1, 2, 3];
    const big = Array.from({ length: 130_000 }, (_, i) => i);
    expect(holdsList({ a: big, b: { c: list } }, list)).toBe(true);
    expect(holdsList({ a: big }, list)).toBe(false);
  });
});

describe('transitions', () => {
  const nested = {
    StartAt: 'M',
    States: {
      M: { Type: 'Map', ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Gone' } } }, End: true },
    },
  };

  it('refuses a Next that names no state, naming the nested machine', () => {
    expect(() => checkTransitions(nested, '')).toThrow(
      new DefinitionError('state `M/A`: Next names state `Gone`, which does not exist (in `M`)'),
    );
  });

  it('lists state names bare and with their prefix', () => {
    expect(stateNames(nested)).toEqual(['M', 'M', 'A', 'M/A']);
  });
});

describe('a lambda:invoke sample that is a list', () => {
  const machine = (extra: Record<string, unknown>) => ({
    StartAt: 'List',
    States: {
      List: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        End: true,
        ...extra,
      },
    },
  });
  const accounts = Array.from({ length: 40 }, (_, i) => ({ id: String(100000000000 + i), name: `account-${i}` }));

  it('kept whole: a note gives the item count at which the output passes the limit', async () => {
    const run = await simulate(
      machine({ ResultSelector: { 'accounts.$': '$.Payload' }, ResultPath: '$.listing' }),
      { job: 1 },
      { results: new Map([['List', accounts]]) },
    );
    const listBytes = Buffer.byteLength(JSON.stringify(accounts));
    // The task result (the lambda:invoke envelope) is larger than the output, so it passes first.
    const resultBytes = run.report.states[0].resultBytes;
    expect(resultBytes).toBeGreaterThan(run.report.states[0].outputBytes);
    const expected = Math.floor((262144 - (resultBytes - listBytes)) / (listBytes / 40)) + 1;
    const note = run.notes.find((n) => n.startsWith('List: the sample result is a list of 40 items'));
    expect(note).toContain(`at about ${expected.toLocaleString('en-US')} items`);
  });

  it('narrowed or dropped: no note', async () => {
    for (const extra of [{ ResultSelector: { 'n.$': '$.StatusCode' } }, { ResultPath: null }]) {
      const run = await simulate(machine(extra), {}, { results: new Map([['List', accounts]]) });
      expect(run.notes.some((n) => n.includes('sample result is a list'))).toBe(false);
    }
  });
});
