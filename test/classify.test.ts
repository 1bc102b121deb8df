import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { classifyWithReason, isJsoncPath, kindFromPath } from '../src/classify.js';
import { resolveConfig } from '../src/config.js';
import { explainFile, lintSource } from '../src/engine.js';
import { formatFor } from '../src/parse/source.js';
import { parsers } from './support/parsers.js';

describe('kindFromPath', () => {
  it.each([
    ['tsconfig.json', 'tooling: TypeScript config (JSONC)'],
    ['infra/tsconfig.build.json', 'tooling: TypeScript config (JSONC)'],
    ['.vscode/launch.json', 'tooling: VS Code settings (JSONC)'],
    ['.devcontainer/devcontainer.json', 'tooling: dev container config (JSONC)'],
    ['src/Orders/appsettings.Development.json', 'tooling: .NET app settings (JSONC)'],
    ['src/Orders/Properties/launchSettings.json', 'tooling: .NET launch settings (JSONC)'],
    ['cdk.out/asset.abc/package.json', 'tooling: npm package manifest'],
  ])('%s is tooling', (file, reason) => {
    expect(kindFromPath(file)).toEqual({ kind: 'tooling', reason });
  });

  it('calls a Cookiecutter project source a template source, whatever the file', () => {
    expect(kindFromPath('{{cookiecutter.project_name}}/template.yaml')).toEqual({
      kind: 'template-source',
      reason: 'template source: Cookiecutter/Jinja project (path segment `{{cookiecutter.project_name}}`)',
    });
    expect(kindFromPath('init/app-{{ cookiecutter.runtime }}/events/event.json')?.kind).toBe('template-source');
    expect(kindFromPath('init/{% if x %}opt{% endif %}/a.json')?.kind).toBe('template-source');
  });

  it('decides nothing for other paths: their content does', () => {
    expect(kindFromPath('events/upload.json')).toBeUndefined();
    expect(kindFromPath('events/{{name}}.json')).toBeUndefined();
    expect(kindFromPath('statemachine/orders.asl.json')).toBeUndefined();
  });

  it('reads JSONC tool files as JSONC wherever they are read', () => {
    expect(isJsoncPath('tsconfig.json')).toBe(true);
    expect(isJsoncPath('package.json')).toBe(false);
    expect(formatFor('app/tsconfig.json')).toBe('jsonc');
    expect(formatFor('.vscode/settings.json')).toBe('jsonc');
    expect(formatFor('events/a.json')).toBe('json');
  });
});

describe('classifyWithReason', () => {
  it.each([
    [
      { StartAt: 'A', States: {} },
      'json',
      'state-machine',
      'state machine: Amazon States Language (`StartAt` and `States`)',
    ],
    [
      { AWSTemplateFormatVersion: '2010-09-09', Resources: {} },
      'yaml',
      'template',
      'template: CloudFormation (`AWSTemplateFormatVersion`)',
    ],
    [
      { Transform: 'AWS::Serverless-2016-10-31', Resources: {} },
      'yaml',
      'template',
      'template: CloudFormation with `Transform` (AWS::Serverless-2016-10-31)',
    ],
    [
      { lambdaARN: 'arn', num: 10 },
      'json',
      'power-tuning',
      'power-tuning: Power Tuning input (`lambdaARN` with `num`, `powerValues` or `payload`)',
    ],
    [{ openapi: '3.0.1', info: {}, paths: {} }, 'json', 'other', 'not a payload: OpenAPI 3.0.1 document'],
    [{ Records: [] }, 'json', 'payload', 'payload: JSON of no known kind'],
    [
      { jobs: {} },
      'yaml',
      'other',
      'not a payload: YAML that is no template, definition or Serverless file (configuration)',
    ],
  ] as const)('%j (%s) is %s', (value, format, kind, reason) => {
    expect(classifyWithReason('x/file', value, format)).toEqual({ kind, reason });
  });
});

describe('explainFile and lintSource decide alike', () => {
  it('skips a tsconfig with comments and a trailing comma without a parse error', async () => {
    const config = await resolveConfig({}, rules, '/');
    const text = '{\n  // comment\n  "compilerOptions": { "strict": true, },\n}\n';
    expect(
      lintSource('app/tsconfig.json', text, { settings: config.forFile('app/tsconfig.json'), registry: rules, parsers })
        .diagnostics,
    ).toEqual([]);
    expect(explainFile('app/tsconfig.json', text, config.forFile('app/tsconfig.json'), parsers)).toMatchObject({
      kind: 'tooling',
      kindReason: 'tooling: TypeScript config (JSONC); skipped',
      targetReason: 'not used: the file is not a payload',
    });
  });

  it('gives the config entry as the reason for a kind and a target it sets', async () => {
    const config = await resolveConfig(
      {
        kinds: [{ files: 'tsconfig.json', kind: 'payload' }],
        targets: [{ files: ['tsconfig.json', 'q/**'], target: 'sqs' }],
      },
      rules,
      '/',
    );
    const explained = explainFile('tsconfig.json', '{"a": 1}', config.forFile('tsconfig.json'), parsers);
    expect(explained).toEqual({
      kind: 'payload',
      kindReason: 'payload: config `kinds` entry (tsconfig.json)',
      target: { name: 'sqs', limitBytes: 1_048_576, label: 'SQS' },
      targetReason: 'config targets glob tsconfig.json, q/**',
    });
  });

  it('says when a file does not parse', async () => {
    const config = await resolveConfig({}, rules, '/');
    const explained = explainFile('events/a.json', '{"a": 1', config.forFile('events/a.json'), parsers);
    expect(explained.kind).toBeUndefined();
    expect(explained.kindReason).toMatch(/^parse-error: /);
  });

  it('measures an over-limit payload next to skipped files, against the limit print-config names', async () => {
    const config = await resolveConfig({ targets: [{ files: '**', limitBytes: 100 }] }, rules, '/');
    const text = JSON.stringify({ Records: [{ body: 'x'.repeat(200) }] });
    const result = lintSource('events/sqs.json', text, {
      settings: config.forFile('events/sqs.json'),
      registry: rules,
      parsers,
    });
    expect(result.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`)).toEqual(['payload-size/tooLarge']);
    expect(result.limitBytes).toBe(
      explainFile('events/sqs.json', text, config.forFile('events/sqs.json'), parsers).target.limitBytes,
    );
  });
});
