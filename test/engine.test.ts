import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config.js';
import { lintSource } from '../src/engine.js';
import { defineRule, type AnyRule } from '../src/rule.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../src/limits.js';
import { parsers } from './support/parsers.js';

async function lint(name: string, input: string | Buffer, registry: readonly AnyRule[] = rules) {
  const config = await resolveConfig({}, registry, '/');
  return lintSource(name, input, { settings: config.forFile(name), registry, parsers });
}

/** A JSON object whose file is exactly `bytes` long, padding made of `unit` repeated. */
function payloadOf(bytes: number, unit: string, unitBytes: number): string {
  const shell = '{"pad":""}';
  const room = bytes - shell.length;
  const n = Math.floor(room / unitBytes);
  const rest = room - n * unitBytes;
  return `{"pad":"${unit.repeat(n)}${'x'.repeat(rest)}"}`;
}

describe('the 256 KiB boundary, counted as UTF-8 bytes of the text as written', () => {
  const sizeErrors = async (text: string) =>
    (await lint('event.json', Buffer.from(text, 'utf8'))).diagnostics.filter(
      (d) => d.ruleId === 'payload-size' && d.severity === 'error',
    );

  it.each([
    ['ASCII', 'a', 1],
    ['2-byte characters (é)', 'é', 2],
    ['\\u00e9 escapes (6 bytes each as written)', '\\u00e9', 6],
    ['4-byte characters (emoji)', '😀', 4],
  ])('%s: 262,144 bytes pass, 262,145 fail', async (_name, unit, unitBytes) => {
    const fits = payloadOf(STEP_FUNCTIONS_PAYLOAD_BYTES, unit, unitBytes);
    const over = payloadOf(STEP_FUNCTIONS_PAYLOAD_BYTES + 1, unit, unitBytes);
    expect(Buffer.byteLength(fits)).toBe(262_144);
    expect(Buffer.byteLength(over)).toBe(262_145);
    expect(await sizeErrors(fits)).toEqual([]);
    const errors = await sizeErrors(over);
    expect(errors).toHaveLength(1);
    expect(errors[0].bytes).toBe(262_145);
    expect(errors[0].message).toContain('262,145 bytes');
  });

  it('excludes a byte order mark from the size', async () => {
    const fits = payloadOf(STEP_FUNCTIONS_PAYLOAD_BYTES, 'a', 1);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fits)]);
    expect(withBom.length).toBe(262_147);
    expect(await sizeErrors(withBom.toString('latin1') === '' ? '' : fits)).toEqual([]);
    const result = await lint('event.json', withBom);
    expect(result.fileBytes).toBe(262_144);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('lintSource', () => {
  it('rules walk a literal list of 130,000 items (past what a spread into push() takes) to its last object', async () => {
    const rows: unknown[] = Array.from({ length: 130_000 }, (_, i) => i);
    rows.push({ 'Exec.$': '$$.Execution.Input' });
    const machine = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'Input.$': '$', rows },
          End: true,
        },
      },
    });
    const found = (await lint('machine.asl.json', machine)).diagnostics;
    expect(found.filter((d) => d.ruleId === null || /crash/.test(d.messageId ?? ''))).toEqual([]);
    // The whole input beside the execution input, found in the last item of the list.
    expect(found.some((d) => d.ruleId === 'sfn-unbounded-result' && d.messageId === 'inputTwice')).toBe(true);
  });

  it('judges payloads, not templates or tooling files', async () => {
    const big = JSON.stringify({
      Resources: Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [
          `Q${i}`,
          { Type: 'AWS::SQS::Queue', Properties: { QueueName: `queue-number-${i}-of-many` } },
        ]),
      ),
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(STEP_FUNCTIONS_PAYLOAD_BYTES);
    expect((await lint('template.json', big)).diagnostics).toEqual([]);
    const lock = JSON.stringify({
      packages: Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [
          `node_modules/p${i}`,
          { version: '1.0.0', integrity: 'sha512-' + 'x'.repeat(40) },
        ]),
      ),
    });
    expect((await lint('package-lock.json', lock)).diagnostics).toEqual([]);
    expect((await lint('events/package-lock-like.json', lock)).diagnostics.map((d) => d.ruleId)).toContain(
      'payload-size',
    );
  });

  it('names the three largest fields and whether minifying would fit', async () => {
    const value = { a: 'x'.repeat(150_000), b: { c: 'y'.repeat(90_000), d: 'z'.repeat(30_000) }, e: 1 };
    const [d] = (await lint('event.json', JSON.stringify(value))).diagnostics;
    expect(d.ruleId).toBe('payload-size');
    expect(d.message).toMatch(
      /largest fields \(minified\): `\$\.a` 146\.4 KiB \(55%\), `\$\.b\.c` 87\.8 KiB \(33%\), `\$\.b\.d` 29\.3 KiB \(11%\)\. Move the largest fields to S3\./,
    );
  });

  it('says when no single field stands out, instead of naming none', async () => {
    const [d] = (await lint('numbers.json', JSON.stringify(Array.from({ length: 60_000 }, (_, i) => i * 1.5))))
      .diagnostics;
    expect(d.ruleId).toBe('payload-size');
    expect(d.message).toContain('largest fields (minified): none over 1%: the size is spread over 60,000 array items.');
  });

  it('reports a rule that throws with its id, and still runs the others', async () => {
    const boom = defineRule({
      id: 'boom',
      description: 'throws',
      severity: 'error',
      messages: { x: 'x' },
      options: {},
      defaultOptions: {},
      appliesTo: ['payload'],
      check() {
        throw new Error('kaput');
      },
    });
    const result = await lint('e.json', JSON.stringify({ x: 'a'.repeat(300_000) }), [...rules, boom]);
    const ids = result.diagnostics.map((d) => `${d.ruleId}/${d.messageId}`);
    expect(ids).toContain('payload-size/tooLarge');
    const crash = result.diagnostics.find((d) => d.messageId === 'crash');
    expect(crash?.message).toContain('`boom`');
    expect(crash?.message).toContain('kaput');
  });

  it('turns every kind of unparseable input into a positioned parse-error', async () => {
    const cases: [string, string | Buffer, RegExp, number, number][] = [
      ['bad.json', '{\n  "a": tru\n}', /Cannot parse this JSON file/, 2, 8],
      ['bad.yaml', 'a:\n  b: 1\n c: 2\n', /Cannot parse this YAML file/, 3, 0],
      ['empty.json', '   \n', /empty/, 1, 1],
      ['bin.json', Buffer.from([0x7b, 0x00, 0x01, 0x02]), /binary/, 1, 2],
      ['latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]), /UTF-8/, 1, 3],
      ['utf16.json', Buffer.from('\ufeff{}', 'utf16le'), /UTF-16/, 1, 1],
    ];
    for (const [name, input, message, line, column] of cases) {
      const result = await lint(name, input);
      expect(result.diagnostics, name).toHaveLength(1);
      const [d] = result.diagnostics;
      expect(d.ruleId).toBe('parse-error');
      expect(d.severity).toBe('error');
      expect(d.message).toMatch(message);
      expect(d.line, name).toBe(line);
      if (column) expect(d.column, name).toBe(column);
    }
  });

  it('handles very deep nesting without crashing', async () => {
    const depth = 100_000;
    const json = await lint('deep.json', '['.repeat(depth) + ']'.repeat(depth));
    expect(json.diagnostics.filter((d) => d.ruleId === 'parse-error' && d.messageId === 'crash')).toEqual([]);
    const yaml = await lint('deep.yaml', 'a: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n');
    expect(yaml.diagnostics.every((d) => d.ruleId === 'parse-error')).toBe(true);
  });

  it('sorts diagnostics by line, column and rule', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)),
    ]).toString('base64');
    const text = JSON.stringify({ z: png, a: png }, null, 2);
    const lines = (await lint('e.json', text)).diagnostics.map((d) => [d.line, d.column, d.ruleId]);
    expect(lines).toEqual(
      [...lines].sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number)),
    );
    expect(lines.map((l) => l[2])).toEqual(['payload-size', 'no-inline-base64', 'no-inline-base64']);
  });
});
