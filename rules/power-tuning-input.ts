import { createRequire } from 'node:module';
import { AJV_OPTIONS } from '../src/config.js';
import { dataValidators } from '../src/generated/data-validators.js';
import { defineRule, NO_OPTIONS, topObject } from '../src/rule.js';
import { preview } from '../src/text.js';

// The fields Power Tuning's state machine reads from its execution input (README-INPUT-OUTPUT of
// the public project), with what each must be, for messages and the nearest-name suggestion.
const FIELDS: Record<string, string> = {
  lambdaARN: 'the ARN of the function to tune',
  num: 'a whole number of invocations per power value, at least 5 (10 to 100 recommended)',
  powerValues: 'a list of whole MB values from 128 to 10240, or the string "ALL"',
  payload: 'the event sent to every invocation: an object, a string, or a weighted list',
  payloadS3: 'an S3 URI `s3://bucket/key` of the payload',
  parallelInvocation: 'true or false',
  strategy: 'one of "cost", "speed" or "balanced"',
  balancedWeight: 'a number from 0 (cost) to 1 (speed)',
  autoOptimize: 'true or false',
  autoOptimizeAlias: 'an alias name',
  dryRun: 'true or false',
  preProcessorARN: 'a function ARN',
  postProcessorARN: 'a function ARN',
  discardTopBottom: 'a share of results to discard, from 0 to 0.4',
  sleepBetweenRunsMs: 'a whole number of milliseconds',
  disablePayloadLogs: 'true or false',
  includeOutputResults: 'true or false',
  onlyColdStarts: 'true or false',
  allowedExceptions: 'a list of error types',
};

const POWER_TUNING_INPUT_SCHEMA = {
  type: 'object',
  required: ['lambdaARN', 'num'],
  properties: {
    lambdaARN: { type: 'string', minLength: 1 },
    num: { type: 'integer', minimum: 5 },
    powerValues: {
      anyOf: [
        { const: 'ALL' },
        { type: 'array', minItems: 1, items: { type: 'integer', minimum: 128, maximum: 10240 } },
      ],
    },
    strategy: { enum: ['cost', 'speed', 'balanced'] },
    balancedWeight: { type: 'number', minimum: 0, maximum: 1 },
    discardTopBottom: { type: 'number', minimum: 0, maximum: 0.4 },
    sleepBetweenRunsMs: { type: 'integer', minimum: 0 },
    payloadS3: { type: 'string' },
    ...Object.fromEntries(
      [
        'parallelInvocation',
        'autoOptimize',
        'dryRun',
        'disablePayloadLogs',
        'includeOutputResults',
        'onlyColdStarts',
      ].map((k) => [k, { type: 'boolean' }]),
    ),
    ...Object.fromEntries(
      ['autoOptimizeAlias', 'preProcessorARN', 'postProcessorARN'].map((k) => [k, { type: 'string' }]),
    ),
    allowedExceptions: { type: 'array', items: { type: 'string' } },
  },
};

