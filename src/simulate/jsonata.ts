// JSONata states: `{% expression %}` strings anywhere in Arguments, Output, Assign, Items,
// ItemSelector and Choice Condition. The jsonata package is imported on first use only.
//
// Every evaluation is bounded (time, recursion depth, sequence length, and the size of any value
// it builds), and Step Functions' own functions ($partition, $range, $hash, $random with a seed,
// $uuid, $parse) are bound beside JSONata's, so that real definitions run as they do in AWS.
import crypto from 'node:crypto';
import { DEFAULT_BOUNDS, QueryError, SimulationLimit, minJsonBytes, type Bounds } from './bounds.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../limits.js';
import { formatBytes } from '../text.js';
import { HASH_ALGORITHMS } from './intrinsics.js';
import { setOwn } from '../pointer.js';

type Jsonata = typeof import('jsonata');
let loaded: Promise<Jsonata> | undefined;

async function engine(): Promise<Jsonata> {
  loaded ??= import('jsonata').then((m) => ((m as unknown as { default?: Jsonata }).default ?? m) as Jsonata);
  return loaded;
}

/** The code of our own size bound, beside jsonata's D1011 (depth) and D1012 (time). */
const TOO_LARGE = 'PG-SIZE';

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

function isExpression(v: unknown): v is string {
  return typeof v === 'string' && EXPRESSION.test(v.trim());
}

export interface EvalLimits {
  bounds?: Bounds;
  limitBytes?: number;
}

/** What a jsonata error carries (it throws plain objects, not Error instances). */
interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

/** A small seeded generator, so that `$random(seed)` repeats as Step Functions promises. */
function seeded(seed: unknown): number {
  const h = crypto
    .createHash('sha256')
    .update(JSON.stringify(seed ?? 'payload-guard'))
    .digest();
  return h.readUInt32BE(0) / 0x1_0000_0000;
}

/** An error with jsonata's own `code`, read back by queryError as jsonata's errors are. */
class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(message: string): never {
  throw new CodedError('States.QueryEvaluationError', message);
}

