// simulate's Distributed Map (ItemBatcher, ResultWriter, per-item results) and error paths
// (`--error`: Retry, Catch, and the Map or Parallel that a failing iteration fails).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate/run.js';
import { PerItem } from '../../src/simulate/task.js';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');
const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

describe('ItemBatcher', () => {
  it('hands each child execution { BatchInput, Items } of at most MaxItemsPerBatch items', async () => {
    const machine = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.ids',
          ItemSelector: { 'id.$': '$$.Map.Item.Value' },
          ItemBatcher: { MaxItemsPerBatch: 4, BatchInput: { 'job.$': '$.job' } },
          ItemProcessor: pass,
          End: true,
        },
      },
    };
    const run = await simulate(machine, { job: 'j-1', ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    const out = run.output as { BatchInput: unknown; Items: { id: number }[] }[];
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ BatchInput: { job: 'j-1' }, Items: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }] });
    expect(out[2].Items).toEqual([{ id: 9 }, { id: 10 }]);
    expect(run.notes).toContain('M: ItemBatcher makes 3 batches; each child execution gets { BatchInput, Items }');
  });

  it('keeps each batch within MaxInputBytesPerBatch', async () => {
    const item = 'x'.repeat(98);
    const machine = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemBatcher: { MaxInputBytesPerBatch: 1000 }, ItemProcessor: pass, End: true } },
    };
    const run = await simulate(machine, new Array(25).fill(item));
    const batches = run.output as { Items: string[] }[];
    for (const b of batches) expect(bytes(b)).toBeLessThanOrEqual(1000);
    expect(batches.flatMap((b) => b.Items)).toHaveLength(25);
    expect(batches[0].Items.length).toBe(9);
  });
});

describe('ResultWriter', () => {
  const map = (writer: unknown) => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Result: [1, 2], End: true } } },
        ResultWriter: writer,
        End: true,
      },
    },
  });

  it('that exports to S3 leaves only where the results are', async () => {
    const run = await simulate(
      map({ Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'runs' } }),
      ['a', 'b', 'c'],
    );
    expect(run.output).toEqual({
      MapRunArn: expect.stringContaining(':mapRun:'),
      ResultWriterDetails: { Bucket: 'results', Key: 'runs/00000000-0000-4000-8000-000000000000/manifest.json' },
    });
  });

  it('with only a WriterConfig brings the results back into the state, transformed', async () => {
    expect((await simulate(map({ WriterConfig: { Transformation: 'COMPACT' } }), ['a', 'b'])).output).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect((await simulate(map({ WriterConfig: { Transformation: 'FLATTEN' } }), ['a', 'b'])).output).toEqual([
      1, 2, 1, 2,
    ]);
    const none = (await simulate(map({ WriterConfig: { Transformation: 'NONE' } }), ['a'])).output as {
      Output: string;
      Input: string;
      Status: string;
    }[];
    expect(none[0]).toMatchObject({ Output: '[1,2]', Input: '"a"', Status: 'SUCCEEDED' });
  });
});

describe('per-item results', () => {
  it('give each Map item its own task result', async () => {
    const machine = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Work',
            States: {
              Work: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { 'Payload.$': '$' },
                OutputPath: '$.Payload',
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const results = new Map([['Work', new PerItem([{ n: 0 }, { n: 1 }, { big: 'y'.repeat(1000) }])]]);
    const run = await simulate(machine, ['a', 'b', 'c', 'd'], { results });
    expect(run.output).toEqual([{ n: 0 }, { n: 1 }, { big: 'y'.repeat(1000) }, { big: 'y'.repeat(1000) }]);
    expect(run.notes).toContain('M/Work: the per-item results hold 3 values; item 3 and later take the last one');
  });
});

describe('--error', () => {
  // Power Tuning's shape: a failing executor is caught, and the error with its cause goes to CleanUpOnError.
  const tuning = {
    StartAt: 'Executor',
    States: {
      Executor: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'Payload.$': '$' },
        Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'CleanUpOnError' }],
        End: true,
      },
      CleanUpOnError: { Type: 'Pass', End: true },
    },
  };

  it('follows Catch with { Error, Cause } at its ResultPath and measures that path', async () => {
    const cause = JSON.stringify({ errorMessage: 'boom', payload: 'p'.repeat(200_000) });
    const input = { payload: 'q'.repeat(100_000) };
    const run = await simulate(tuning, input, {
      errors: new Map([['Executor', { error: 'Lambda.ServiceException', cause }]]),
    });
    expect(run.notes).toContain('Executor: Lambda.ServiceException retried 2 times; every attempt fails the same way');
    // The input fits; the error path, whose cause embeds the payload, does not.
    const caught = { ...input, error: { Error: 'Lambda.ServiceException', Cause: cause } };
    expect(run.report.exceeded).toEqual([{ state: 'Executor', bytes: bytes(caught), where: 'output' }]);
    const small = await simulate(
      tuning,
      { payload: 'q' },
      { errors: new Map([['Executor', { error: 'Lambda.Unknown', cause: 'c' }]]) },
    );
    expect(small.output).toEqual({ payload: 'q', error: { Error: 'Lambda.Unknown', Cause: 'c' } });
    expect(small.report.states.map((r) => r.name)).toEqual(['Executor', 'CleanUpOnError']);
  });

  it('fails the execution when no Catcher matches', async () => {
    const strict = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['Custom.Other'], Next: 'T' }],
          End: true,
        },
      },
    };
    const run = await simulate(strict, {}, { errors: new Map([['T', { error: 'Lambda.Unknown', cause: 'x' }]]) });
    expect(run.report.failed).toEqual({ state: 'T', error: 'Lambda.Unknown', cause: 'x' });
  });

  it('a failing Map iteration fails the Map, whose Catch takes it', async () => {
    const machine = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'W',
            States: { W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
          },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handle' }],
          End: true,
        },
        Handle: { Type: 'Pass', End: true },
      },
    };
    const run = await simulate(machine, [1, 2], { errors: new Map([['W', { error: 'Lambda.Unknown', cause: 'c' }]]) });
    expect(run.output).toEqual({ Error: 'Lambda.Unknown', Cause: 'c' });
  });

  it('JSONata catchers shape the output from $states.errorOutput', async () => {
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              Output: "{% { 'failed': $states.errorOutput.Error, 'id': $states.input.id } %}",
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const run = await simulate(machine, { id: 7 }, { errors: new Map([['T', { error: 'Custom.Bad', cause: '' }]]) });
    expect(run.output).toEqual({ failed: 'Custom.Bad', id: 7 });
  });

  it('States.Runtime is terminal: no Catch takes it', async () => {
    const machine = {
      StartAt: 'T',
      States: { T: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($.none)' }, End: true } },
    };
    const run = await simulate(
      { ...machine, States: { T: { ...machine.States.T, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'T' }] } } },
      {},
    );
    expect(run.report.failed?.error).toBe('States.Runtime');
  });
});
