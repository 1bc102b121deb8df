// Following a task's value to a later Map that iterates a list in it (src/definitions/list-flow.ts).
import { describe, expect, it } from 'vitest';
import { hasDistributedMap, listIteratedLater } from '../../src/definitions/list-flow.js';
import { forEachState, type StateVisit } from '../../src/definitions/states.js';

function evidence(definition: Record<string, unknown>, task: string, valueAt = ['Payload']) {
  let visit: StateVisit | undefined;
  forEachState(definition, (v) => {
    if (v.name === task) visit = v;
  });
  return listIteratedLater(definition, visit!, valueAt);
}

const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};
const map = (extra: Record<string, unknown>) => ({ Type: 'Map', ItemProcessor: processor, End: true, ...extra });
const invoke = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Next: 'M',
  ...extra,
});

describe('listIteratedLater', () => {
  it('follows OutputPath into the payload and a Map InputPath to the list', () => {
    const d = {
      StartAt: 'T',
      States: { T: invoke({ OutputPath: '$.Payload' }), M: map({ InputPath: '$.batch', ItemsPath: '$.rows' }) },
    };
    expect(evidence(d, 'T')).toEqual({ map: 'M', where: 'its output' });
  });

  it('finds the whole input iterated when the task output is the payload (no ItemsPath)', () => {
    const d = { StartAt: 'T', States: { T: invoke({ OutputPath: '$.Payload' }), M: map({}) } };
    expect(evidence(d, 'T')).toEqual({ map: 'M', where: 'its output' });
    // Without OutputPath the output is the envelope, an object: not the list the Map reads.
    expect(evidence({ StartAt: 'T', States: { T: invoke({}), M: map({}) } }, 'T')).toBeUndefined();
  });

  it('follows a JSONata Output that is the payload and Items that read the input', () => {
    const d = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: { T: invoke({ Output: '{% $states.result.Payload %}' }), M: map({ Items: '{% $states.input.ids %}' }) },
    };
    expect(evidence(d, 'T')).toEqual({ map: 'M', where: 'its output' });
  });

  it('stays silent on paths it does not follow: filters, slices, functions', () => {
    const filtered = {
      StartAt: 'T',
      States: { T: invoke({ ResultSelector: { 'ids.$': '$.Payload[0:10]' } }), M: map({ ItemsPath: '$.ids' }) },
    };
    expect(evidence(filtered, 'T')).toBeUndefined();
    const counted = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: { T: invoke({ Output: '{% $count($states.result.Payload) %}' }), M: map({}) },
    };
    expect(evidence(counted, 'T')).toBeUndefined();
  });

  it('takes only a Distributed Map as evidence: an inline Map often iterates a small fixed list', () => {
    const inline = {
      Type: 'Map',
      ItemsPath: '$.ids',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
    };
    expect(evidence({ StartAt: 'T', States: { T: invoke({ ResultPath: '$.ids' }), M: inline } }, 'T')).toBeUndefined();
    expect(
      evidence(
        {
          StartAt: 'T',
          States: { T: invoke({ ResultSelector: { 'ids.$': '$.Payload' } }), M: map({ ItemsPath: '$.ids' }) },
        },
        'T',
      ),
    ).toEqual({ map: 'M', where: 'its output' });
  });

  it('stays silent when a Choice reads a page token from the value: the function pages', () => {
    const loop = {
      StartAt: 'T',
      States: {
        T: invoke({ ResultSelector: { 'page.$': '$.Payload' }, ResultPath: '$.r' }),
        M: { ...map({ ItemsPath: '$.r.page.items' }), End: undefined, Next: 'More' },
        More: {
          Type: 'Choice',
          Choices: [{ Variable: '$.r.page.NextToken', IsPresent: true, Next: 'T' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    let visit: StateVisit | undefined;
    forEachState(loop, (v) => {
      if (v.name === 'T') visit = v;
    });
    expect(listIteratedLater(loop, visit!, ['Payload'], ['NextToken'])).toBeUndefined();
    expect(listIteratedLater(loop, visit!, ['Payload'], [])).toEqual({ map: 'M', where: 'its output' });
  });

  it('ends on a loop of states that never reaches a Map', () => {
    const d = {
      StartAt: 'T',
      States: {
        T: invoke({ Next: 'W' }),
        W: { Type: 'Wait', Seconds: 1, Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'W' }], Default: 'W' },
      },
    };
    expect(evidence(d, 'T')).toBeUndefined();
  });

  it('reads a function ARN Resource whose value is the result itself', () => {
    const d = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
          ResultPath: '$.ids',
          Next: 'M',
        },
        M: map({ ItemsPath: '$.ids' }),
      },
    };
    expect(evidence(d, 'T', [])).toEqual({ map: 'M', where: 'its output' });
  });
});

describe('hasDistributedMap', () => {
  it('finds a Distributed Map at any depth, and no inline Map', () => {
    const inline = {
      Type: 'Map',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
    };
    expect(hasDistributedMap({ StartAt: 'T', States: { T: invoke({}), M: map({}) } })).toBe(true);
    expect(hasDistributedMap({ StartAt: 'T', States: { T: invoke({}), M: inline } })).toBe(false);
    const nested = {
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'M', States: { M: map({}) } }], End: true } },
    };
    expect(hasDistributedMap(nested)).toBe(true);
    expect(hasDistributedMap({ StartAt: 'T', States: { T: invoke({ End: true }) } })).toBe(false);
  });
});