type Validate = ((v: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown> }[] | null;
};
let validate: Validate | undefined;
function validator(): Validate {
  if (validate) return validate;
  const precompiled = dataValidators['power-tuning-input'] as Validate | undefined;
  if (precompiled) return (validate = precompiled);
  // Running from the sources: compile now. Rules are synchronous, so require ajv.
  type AjvClass = new (options: object) => { compile(schema: object): Validate };
  const mod = createRequire(import.meta.url)('ajv') as AjvClass & { default?: AjvClass };
  const Ajv = mod.default ?? mod;
  return (validate = new Ajv(AJV_OPTIONS).compile(POWER_TUNING_INPUT_SCHEMA));
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export function nearestField(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of Object.keys(FIELDS)) {
    const d = levenshtein(name, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const show = (v: unknown) => preview(JSON.stringify(v) ?? String(v), 24);

export default defineRule({
  id: 'power-tuning-input',
  description: 'A Lambda Power Tuning execution input must be one the state machine accepts',
  severity: 'error',
  messages: {
    missing: '`{{field}}` is missing; Power Tuning needs {{expected}}. Add it.',
    invalid: '`{{field}}` is {{value}}; it must be {{expected}}.',
    weightedEntry:
      '`payload[{{index}}]` needs a non-zero number `weight` and a `payload`: write `{"weight": 1, "payload": {...}}`.',
    weightedTooFew:
      '`num` is {{num}} but the weighted `payload` has {{entries}} entries; set `num` to at least {{entries}} so that each entry runs.',
    weightedNeverRuns:
      '`payload[{{index}}]` has weight {{weight}} of {{total}}: floor({{weight}} × {{num}} / {{total}}) is 0, so it never runs; raise its weight or set `num` to at least {{needed}}.',
    payloadS3Format: '`payloadS3` is {{value}}; it must be `s3://bucket/key`{{detail}}.',
    payloadIgnored:
      '`payload` is ignored because `payloadS3` is set (payloadS3 wins); remove `payload`, or remove `payloadS3` to send it.',
    unknownWithSuggestion:
      '`{{field}}` is not a Power Tuning input field and is ignored; did you mean `{{suggestion}}`?',
    unknown: '`{{field}}` is not a Power Tuning input field and is ignored; remove it.',
  },
  ...NO_OPTIONS,
  dataSchemas: { 'power-tuning-input': POWER_TUNING_INPUT_SCHEMA },
  appliesTo: ['power-tuning'],
  check(ctx) {
    const input = topObject(ctx.document.value);
    if (!input) return;
    const check = validator();
    if (!check(input)) {
      const seen = new Set<string>();
      for (const e of check.errors ?? []) {
        const field = e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.split('/')[1];
        if (!field || seen.has(field)) continue;
        seen.add(field);
        const data = { field, expected: FIELDS[field] ?? 'valid', value: show(input[field]) };
        if (e.keyword === 'required') ctx.report({ messageId: 'missing', data, at: [] });
        else ctx.report({ messageId: 'invalid', data, at: [field] });
      }
    }

    for (const field of Object.keys(input)) {
      if (Object.prototype.hasOwnProperty.call(FIELDS, field)) continue;
      const suggestion = nearestField(field);
      ctx.report({
        messageId: suggestion ? 'unknownWithSuggestion' : 'unknown',
        data: { field, suggestion: suggestion ?? '' },
        at: [field],
        severity: 'warn',
      });
    }

    const payloadS3 = input.payloadS3;
    if (typeof payloadS3 === 'string') {
      const m = /^s3:\/\/([^/?#]+)\/(.+)$/.exec(payloadS3);
      const detail = !m
        ? ''
        : /[?#]/.test(m[2])
          ? ' with no `?` or `#` in the key (the executor parses it as a URL and drops what follows)'
          : '';
      if (!m || detail)
        ctx.report({ messageId: 'payloadS3Format', data: { value: show(payloadS3), detail }, at: ['payloadS3'] });
      if (input.payload !== undefined) ctx.report({ messageId: 'payloadIgnored', at: ['payload'], severity: 'warn' });
    }

    const payload = input.payload;
    if (!Array.isArray(payload) || payloadS3 !== undefined) return;
    // A list is a weighted payload when any entry looks like one; then every entry must be one.
    const weighted = payload.some((p) => p !== null && typeof p === 'object' && !Array.isArray(p) && 'weight' in p);
    if (!weighted) return;
    const num = Number.isInteger(input.num) ? (input.num as number) : undefined;
    let total = 0;
    let valid = true;
    payload.forEach((entry, index) => {
      const e = entry as Record<string, unknown> | null;
      if (
        e === null ||
        typeof e !== 'object' ||
        !(typeof e.weight === 'number' && e.weight > 0) ||
        e.payload === undefined
      ) {
        valid = false;
        ctx.report({ messageId: 'weightedEntry', data: { index }, at: ['payload', String(index)] });
      } else total += e.weight;
    });
    if (!valid || num === undefined) return;
    if (num < payload.length) {
      ctx.report({ messageId: 'weightedTooFew', data: { num, entries: payload.length }, at: ['num'] });
      return;
    }
    payload.forEach((entry, index) => {
      const weight = (entry as { weight: number }).weight;
      if (Math.floor((weight * num) / total) >= 1) return;
      const needed = Math.ceil(total / weight);
      ctx.report({
        messageId: 'weightedNeverRuns',
        data: { index, weight, total, num, needed },
        at: ['payload', String(index), 'weight'],
      });
    });
  },
});
