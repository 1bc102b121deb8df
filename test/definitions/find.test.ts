// Definitions wherever they live, and inner pointers mapped to the text the user edits.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify.js';
import {
  findDefinitionReferences,
  findDefinitions,
  parseStoodIn,
  type EmbeddedDefinition,
} from '../../src/definitions/index.js';
import { parseSource } from '../../src/parse/source.js';
import { lintSource } from '../../src/engine.js';
import { resolveConfig } from '../../src/config.js';
import { rules } from '../../rules/index.js';
import type { SourceDocument } from '../../src/types.js';
import { parsers } from '../support/parsers.js';

/** The part of a definition these tests read. */
type Machine = { States: Record<string, Record<string, unknown>> };

function load(name: string, text: string): { doc: SourceDocument; defs: EmbeddedDefinition[] } {
  const parsed = parseSource(name, text, parsers);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const doc = parsed.document;
  return { doc, defs: findDefinitions(doc, classify(name, doc.value, doc.format)) };
}

/** The outer text an inner pointer points at. */
function outer(doc: SourceDocument, def: EmbeddedDefinition, inner: string[]): string {
  const at = def.locate(inner);
  if (!at) throw new Error(`not located: ${inner.join('/')}`);
  return doc.text.slice(at.value.start, at.value.end);
}

const machine = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { msg: 'say "hi"', n: 1 }, End: true } } };

describe('finding definitions', () => {
  it('a DefinitionString in a JSON template: inner fields map through the string escapes', () => {
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: JSON.stringify(machine) } },
        },
      },
      null,
      2,
    );
    const { doc, defs } = load('t.json', text);
    expect(defs).toHaveLength(1);
    const d = defs[0];
    expect(d).toMatchObject({
      name: 'M',
      form: 'string',
      lowerBound: false,
      holder: ['Resources', 'M', 'Properties', 'DefinitionString'],
    });
    expect(d.value).toEqual(machine);
    expect(d.bytes).toBe(Buffer.byteLength(JSON.stringify(machine)));
    expect(outer(doc, d, ['States', 'A', 'Result', 'msg'])).toBe('\\"say \\\\\\"hi\\\\\\"\\"');
    // character 5 of `say "hi"` is `"`: in the file it is the escape `\\\"` starting with a backslash
    const o = d.stringOffset(['States', 'A', 'Result', 'msg'], 4)!;
    expect(doc.text.slice(o, o + 4)).toBe('\\\\\\"');
    expect(d.path(['States', 'A', 'Result', 'msg'])).toBe(
      '$.Resources.M.Properties.DefinitionString.States.A.Result.msg',
    );
  });

  it('`!Sub` with a block scalar: positions are lines and columns inside the block', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  M:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties:',
      '      DefinitionString: !Sub |',
      '        {"StartAt": "A", "States": {"A": {"Type": "Pass",',
      '          "Result": {"bucket": "${Bucket}"}, "TimeoutSeconds": ${Timeout}, "End": true}}}',
      '      DefinitionSubstitutions:',
      '        Timeout: 30',
      '',
    ].join('\n');
    const { doc, defs } = load('t.yaml', text);
    expect(defs).toHaveLength(1);
    const d = defs[0];
    expect(d.form).toBe('sub');
    expect((d.value as Machine).States.A.TimeoutSeconds).toBe(30);
    expect(outer(doc, d, ['States', 'A', 'Result', 'bucket'])).toBe('"${Bucket}"');
    expect(d.lowerBound).toBe(true);
  });

  it('`Fn::Sub` in its list form, variables from the list', () => {
    const text = JSON.stringify({
      Resources: {
        M: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: {
              'Fn::Sub': ['{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":${Wait},"End":true}}}', { Wait: 5 }],
            },
          },
        },
      },
    });
    const { doc, defs } = load('t.json', text);
    const d = defs[0];
    expect(d.form).toBe('sub');
    expect((d.value as Machine).States.A.Seconds).toBe(5);
    expect(outer(doc, d, ['States', 'A', 'Seconds'])).toBe('${Wait}');
    expect(d.lowerBound).toBe(false);
  });

  it('`Fn::Join` as CDK writes it: literal parts measured as a lower bound, positions in the right part', () => {
    const parts = [
      '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:',
      { Ref: 'AWS::Partition' },
      ':states:::lambda:invoke","Parameters":{"FunctionName":"',
      { 'Fn::GetAtt': ['Fn', 'Arn'] },
      '","Payload":{"note":"hello"}},"End":true}}}',
    ];
    const text = JSON.stringify(
      {
        Resources: {
          M: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: { DefinitionString: { 'Fn::Join': ['', parts] } },
          },
        },
      },
      null,
      1,
    );
    const { doc, defs } = load('cdk.out/Stack.template.json', text);
    const d = defs[0];
    expect(d.form).toBe('join');
    expect(d.lowerBound).toBe(true);
    const literal = parts.filter((p): p is string => typeof p === 'string').join('');
    expect(d.bytes).toBe(Buffer.byteLength(literal));
    expect((d.value as Machine).States.A.Resource).toBe('arn::states:::lambda:invoke');
    expect(outer(doc, d, ['States', 'A', 'Parameters', 'Payload', 'note'])).toBe('\\"hello\\"');
  });

  it('a Definition object and a Serverless definition are read in place', () => {
    const t = load(
      't.yaml',
      'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Succeed}\n',
    );
    expect(t.defs.map((d) => [d.form, d.name])).toEqual([['object', 'M']]);
    expect(outer(t.doc, t.defs[0], ['States', 'A', 'Type'])).toBe('Succeed');
    const s = load(
      'serverless.yml',
      'service: s\nprovider: {name: aws}\nstepFunctions:\n  stateMachines:\n    flow:\n      definition:\n        StartAt: A\n        States:\n          A: {Type: Succeed}\n',
    );
    expect(s.defs.map((d) => [d.form, d.name, d.path(['StartAt'])])).toEqual([
      ['object', 'flow', '$.stepFunctions.stateMachines.flow.definition.StartAt'],
    ]);
  });

  it('DefinitionUri and DefinitionS3Location naming local files are references with their substitutions', () => {
    const { doc } = load(
      't.yaml',
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: sm/flow.asl.json\n      DefinitionSubstitutions: {Timeout: 60, Arn: !GetAtt F.Arn}\n  N:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionS3Location: s3://bucket/key.json\n',
    );
    expect(findDefinitionReferences(doc)).toEqual([
      {
        name: 'M',
        holder: ['Resources', 'M', 'Properties', 'DefinitionUri'],
        file: 'sm/flow.asl.json',
        substitutions: { Timeout: 60 },
      },
    ]);
  });
});

