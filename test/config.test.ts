import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import path from 'node:path';
import { ConfigError, configRelativePath, resolveConfig, type ConfigFile } from '../src/config.js';

async function errorOf(file: unknown): Promise<string> {
  try {
    await resolveConfig(file as ConfigFile, rules, '/repo', 'payload-guard.config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a config error');
}

describe('config validation', () => {
  it('names unknown keys and lists the allowed ones', async () => {
    expect(await errorOf({ rule: {} })).toBe(
      'payload-guard.config.json: unknown key `rule`; did you mean `rules`? Allowed keys: rules, targets, kinds, ignores, fix.',
    );
    expect(await errorOf({ ignore: ['x'] })).toBe(
      'payload-guard.config.json: unknown key `ignore`; did you mean `ignores`? Allowed keys: rules, targets, kinds, ignores, fix.',
    );
    expect(await errorOf({ fix: { bukket: 'b' } })).toContain(
      'unknown key `fix.bukket`; did you mean `fix.bucket`? Allowed keys: bucket, prefix, keyTemplate, stageDir',
    );
    expect(await errorOf({ zzz: 1 })).toBe(
      'payload-guard.config.json: unknown key `zzz`; allowed keys: rules, targets, kinds, ignores, fix.',
    );
  });
  it('names a bad severity and the allowed values', async () => {
    expect(await errorOf({ rules: { 'payload-size': 'warning' } })).toMatch(
      /`rules\.payload-size` must be one of "off", "note", "warn", "error"|`rules.payload-size` is not a valid setting/,
    );
  });
  it('names a bad target and the allowed ones', async () => {
    expect(await errorOf({ targets: [{ files: 'a/**', target: 'lambda' }] })).toContain(
      '`targets.0.target` must be one of "stepfunctions", "lambda-sync", "lambda-async", "sqs", "eventbridge"',
    );
  });
  it('validates rule options against the rule’s schema', async () => {
    expect(await errorOf({ rules: { 'payload-size': ['error', { warnAt: 2 }] } })).toContain(
      '`warnAt` must be at most 1',
    );
    expect(await errorOf({ rules: { 'no-inline-base64': ['error', { minByte: 10 }] } })).toContain(
      'unknown key `minByte`; did you mean `minBytes`? Allowed keys: minBytes',
    );
  });
  it('refuses unknown rules and turning parse-error off', async () => {
    expect(await errorOf({ rules: { 'no-such-rule': 'off' } })).toContain(
      'unknown rule `no-such-rule` in `rules`; known rules: parse-error',
    );
    expect(await errorOf({ rules: { 'no-inline-bas64': 'off' } })).toContain(
      'unknown rule `no-inline-bas64` in `rules`; did you mean `no-inline-base64`? Known rules: parse-error',
    );
  });

  it('refuses a fix.keyTemplate without {key}', async () => {
    expect(await errorOf({ fix: { keyTemplate: '{Key}Ref' } })).toBe(
      'payload-guard.config.json: `fix.keyTemplate` `{Key}Ref` has no `{key}`, so every moved field would get the same name; did you mean `{key}`?',
    );
    expect(await errorOf({ fix: { keyTemplate: 'ref' } })).toBe(
      'payload-guard.config.json: `fix.keyTemplate` `ref` has no `{key}`, so every moved field would get the same name; write it with `{key}` (the default is `{key}Ref`).',
    );
    expect(await errorOf({ rules: { 'parse-error': 'off' } })).toContain('cannot be turned off');
  });
  it('checks bucket names', async () => {
    expect(await errorOf({ fix: { bucket: 'My_Bucket' } })).toContain('must be an S3 bucket name');
  });
  it('refuses a config that is not an object', async () => {
    expect(await errorOf([])).toContain('must be a JSON object');
  });
});

describe('config resolution', () => {
  it('picks the target per glob, later entries winning, with limit overrides', async () => {
    const config = await resolveConfig(
      {
        targets: [
          { files: 'events/**', target: 'sqs' },
          { files: 'events/big/*.json', limitBytes: 5000 },
        ],
      },
      rules,
      '/repo',
    );
    expect(config.forFile('other/a.json').target).toMatchObject({ name: 'stepfunctions', limitBytes: 262_144 });
    expect(config.forFile('events/a.json').target).toMatchObject({ name: 'sqs', limitBytes: 1_048_576 });
    expect(config.forFile('events/big/a.json').target).toMatchObject({ name: 'sqs', limitBytes: 5000 });
  });
  it('merges rule options over defaults and keeps severities', async () => {
    const config = await resolveConfig(
      { rules: { 'payload-size': ['warn', { warnAt: 0.5 }], 'no-inline-base64': 'off' } },
      rules,
      '/repo',
    );
    expect(config.rules.get('payload-size')).toEqual({ severity: 'warn', options: { warnAt: 0.5 } });
    expect(config.rules.get('no-inline-base64')?.severity).toBe('off');
  });
  it('splits pointer suppressions from whole-file ignores', async () => {
    const config = await resolveConfig(
      { ignores: ['legacy/**', { files: 'events/a.json#/payload/file', reason: 'known' }] },
      rules,
      '/repo',
    );
    expect(config.ignoreGlobs).toEqual(['legacy/**']);
    expect(config.pointerIgnores).toEqual([{ files: 'events/a.json', pointer: '/payload/file', reason: 'known' }]);
  });
});

describe('configRelativePath', () => {
  const baseDir = path.resolve('/repo/infra');
  it('gives a file as the config globs see it: relative to the config folder, with / separators', () => {
    expect(configRelativePath({ baseDir }, path.join(baseDir, 'sfn', 'a.asl.json'))).toBe('sfn/a.asl.json');
  });
  it('resolves a relative name against cwd, not against the config folder', () => {
    expect(configRelativePath({ baseDir }, path.join('sfn', 'b.json'), path.resolve('/repo'))).toBe('../sfn/b.json');
    expect(configRelativePath({ baseDir }, 'events/e.json', baseDir)).toBe('events/e.json');
  });
});
