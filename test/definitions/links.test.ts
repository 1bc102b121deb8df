// Definitions named by another file: the links found, the reader that looks them up name by name,
// and the run's merge of linked results.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify.js';
import { findDefinitionLinks } from '../../src/definitions/index.js';
import { linkedFileReader } from '../../src/io/files.js';
import { mergeLinked } from '../../src/lint.js';
import { parseSource } from '../../src/parse/source.js';
import type { Diagnostic, FileResult } from '../../src/types.js';
import { tmpDir, writeFiles } from '../support/workspace.js';
import { parsers } from '../support/parsers.js';

const root = tmpDir('pg-links-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
writeFiles(root, { 'sm/Flow.asl.json': '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}', 'sm/dir/.keep': '' });

function links(name: string, text: string) {
  const parsed = parseSource(name, text, parsers);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return findDefinitionLinks(parsed.document, classify(name, parsed.document.value, parsed.document.format));
}

describe('findDefinitionLinks', () => {
  it('finds Serverless ${file()} links, with the key of a part, and leaves variables in the path alone', () => {
    const yml = [
      'service: s',
      'provider: ${file(../base.yml):provider}',
      'stepFunctions:',
      '  stateMachines:',
      '    a: { definition: "${file(./sm/a.asl.json)}" }',
      '    b: { definition: "${file(\'flows.yml\'):machines.b}" }',
      '    c: { definition: "${file(./sm/${opt:stage}.json)}" }',
    ].join('\n');
    expect(links('serverless.yml', yml)).toEqual([
      {
        name: 'a',
        holder: ['stepFunctions', 'stateMachines', 'a', 'definition'],
        property: 'definition',
        file: './sm/a.asl.json',
      },
      {
        name: 'b',
        holder: ['stepFunctions', 'stateMachines', 'b', 'definition'],
        property: 'definition',
        file: 'flows.yml',
        key: ['machines', 'b'],
      },
    ]);
  });
  it('finds local DefinitionUri and DefinitionS3Location paths, not S3 objects', () => {
    const tpl = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        A: { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: 'sm/a.asl.json' } },
        B: { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: { Bucket: 'b', Key: 'k' } } },
        C: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: 's3://b/k' } },
        D: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: './d.json' } },
      },
    };
    expect(links('t.json', JSON.stringify(tpl)).map((l) => `${l.name} ${l.property} ${l.file}`)).toEqual([
      'A DefinitionUri sm/a.asl.json',
      'D DefinitionS3Location ./d.json',
    ]);
  });
});

describe('linkedFileReader', () => {
  const read = linkedFileReader(path.join(root, 'template.yaml'));
  it('reads a path that exists as written', () => {
    const found = read('./sm/Flow.asl.json');
    expect(found.status).toBe('found');
    expect(found.status === 'found' && Buffer.from(found.bytes).toString('utf8')).toContain('StartAt');
  });
  it('names the spelling that exists when the path differs in letter case (whatever the file system says)', () => {
    expect(read('SM/flow.asl.json')).toEqual({ status: 'case', actual: 'sm/Flow.asl.json' });
  });
  it('says missing for no such file, and unreadable for a folder', () => {
    expect(read('sm/other.asl.json')).toEqual({ status: 'missing' });
    expect(read('nowhere/flow.asl.json')).toEqual({ status: 'missing' });
    expect(read('sm/dir').status).toBe('unreadable');
  });
  it('follows `..` from the folder of the file', () => {
    expect(linkedFileReader(path.join(root, 'sm', 'dir', 'serverless.yml'))('../Flow.asl.json').status).toBe('found');
  });
});

describe('mergeLinked', () => {
  const diag = (filePath: string, line: number): Diagnostic => ({
    ruleId: 'sfn-literal-size',
    messageId: 'tooLarge',
    message: `m${line}`,
    severity: 'error',
    filePath,
    path: '$',
    pointer: '',
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
  });
  it('adds a linked result the run did not lint, and keeps a finding both made once', () => {
    const results: FileResult[] = [
      {
        filePath: 'serverless.yml',
        diagnostics: [],
        linked: [
          { filePath: 'a.asl.json', diagnostics: [diag('a.asl.json', 3), diag('a.asl.json', 1)] },
          { filePath: 'flows.yml', diagnostics: [diag('flows.yml', 2)] },
        ],
      },
      { filePath: 'a.asl.json', diagnostics: [diag('a.asl.json', 3)] },
    ];
    mergeLinked(results);
    expect(results.map((r) => [r.filePath, r.diagnostics.map((d) => d.line), 'linked' in r])).toEqual([
      ['serverless.yml', [], false],
      ['a.asl.json', [1, 3], false],
      ['flows.yml', [2], false],
    ]);
  });
});

describe('linked Serverless machines', () => {
  it('lints the definitions of a `stepFunctions: ${file()}` file at their place in that file', async () => {
    const { lintSource } = await import('../../src/engine.js');
    const { resolveConfig } = await import('../../src/config.js');
    const { rules } = await import('../../rules/index.js');
    const dir = tmpDir('pg-links-sf-');
    const big = 'q'.repeat(2000);
    writeFiles(dir, {
      'serverless.yml':
        'service: shop\nprovider: ${file(../base.yml):provider}\nstepFunctions: ${file(./sf.yml):prod}\n',
      'sf.yml': `prod:\n  stateMachines:\n    pay:\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Result: { terms: ${big} }\n            End: true\n`,
    });
    const config = await resolveConfig({ rules: { 'sfn-literal-size': ['error', { maxBytes: 1024 }] } }, rules, dir);
    const result = lintSource('serverless.yml', fs.readFileSync(path.join(dir, 'serverless.yml')), {
      settings: config.forFile('serverless.yml'),
      registry: rules,
      parsers,
      files: linkedFileReader(path.join(dir, 'serverless.yml')),
    });
    expect(result.diagnostics).toEqual([]);
    expect(
      result.linked?.map((r) => [r.filePath, r.diagnostics.map((d) => `${d.line} ${d.ruleId} ${d.path}`)]),
    ).toEqual([['sf.yml', ['9 sfn-literal-size $.prod.stateMachines.pay.definition.States.A.Result']]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
