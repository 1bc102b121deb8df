// A task made to fail (`--error STATE=ErrorName`), followed the way Step Functions follows it:
// the first Retrier whose ErrorEquals matches retries it (an injected error fails every attempt),
// then the first Catcher that matches sends `{ Error, Cause }` on to its Next state. States.Runtime
// and States.DataLimitExceeded are terminal: no Retry or Catch handles them ("Error handling in
// Step Functions", developer guide, checked 2026-12-01).
import { isObject } from '../pointer.js';

type Obj = Record<string, unknown>;

/** A task's failure: the error name and cause that Catch and Retry see. */
export class TaskError extends Error {
  constructor(
    readonly error: string,
    readonly errorCause: string,
  ) {
    super(`${error}: ${errorCause}`);
  }
}

const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

function matches(errorEquals: unknown, error: string): boolean {
  if (TERMINAL.has(error) || !Array.isArray(errorEquals)) return false;
  return errorEquals.some(
    (e) => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'),
  );
}

/** How many times Retry runs the task again before giving up on this error (0 without a matching retrier). */
export function retries(state: Obj, error: string): number {
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  const r = retriers.find((x) => isObject(x) && matches(x.ErrorEquals, error)) as Obj | undefined;
  if (!r) return 0;
  return typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3;
}

export function catcher(state: Obj, error: string): Obj | undefined {
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  return catchers.find((c) => isObject(c) && matches(c.ErrorEquals, error)) as Obj | undefined;
}
