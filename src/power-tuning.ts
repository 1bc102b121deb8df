// What AWS Lambda Power Tuning does with its execution input, modelled from the public state
// machine definition and its Lambda functions (described here in our own words), so that a rule
// can say how large the biggest state gets before anything runs.
//
// The data flow, state by state:
// - Initializer and the version publisher loop add `lambdaConfigurations` beside the whole input:
//   one configuration per power value (`num` of them per value with `onlyColdStarts`, each with an
//   alias and a description), one more to restore the original setting, an iterator and the list
//   of power values.
// - The Map state over the power values gives every branch an item holding the whole state (the
//   input and `lambdaConfigurations`) plus the power value; the executor in each branch reads the
//   payload from it (or fetches `payloadS3`) and invokes the function `num` times.
// - The branch results, one statistics object per power value, come back as `stats` beside
//   everything else; the analyzer then adds `analysis` (including a visualization URL that grows
//   with the number of power values) before the optimizer narrows the output.
// - When an invocation fails, the executor's error message carries the payload it sent, as JSON,
//   unless `disablePayloadLogs` is true. Step Functions stores that message as the task's error
//   cause (a JSON document inside a string) and the Map's catcher puts it at `$.error` beside the
//   whole state. The Node.js runtime reports the message twice (as `errorMessage` and as the
//   first line of `trace`), so a failed run holds the payload three times, twice escaped twice.
// So the input is not the peak: it is input + configurations + stats + analysis on success, and
// input + configurations + an error cause holding the payload on failure.
import { compactJsonBytes } from './text.js';

/** Default power values of a Power Tuning deployment (its PowerValues parameter). */
const DEFAULT_POWER_VALUES = [128, 256, 512, 1024, 1536, 3008];
/** `"ALL"`: every value from 128 to 3008 MB in 64 MB steps, as the initializer expands it. */
export const ALL_POWER_VALUES = Array.from({ length: (3008 - 128) / 64 + 1 }, (_, i) => 128 + i * 64);

interface StateSize {
  state: string;
  bytes: number;
}

export interface BudgetModel {
  /** every state that was estimated, in flow order */
  states: StateSize[];
  peak: StateSize;
  /** the success path's peak (without any error cause) */
  successPeak: StateSize;
  /** the failure path's peak, absent when `disablePayloadLogs` keeps the payload out */
  errorPeak?: StateSize;
}

export interface BudgetInput {
  /** the parsed execution input */
  input: Record<string, unknown>;
  /** compact JSON bytes of the input */
  inputBytes: number;
  /** bytes of the payload object behind `payloadS3`, when it is known (staged locally) */
  payloadS3Bytes?: number;
  /** compact JSON bytes of a value inside the input (the rule passes its shared size index) */
  measure?: (value: unknown) => number;
  /** strings known to need no escaping (base64 without line breaks), by holder and key */
  clean?: (container: object, key: string) => boolean;
}

export function powerValuesOf(input: Record<string, unknown>): number[] {
  const pv = input.powerValues;
  if (pv === 'ALL') return ALL_POWER_VALUES;
  if (Array.isArray(pv) && pv.length) return pv.map((v) => (Number.isFinite(Number(v)) ? Number(v) : 10240));
  return DEFAULT_POWER_VALUES;
}

// Doubles printed at full precision: the longest numbers the executor's statistics hold.
const WIDE_PRICE = 1.2345678901234566e-7;
const WIDE_DURATION = 1234.5678901234567;

export function modelBudget({
  input,
  inputBytes,
  payloadS3Bytes,
  measure = compactJsonBytes,
  clean,
}: BudgetInput): BudgetModel {
  const values = powerValuesOf(input);
  const num = Number.isInteger(input.num) && (input.num as number) > 0 ? (input.num as number) : 5;
  const coldOnly = !!input.onlyColdStarts;
  const initConfigurations: Record<string, unknown>[] = [];
  for (const v of values) {
    if (!coldOnly) initConfigurations.push({ powerValue: v, alias: `RAM${v}` });
    else
      for (let n = 0; n < num; n++)
        initConfigurations.push({ powerValue: v, alias: `RAM${v}-${n}`, description: ` - RAM${v}-${n}` });
  }
  initConfigurations.push({ powerValue: 10240, description: '' });
  const configurations = {
    initConfigurations,
    iterator: { index: initConfigurations.length, count: initConfigurations.length, continue: false },
    powerValues: values,
  };
  const member = (key: string, value: unknown) =>
    Buffer.byteLength(`,${JSON.stringify(key)}:${JSON.stringify(value)}`, 'utf8');
  const configBytes = member('lambdaConfigurations', configurations);
  const stats = values.map((value) => ({
    averagePrice: WIDE_PRICE,
    averageDuration: WIDE_DURATION,
    totalCost: WIDE_PRICE,
    value,
  }));
  const statsBytes = member('stats', stats);
  // The visualization URL packs three numbers per power value, base64-encoded after the `#`.
  const visualization = 'https://lambda-power-tuning.show/#' + 'A'.repeat(Math.ceil((values.length * 10 * 4) / 3));
  const analysis = {
    power: 10240,
    cost: WIDE_PRICE,
    duration: WIDE_DURATION,
    stateMachine: { executionCost: 0.00123, lambdaCost: WIDE_PRICE, visualization },
  };
  const analysisBytes = member('analysis', analysis);

  const states: StateSize[] = [
    { state: 'execution input', bytes: inputBytes },
    { state: 'Initializer output (input + lambdaConfigurations)', bytes: inputBytes + configBytes },
    {
      state: 'each Map branch input (the whole state + its power value)',
      bytes: inputBytes + configBytes + '{"input":,"value":10240}'.length,
    },
    { state: 'Branching output (+ stats)', bytes: inputBytes + configBytes + statsBytes },
    { state: 'Analyzer output (+ analysis)', bytes: inputBytes + configBytes + statsBytes + analysisBytes },
  ];
  const successPeak = states.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  let errorPeak: StateSize | undefined;
  if (input.disablePayloadLogs !== true) {
    const causeBytes = errorMemberBytes(input, payloadS3Bytes, measure, clean);
    if (causeBytes !== undefined) {
      errorPeak = {
        state: 'CleanUpOnError input (a failed invocation’s error cause embeds the payload)',
        bytes: inputBytes + configBytes + causeBytes,
      };
      states.push(errorPeak);
    }
  }
  const peak = states.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { states, peak, successPeak, errorPeak };
}