describe('placeholders outside strings', () => {
  const asl =
    '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Task",\n      "Resource": "${fnArn}",\n      "TimeoutSeconds": ${totalExecutionTimeout},\n      "End": true\n    }\n  }\n}\n';

  it('parse with same-length stand-ins, so positions are positions in the original text', () => {
    const doc = parseStoodIn('sm.asl.json', asl, 'json', parsers)!;
    expect(doc.text).toBe(asl);
    expect((doc.value as Machine).States.A.TimeoutSeconds).toBe(0);
    const at = doc.locate(['States', 'A', 'TimeoutSeconds'])!;
    expect(asl.slice(at.value.start, at.value.end)).toBe('${totalExecutionTimeout}');
  });

  it('use a literal substitution when it fits', () => {
    expect(
      (parseStoodIn('sm.asl.json', asl, 'json', parsers, { totalExecutionTimeout: 900 })!.value as Machine).States.A
        .TimeoutSeconds,
    ).toBe(900);
  });

  it('the engine lints such a file as a state machine instead of reporting a parse error', async () => {
    const config = await resolveConfig({}, rules, '/');
    const result = lintSource('sm.asl.json', asl, {
      settings: config.forFile('sm.asl.json'),
      registry: rules,
      parsers,
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('text that is not a state machine with placeholders still fails to parse', async () => {
    const config = await resolveConfig({}, rules, '/');
    const result = lintSource('event.json', '{"a": ${x}}', {
      settings: config.forFile('event.json'),
      registry: rules,
      parsers,
    });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['parse-error']);
  });
});

describe('sfn-definition-size at the 1 MB boundary, as Step Functions receives the string', () => {
  async function sizeErrors(definitionBytes: number) {
    const shell = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Comment: '', End: true } } });
    const def = shell.replace(
      '"Comment":""',
      `"Comment":"${'é'.repeat(Math.floor((definitionBytes - shell.length) / 2))}${'x'.repeat((definitionBytes - shell.length) % 2)}"`,
    );
    expect(Buffer.byteLength(def)).toBe(definitionBytes);
    const text = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: def } } },
    });
    const config = await resolveConfig({}, rules, '/');
    return lintSource('t.json', text, {
      settings: config.forFile('t.json'),
      registry: rules,
      parsers,
    }).diagnostics.filter((d) => d.ruleId === 'sfn-definition-size' || d.ruleId === 'payload-size');
  }
  it('1,048,576 bytes pass, 1,048,577 fail, and payload-size never calls it a payload', async () => {
    expect(await sizeErrors(1_048_576)).toEqual([]);
    const over = await sizeErrors(1_048_577);
    expect(over.map((d) => [d.ruleId, d.bytes, d.path])).toEqual([
      ['sfn-definition-size', 1_048_577, '$.Resources.M.Properties.DefinitionString'],
    ]);
  });
});

