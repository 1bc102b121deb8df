// Serverless files are known by their name or by `service` + `stepFunctions`, whatever `provider` holds.
import { describe, expect, it } from 'vitest';
import { classify, isServerless } from '../src/classify.js';

const machines = { stateMachines: { m: { definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } } } } };

describe('isServerless', () => {
  it('accepts `provider` given as a variable (a string to YAML) when stepFunctions is there', () => {
    expect(
      classify(
        'infra/flows.yml',
        { service: 'x', provider: '${file(../base.yml):provider}', stepFunctions: machines },
        'yaml',
      ),
    ).toBe('serverless');
  });
  it('knows serverless.yml, serverless.json and per-stage files by name', () => {
    for (const name of ['serverless.yml', 'a/serverless.yaml', 'serverless.json', 'b/serverless.dev.yml']) {
      expect(isServerless({ provider: '${file(../base.yml):provider}', stepFunctions: machines }, name)).toBe(true);
    }
  });
  it('keeps the old evidence (service with an object provider or functions)', () => {
    expect(isServerless({ service: 'x', provider: { name: 'aws' } })).toBe(true);
    expect(isServerless({ service: 'x', functions: {} })).toBe(true);
  });
  it('does not take a file with only `service` for Serverless, nor another name with only stepFunctions', () => {
    expect(isServerless({ service: 'x' }, 'config.yml')).toBe(false);
    expect(isServerless({ stepFunctions: machines }, 'flows.yml')).toBe(false);
    expect(isServerless({ name: 'serverless' }, 'serverless.yml')).toBe(false);
  });
});