/** Bytes of `,"error":{"Error":...,"Cause":...}` for the largest payload one invocation sends. */
export function errorMemberBytes(
  input: Record<string, unknown>,
  payloadS3Bytes: number | undefined,
  measure: (value: unknown) => number,
  clean: (container: object, key: string) => boolean = () => false,
): number | undefined {
  let payload: { bytes: number; quotes: number; backslashes: number } | undefined;
  if (typeof input.payloadS3 === 'string') {
    if (payloadS3Bytes === undefined) return undefined;
    // Without the object's text only its size is known: count it once, unescaped (a lower bound).
    payload = { bytes: payloadS3Bytes, quotes: 0, backslashes: 0 };
  } else if (Array.isArray(input.payload)) {
    for (const entry of input.payload as unknown[]) {
      const p = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).payload : entry;
      const bytes = measure(p ?? null);
      if (payload === undefined || bytes > payload.bytes) payload = { bytes, ...escapeCounts(p ?? null, clean) };
    }
  } else if (input.payload !== undefined) {
    payload = { bytes: measure(input.payload), ...escapeCounts(input.payload, clean) };
  }
  if (payload === undefined) return undefined;
  // The payload's JSON text sits twice in the cause (message and first trace line), and the cause
  // is itself a JSON string inside the state: escaped twice. Building that string for a 250 KB
  // payload costs far more than counting: the text of JSON.stringify has no raw control
  // characters, so escaping it twice turns each `"` and `\` into 4 bytes (3 more than written).
  return errorMemberBytesWith('') + 2 * (payload.bytes + 3 * payload.quotes + 3 * payload.backslashes);
}

// Characters JSON.stringify escapes (as in text.ts); a plain class, linear.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The `"` and `\` characters in `JSON.stringify(value)`, counted from the value. */
function escapeCounts(
  value: unknown,
  clean: (container: object, key: string) => boolean,
): { quotes: number; backslashes: number } {
  let quotes = 0;
  let backslashes = 0;
  const str = (s: string) => {
    quotes += 2;
    if (!NEEDS_ESCAPE.test(s)) return;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        quotes++;
        backslashes++;
      } else if (c === 0x5c) backslashes += 2;
      else if (c < 0x20) backslashes++;
      else if (c >= 0xd800 && c <= 0xdfff) {
        const pair = c <= 0xdbff ? s.charCodeAt(i + 1) : s.charCodeAt(i - 1);
        const paired = c <= 0xdbff ? pair >= 0xdc00 && pair <= 0xdfff : pair >= 0xd800 && pair <= 0xdbff;
        if (paired) {
          if (c <= 0xdbff) i++;
        } else backslashes++; // a lone surrogate is written as \udXXX
      }
    }
  };
  // A member value: a string known to be clean (a base64 blob) adds its two quotes unscanned.
  const member = (container: object, key: string, x: unknown, stack: unknown[]) => {
    if (typeof x === 'string' && clean(container, key)) quotes += 2;
    else stack.push(x);
  };
  if (typeof value === 'string') str(value);
  const stack: unknown[] = typeof value === 'string' ? [] : [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') str(v);
    else if (Array.isArray(v)) v.forEach((x, i) => member(v, String(i), x === undefined ? null : x, stack));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || typeof x === 'function') continue;
        str(k);
        member(v, k, x, stack);
      }
    }
  }
  return { quotes, backslashes };
}

/** The error member with `payloadJson` written into the cause as Power Tuning's executor does. */
export function errorMemberBytesWith(payloadJson: string): number {
  const functionError =
    '{"errorType":"Error","errorMessage":"the function failed","trace":["Error: the function failed","    at Runtime.handler (/var/task/index.js:1:1)"]}';
  const message = `Invocation error (running in series): ${functionError} with payload ${payloadJson} - original error type: "Error", original error message: "the function failed",trace: "[]"`;
  const trace = Array.from(
    { length: 6 },
    (_, i) => `    at step${i} (/var/task/node_modules/executor/lambda/utils.js:${100 + i}:17)`,
  );
  const cause = JSON.stringify({ errorType: 'Error', errorMessage: message, trace: ['Error: ' + message, ...trace] });
  return Buffer.byteLength(`,"error":${JSON.stringify({ Error: 'Error', Cause: cause })}`, 'utf8');
}