describe('CDK output', () => {
  it('cdk.out/*.template.json is a template whose Fn::Join definitions are judged; manifest.json is tooling', async () => {
    const text = JSON.stringify({
      Resources: {
        Flow1A2B: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: {
              'Fn::Join': [
                '',
                [
                  '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"pad":"',
                  'p'.repeat(300),
                  '"},"Comment":"',
                  { Ref: 'AWS::Region' },
                  '","End":true}}}',
                ],
              ],
            },
          },
        },
      },
    });
    expect(classify('cdk.out/Pipeline.template.json', JSON.parse(text), 'json')).toBe('template');
    expect(classify('cdk.out/manifest.json', { version: '36.0.0' }, 'json')).toBe('tooling');
    const config = await resolveConfig({ rules: { 'sfn-literal-size': ['error', { maxBytes: 100 }] } }, rules, '/');
    const result = lintSource('cdk.out/Pipeline.template.json', text, {
      settings: config.forFile('cdk.out/Pipeline.template.json'),
      registry: rules,
      parsers,
    });
    const found = result.diagnostics.filter((d) => d.ruleId === 'sfn-literal-size');
    expect(found.map((d) => [d.path, d.bytes])).toEqual([
      ['$.Resources.Flow1A2B.Properties.DefinitionString.States.A.Result', 310],
    ]);
    // the range starts at `\"Result\"` inside the first literal part of the join
    expect(text.slice(found[0].column - 1, found[0].column - 1 + 10)).toBe('\\"Result\\"');
  });
});

describe('size rules measure every value that could pass the limit', () => {
  // The rules skip a definition whose own size bounds every value inside it. Each case below is a
  // definition smaller than the limit as written whose value grows past it once written as JSON.
  async function found(file: string, text: string, rule: string, maxBytes: number) {
    const config = await resolveConfig({ rules: { [rule]: ['error', { maxBytes }] } }, rules, '/');
    return lintSource(file, text, { settings: config.forFile(file), registry: rules, parsers })
      .diagnostics.filter((d) => d.ruleId === rule)
      .map((d) => [d.path, d.bytes]);
  }
  const machine = (result: string) => `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${result},"End":true}}}`;

  it('numbers written with an exponent, in an ASL file and in a DefinitionString', async () => {
    const asl = machine(`[${Array(20).fill('1E20').join(',')}]`);
    const written = JSON.stringify(JSON.parse(asl).States.A.Result).length;
    expect(written).toBeGreaterThan(Buffer.byteLength(asl) + 100);
    const limit = Buffer.byteLength(asl) + 50;
    expect(await found('m.asl.json', asl, 'sfn-literal-size', limit)).toEqual([['$.States.A.Result', written]]);
    const template = JSON.stringify({
      Resources: { M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: asl } } },
    });
    expect(await found('t.json', template, 'sfn-literal-size', limit)).toEqual([
      ['$.Resources.M.Properties.DefinitionString.States.A.Result', written],
    ]);
  });

  it('lone surrogates inside a DefinitionString (3 bytes counted, 6 written)', async () => {
    const inner = machine(`"${'\ud800'.repeat(60)}"`);
    const written = JSON.stringify(JSON.parse(inner).States.A.Result).length;
    expect(written).toBe(2 + 60 * 6);
    const limit = Buffer.byteLength(inner) + 20;
    expect(limit).toBeLessThan(written);
    const template = JSON.stringify({
      Resources: { M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: inner } } },
    });
    expect(await found('t.json', template, 'sfn-literal-size', limit)).toEqual([
      ['$.Resources.M.Properties.DefinitionString.States.A.Result', written],
    ]);
  });

  it('a definition at exactly the limit passes; one byte of limit less reports its literal', async () => {
    const asl = machine(`{"pad":"${'p'.repeat(200)}"}`);
    const literal = JSON.stringify(JSON.parse(asl).States.A.Result).length;
    expect(await found('m.asl.json', asl, 'sfn-literal-size', Buffer.byteLength(asl))).toEqual([]);
    expect(await found('m.asl.json', asl, 'sfn-literal-size', literal)).toEqual([]);
    expect(await found('m.asl.json', asl, 'sfn-literal-size', literal - 1)).toEqual([['$.States.A.Result', literal]]);
  });

  it('sfn-log-truncation: a literal of quotes, which escaping doubles', async () => {
    const inner = machine(`"${'\\"'.repeat(100)}"`);
    const escaped = JSON.stringify(JSON.stringify(JSON.parse(inner).States.A.Result)).length - 2;
    const template = JSON.stringify({
      Resources: {
        M: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: inner,
            LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
          },
        },
      },
    });
    const limit = escaped - 1;
    expect(limit).toBeGreaterThan(Buffer.byteLength(inner));
    expect(await found('t.json', template, 'sfn-log-truncation', limit)).toEqual([
      ['$.Resources.M.Properties.DefinitionString.States.A.Result', escaped],
    ]);
  });

  it('sfn-variable-size: an Assign block with exponents', async () => {
    const asl = `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"v":[${Array(20).fill('1e20').join(',')}]},"End":true}}}`;
    const block = JSON.stringify(JSON.parse(asl).States.A.Assign).length;
    const limit = Buffer.byteLength(asl) + 50;
    expect(limit).toBeLessThan(block - 10);
    const got = await found('m.asl.json', asl, 'sfn-variable-size', limit);
    expect(got).toContainEqual(['$.States.A.Assign', block]);
  });
});
