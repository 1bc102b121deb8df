// What keeps `simulate` bounded on hostile definitions and inputs, and the errors it ends with.
// Step Functions refuses any state data over 256 KiB, so a value that is certainly larger than the
// limit can stop the run at once: checking that takes a glance (a length), never a serialisation.

/** A state failed the way Step Functions fails it: the execution ends there with this error. */
export class StateFailure extends Error {
  constructor(
    readonly state: string,
    readonly error: string,
    readonly errorCause: string,
  ) {
    super(`state \`${state}\` failed: ${error}: ${errorCause}`);
  }
}

/** The definition itself is wrong (a `Next` naming no state): no execution could start. */
export class DefinitionError extends Error {}

/** The sample cannot go on (a Map without an ItemProcessor): the run stops there with a note. */
export class SimulationError extends Error {}

/** The simulator's own bounds were reached (time, nesting): not something Step Functions reports. */
export class SimulationLimit extends Error {}

/** An intrinsic function refused its arguments: Step Functions fails the state with States.Runtime. */
export class IntrinsicError extends Error {}

/** A JSONata expression failed: Step Functions fails the state with States.QueryEvaluationError. */
export class QueryError extends Error {}

export interface Bounds {
  /** wall-clock time for the whole simulation */
  totalMs: number;
  /** wall-clock time for one JSONata expression */
  expressionMs: number;
  /** nested JSONata evaluation frames (recursion) */
  expressionDepth: number;
  /** nested Map and Parallel states */
  nesting: number;
}

export const DEFAULT_BOUNDS: Bounds = { totalMs: 20_000, expressionMs: 2_000, expressionDepth: 500, nesting: 100 };

/**
 * A lower bound on the UTF-8 bytes of `v`'s compact JSON, from its top level only: a string of n
 * characters takes at least n + 2 bytes, an array of n items at least 2n, an object of n members
 * at least 5n (`"":0,`). Enough to see at once that a value cannot fit, whatever its depth.
 */
export function minJsonBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (Array.isArray(v)) return Math.max(2, 2 * v.length);
  if (v !== null && typeof v === 'object') return Math.max(2, 5 * Object.keys(v).length);
  return 1;
}
