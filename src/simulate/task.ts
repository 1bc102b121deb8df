// What a Task returns in a simulation: the `--result` sample for the state (one per Map item for
// `State[*]=FILE`), or its input when no sample is given, wrapped in the lambda:invoke envelope
// where the optimized Lambda integration adds one.
import { isObject } from '../pointer.js';
import { compactJsonBytes } from '../text.js';
import type { Obj, StateCall } from './context.js';

/** One sample result per Map item (or batch), by index: `--result 'State[*]=FILE'`. */
export class PerItem {
  constructor(readonly values: readonly unknown[]) {}
}

const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;

/** The response `arn:aws:states:::lambda:invoke` gives a state: the function's return value in `Payload`. */
export function lambdaEnvelope(payload: unknown): Obj {
  const requestId = '6f7c1b2e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(compactJsonBytes(payload)),
    'Content-Type': 'application/json',
    Date: 'Sat, 28 Nov 2026 10:00:00 GMT',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id':
      'Root=1-6761a2b3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;Lineage=1:0a1b2c3d:0',
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** The result of a Task given its shaped input `args` and the sample `given` for it (undefined: none). */
export function taskResult(call: StateCall, args: unknown, given: unknown, note: (message: string) => void): unknown {
  const resource = typeof call.state.Resource === 'string' ? call.state.Resource : '';
  const isInvoke = LAMBDA_INVOKE.test(resource);
  if (given instanceof PerItem) {
    const index = call.frame.map?.index ?? 0;
    if (index >= given.values.length)
      note(
        `${call.label}: the per-item results hold ${given.values.length} values; item ${index} and later take the last one`,
      );
    given = given.values[Math.min(index, given.values.length - 1)];
  }
  let returned: unknown;
  if (given !== undefined) {
    returned = given;
    // A result file that is already a whole envelope is taken as it is.
    if (isInvoke && isObject(given) && 'Payload' in given && 'StatusCode' in given) return given;
  } else {
    returned = isInvoke && isObject(args) && 'Payload' in args ? args.Payload : args;
    note(
      `${call.label}: no --result given; the task is assumed to return its input${isInvoke ? ' (inside the lambda:invoke envelope)' : ''}`,
    );
  }
  return isInvoke ? lambdaEnvelope(returned) : returned;
}

/** The list a lambda:invoke sample returned (in the envelope's `Payload`), when it is one. */
export function returnedList(call: StateCall, result: unknown): unknown[] | undefined {
  const resource = typeof call.state.Resource === 'string' ? call.state.Resource : '';
  return LAMBDA_INVOKE.test(resource) && isObject(result) && Array.isArray(result.Payload) ? result.Payload : undefined;
}

/** Whether `value` holds `list` (the same array, or an equal one of the same length), looking at up to 10,000 nodes. */
export function holdsList(value: unknown, list: readonly unknown[]): boolean {
  const stack: unknown[] = [value];
  let json: string | undefined;
  for (let seen = 0; stack.length && seen < 10_000; seen++) {
    const node = stack.pop();
    if (node === list) return true;
    if (Array.isArray(node)) {
      if (node.length === list.length && node.length > 0 && JSON.stringify(node) === (json ??= JSON.stringify(list)))
        return true;
      // Loops, not push(...): a spread of a list of over about 120,000 items overflows the stack.
      for (const item of node as unknown[]) stack.push(item);
    } else if (isObject(node))
      for (const k in node) if (Object.prototype.hasOwnProperty.call(node, k)) stack.push(node[k]);
  }
  return false;
}
