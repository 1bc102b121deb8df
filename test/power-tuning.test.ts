// The Power Tuning budget model and the rules that use it, on small inputs with a lowered limit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { nearestField } from '../rules/power-tuning-input.js';
import { resolveConfig } from '../src/config.js';
import { lintSource } from '../src/engine.js';
import { inlineFiles } from '../src/io/inline.js';
import { readCheckedManifest } from '../src/io/manifest-check.js';
import { applyFixes } from '../src/io/fix-run.js';
import { ALL_POWER_VALUES, errorMemberBytes, errorMemberBytesWith, modelBudget } from '../src/power-tuning.js';
import { parsers, readyLinter } from './support/parsers.js';

const arn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('modelBudget', () => {
  it('"ALL" is 128 to 3008 MB in 64 MB steps', () => {
    expect(ALL_POWER_VALUES.length).toBe(46);
    expect(ALL_POWER_VALUES.at(-1)).toBe(3008);
  });

  it('grows with the number of power values and with onlyColdStarts', () => {
    const input = { lambdaARN: arn, num: 10, payload: {}, disablePayloadLogs: true };
    const few = modelBudget({ input: { ...input, powerValues: [512] }, inputBytes: 100 }).peak.bytes;
    const all = modelBudget({ input: { ...input, powerValues: 'ALL' }, inputBytes: 100 }).peak.bytes;
    const cold = modelBudget({ input: { ...input, powerValues: 'ALL', onlyColdStarts: true }, inputBytes: 100 }).peak
      .bytes;
    expect(few).toBeLessThan(all);
    expect(all).toBeLessThan(cold);
    // 46 values: configurations, statistics and analysis add several KiB beside the input.
    expect(all - 100).toBeGreaterThan(6000);
  });

  it('the failure path carries the payload (escaped) unless disablePayloadLogs is true', () => {
    const payload = { text: 'a "quoted" word '.repeat(500) };
    const input = { lambdaARN: arn, num: 10, payload };
    const m = modelBudget({ input, inputBytes: bytesOf(input) });
    expect(m.errorPeak!.bytes - bytesOf(input)).toBeGreaterThan(2 * bytesOf(payload));
    expect(
      modelBudget({ input: { ...input, disablePayloadLogs: true }, inputBytes: bytesOf(input) }).errorPeak,
    ).toBeUndefined();
  });

  it('a weighted payload counts its largest entry on the failure path', () => {
    const small = { weight: 1, payload: { n: 1 } };
    const big = { weight: 1, payload: { s: 'x'.repeat(5000) } };
    const a = modelBudget({ input: { lambdaARN: arn, num: 10, payload: [small, big] }, inputBytes: 6000 }).errorPeak!
      .bytes;
    const b = modelBudget({ input: { lambdaARN: arn, num: 10, payload: [small, small] }, inputBytes: 6000 }).errorPeak!
      .bytes;
    expect(a - b).toBeGreaterThan(5000 * 2);
  });
});

describe('power-tuning-input', () => {
  it('suggests the nearest known field', () => {
    expect(nearestField('paralelInvocation')).toBe('parallelInvocation');
    expect(nearestField('PowerValues')).toBe('powerValues');
    expect(nearestField('colour')).toBeUndefined();
  });
});