/** The functions Step Functions adds to JSONata (docs: "Transforming data with JSONata", Step Functions developer guide). */
function stepFunctionsFunctions(maxItems: number): Record<string, (...args: unknown[]) => unknown> {
  return {
    partition: (array, size) => {
      if (!Array.isArray(array)) fail('$partition expects an array as its first argument');
      const n = Number(size);
      if (!Number.isInteger(n) || n <= 0) fail('$partition expects a positive integer chunk size');
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
      return out;
    },
    range: (start, end, step) => {
      const [a, b, s] = [Number(start), Number(end), Number(step)];
      if (![a, b, s].every(Number.isInteger)) fail('$range expects integer arguments');
      if (s === 0) fail('$range expects a non-zero step');
      const count = Math.floor((b - a) / s) + 1;
      if (count > maxItems)
        fail(`$range would build ${count.toLocaleString('en-US')} items, more than the state data can hold`);
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(a + i * s);
      return out;
    },
    hash: (value, algorithm) => {
      const alg = HASH_ALGORITHMS[String(algorithm)];
      if (!alg) fail(`$hash algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      return crypto
        .createHash(alg)
        .update(typeof value === 'string' ? value : JSON.stringify(value))
        .digest('hex');
    },
    random: (seed) => seeded(seed),
    uuid: () => '00000000-0000-4000-8000-000000000000',
    parse: (text) => {
      try {
        return JSON.parse(String(text)) as unknown;
      } catch (err) {
        return fail(`$parse could not parse its argument as JSON: ${(err as Error).message}`);
      }
    },
  };
}

export async function evaluateExpression(
  text: string,
  states: Record<string, unknown>,
  variables: ReadonlyMap<string, unknown>,
  limits: EvalLimits = {},
): Promise<unknown> {
  const jsonata = await engine();
  const bounds = limits.bounds ?? DEFAULT_BOUNDS;
  const limitBytes = limits.limitBytes ?? STEP_FUNCTIONS_PAYLOAD_BYTES;
  const m = EXPRESSION.exec(text.trim());
  const source = m ? m[1] : text;
  let expr: ReturnType<Jsonata>;
  const options = { timeout: bounds.expressionMs, stack: bounds.expressionDepth, sequence: Math.ceil(limitBytes / 2) };
  try {
    expr = (jsonata as unknown as (s: string, o: object) => ReturnType<Jsonata>)(source, options);
  } catch (err) {
    throw queryError(err, source, limitBytes);
  }
  // An intermediate value may pass the limit for a moment (built, then cut down), but not without
  // bound: a doubling string would take all memory long before the time limit ends it.
  const ceiling = limitBytes * 16;
  expr.assign(
    Symbol.for('jsonata.__evaluate_exit') as unknown as string,
    (_e: unknown, _i: unknown, _env: unknown, result: unknown) => {
      if (minJsonBytes(result) > ceiling)
        throw new CodedError(TOO_LARGE, `a value it builds passes ${ceiling.toLocaleString('en-US')} bytes`);
    },
  );
  const bindings: Record<string, unknown> = {
    ...stepFunctionsFunctions(Math.ceil(limitBytes / 2)),
    ...Object.fromEntries(variables),
  };
  bindings.states = states;
  let out: unknown;
  try {
    out = await expr.evaluate({}, bindings);
  } catch (err) {
    throw queryError(err, source, limitBytes);
  }
  // jsonata marks sequences with properties; plain JSON is what Step Functions passes on.
  return out === undefined ? null : plain(out);
}

function queryError(err: unknown, source: string, limitBytes: number): Error {
  if (err instanceof RangeError)
    return new SimulationLimit(`a JSONata expression recursed past the call stack (\`${excerpt(source)}\`)`);
  const f = (err ?? {}) as JsonataFailure;
  // Time, recursion and memory are simulate's own bounds, not Step Functions errors.
  if (f.code === 'D1012' || f.code === 'D1011' || f.code === TOO_LARGE) {
    return new SimulationLimit(`the JSONata expression \`${excerpt(source)}\` stopped: ${f.message ?? f.code}`);
  }
  // A sequence longer than this cannot fit in the state data (two bytes an item at the least).
  if (f.code === 'D2014' || f.code === 'D2015') {
    return new QueryError(
      `\`${excerpt(source)}\` builds a sequence too long for ${formatBytes(limitBytes)} of state data`,
    );
  }
  const where = typeof f.position === 'number' ? ` at character ${f.position}` : '';
  const code = f.code && f.code !== 'States.QueryEvaluationError' ? `${f.code} ` : '';
  return new QueryError(`${code}${f.message ?? String(err)}${where} in \`${excerpt(source)}\``);
}

function excerpt(source: string): string {
  const s = source.trim().replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A plain JSON copy (arrays for sequences, no undefined members), made without recursion. */
export function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? null : v;
  const root: { v?: unknown } = {};
  const stack: [unknown, Record<string, unknown> | unknown[], string | number][] = [[v, root, 'v']];
  while (stack.length) {
    const [x, parent, key] = stack.pop()!;
    let copy: unknown;
    if (x === null || typeof x !== 'object') copy = typeof x === 'function' ? undefined : x;
    else if (Array.isArray(x)) {
      const arr: unknown[] = new Array(x.length).fill(null);
      for (let i = 0; i < x.length; i++) stack.push([x[i], arr, i]);
      copy = arr;
    } else {
      const obj: Record<string, unknown> = {};
      // Members are placed in order first, then filled, so that key order survives the stack.
      for (const [k, c] of Object.entries(x))
        if (c !== undefined && typeof c !== 'function') {
          setOwn(obj, k, null);
          stack.push([c, obj, k]);
        }
      copy = obj;
    }
    if (Array.isArray(parent)) parent[key as number] = copy === undefined ? null : copy;
    else if (copy !== undefined) setOwn(parent, key as string, copy);
  }
  return root.v;
}

/** Evaluate every `{% %}` string inside a template value (objects and arrays are walked). */
export async function evaluateTemplate(
  v: unknown,
  states: Record<string, unknown>,
  variables: ReadonlyMap<string, unknown>,
  limits: EvalLimits = {},
): Promise<unknown> {
  if (isExpression(v)) return evaluateExpression(v, states, variables, limits);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) out.push(await evaluateTemplate(x, states, variables, limits));
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, await evaluateTemplate(x, states, variables, limits));
    return out;
  }
  return v;
}