describe('power-tuning-budget', () => {
  it('reports the margin in bytes when the input fits but a state does not', async () => {
    const input = {
      lambdaARN: arn,
      num: 10,
      powerValues: 'ALL',
      disablePayloadLogs: true,
      payload: { s: 'x'.repeat(3000) },
    };
    const text = JSON.stringify(input);
    const config = await resolveConfig({ targets: [{ files: '**', limitBytes: 6000 }] }, rules, '/');
    const result = lintSource('in.json', text, { settings: config.forFile('in.json'), registry: rules, parsers });
    const d = result.diagnostics.find((x) => x.ruleId === 'power-tuning-budget')!;
    const peak = modelBudget({ input, inputBytes: text.length }).peak.bytes;
    expect(d.messageId).toBe('peakOver');
    expect(d.bytes).toBe(peak);
    expect(d.message).toContain(`${(peak - 6000).toLocaleString('en-US')} bytes over the 5.8 KiB`);
  });

  it('the object behind payloadS3, staged locally, must fit 6 MB', async () => {
    const input = { lambdaARN: arn, num: 10, payloadS3: 's3://b-1/big.json', disablePayloadLogs: true };
    const config = await resolveConfig({}, rules, '/');
    const lint = (bytes: number) =>
      lintSource('in.json', JSON.stringify(input), {
        settings: config.forFile('in.json'),
        registry: rules,
        parsers,
        stagedObjects: { bytesOf: () => bytes },
      }).diagnostics.map((d) => d.messageId);
    expect(lint(6_291_456)).toEqual([]);
    expect(lint(6_291_457)).toEqual(['objectTooLarge']);
  });

  it('payloadS3 then inline gives back the JSON text exactly, weighted list included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-pt-'));
    const records = Array.from({ length: 2500 }, (_, i) => ({ id: i, name: `customer ${i}` }));
    const text = `{\n  // comments survive outside the payload\n  "lambdaARN": "${arn}",\n  "num": 10,\n  "payload": [\n    { "weight": 2, "payload": { "records": ${JSON.stringify(records)} } },\n    {"weight": 1, "payload": "raw string"}\n  ],\n  "disablePayloadLogs": true\n}\n`;
    fs.writeFileSync(path.join(dir, 'tune.jsonc'), text);
    const config = await resolveConfig(
      { targets: [{ files: '**', limitBytes: 60_000 }], fix: { bucket: 'b-1' } },
      rules,
      dir,
    );
    const linter = await readyLinter();
    const result = linter.lintFile('tune.jsonc', fs.readFileSync(path.join(dir, 'tune.jsonc')), config, 'tune.jsonc');
    const stageDir = path.join(dir, 'stage');
    const run = await applyFixes([result], config, {
      linter,
      cwd: dir,
      unsafe: false,
      dryRun: false,
      bucket: 'b-1',
      stageDir,
      upload: false,
    });
    expect(run.failures).toEqual([]);
    expect(run.movedPayloads).toBe(true);
    const fixed = fs.readFileSync(path.join(dir, 'tune.jsonc'), 'utf8');
    expect(fixed).toMatch(
      /^\{\n {2}\/\/ comments survive outside the payload\n[\s\S]*"payloadS3": "s3:\/\/b-1\/tune-[0-9a-f]{16}\.json",\n {2}"disablePayloadLogs": true\n\}\n$/,
    );
    const key = /s3:\/\/b-1\/(tune-[0-9a-f]{16}\.json)/.exec(fixed)![1];
    // The object is the payload's own text, and parses to the same value.
    expect(JSON.parse(fs.readFileSync(path.join(stageDir, 'b-1', key), 'utf8'))[1]).toEqual({
      weight: 1,
      payload: 'raw string',
    });
    await inlineFiles({
      cwd: dir,
      root: dir,
      stageDir,
      manifest: (await readCheckedManifest(stageDir)).manifest,
      files: [],
      scope: [],
      download: false,
    });
    expect(fs.readFileSync(path.join(dir, 'tune.jsonc'), 'utf8')).toBe(text);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a YAML input with comments inside the payload comes back exactly too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-pt-'));
    const records = Array.from({ length: 800 }, (_, i) => `    - id: ${i} # row\n      name: customer ${i}`).join('\n');
    const text = `# tuning\nlambdaARN: ${arn}\nnum: 10\npayload:\n  # what the function gets\n  records:\n${records}\ndisablePayloadLogs: true # keep logs small\n`;
    fs.writeFileSync(path.join(dir, 'tune.yaml'), text);
    const config = await resolveConfig(
      { targets: [{ files: '**', limitBytes: 20_000 }], fix: { bucket: 'b-1' } },
      rules,
      dir,
    );
    const linter = await readyLinter();
    const result = linter.lintFile('tune.yaml', fs.readFileSync(path.join(dir, 'tune.yaml')), config, 'tune.yaml');
    const stageDir = path.join(dir, 'stage');
    const run = await applyFixes([result], config, {
      linter,
      cwd: dir,
      unsafe: false,
      dryRun: false,
      bucket: 'b-1',
      stageDir,
      upload: false,
    });
    expect(run.failures).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'tune.yaml'), 'utf8')).toMatch(
      /^# tuning\n.*\nnum: 10\npayloadS3: s3:\/\/b-1\/tune-[0-9a-f]{16}\.json\ndisablePayloadLogs: true # keep logs small\n$/,
    );
    await inlineFiles({
      cwd: dir,
      root: dir,
      stageDir,
      manifest: (await readCheckedManifest(stageDir)).manifest,
      files: [],
      scope: [],
      download: false,
    });
    expect(fs.readFileSync(path.join(dir, 'tune.yaml'), 'utf8')).toBe(text);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the error cause size is counted, not built', () => {
  it('equals the bytes of the cause built with the payload written into it, for any JSON payload', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const payload = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    // An array would be a weighted list; the event itself is an object.
    fc.assert(
      fc.property(fc.dictionary(text, payload, { maxKeys: 5 }), (p) => {
        const measure = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? 'null', 'utf8');
        expect(errorMemberBytes({ payload: p }, undefined, measure)).toBe(errorMemberBytesWith(JSON.stringify(p)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('blobs known to be clean are not scanned again', () => {
  it('gives the same size when a one-line base64 field is marked clean', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        (bytes, note) => {
          const payload = {
            file: Buffer.from(bytes).toString('base64'),
            note,
            list: [Buffer.from(bytes).toString('base64url')],
          };
          const measure = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? 'null', 'utf8');
          const clean = (container: object, key: string) =>
            (container === payload && key === 'file') || (container === payload.list && key === '0');
          expect(errorMemberBytes({ payload }, undefined, measure, clean)).toBe(
            errorMemberBytesWith(JSON.stringify(payload)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
