// What the pieces of the simulator share: the state being run (one context object instead of
// seven positional arguments) and the runner's services a state's data flow calls back into
// (measuring, notes, evaluation, the task attempt). The per-language handlers (state-jsonpath.ts,
// state-jsonata.ts) and the Map handler (map.ts) see the Simulator only through `Runner`.
import type { IntrinsicNote } from './intrinsics.js';
import type { PathRoots } from './jsonpath.js';

export type Obj = Record<string, unknown>;
export type QueryLanguage = 'JSONPath' | 'JSONata';
export type Where = 'input' | 'parameters' | 'result' | 'output' | 'assign';

export interface Frame {
  /** prefix for nested state names: `Map/` */
  prefix: string;
  map?: { index: number; value: unknown };
  /** Map and Parallel states around this one */
  depth: number;
}

/** One state being run. */
export interface StateCall {
  /** the state's name in its `States` */
  name: string;
  /** the name with the Map/Parallel prefix, as rows and notes show it */
  label: string;
  type: string;
  state: Obj;
  /** the state's raw input */
  input: unknown;
  frame: Frame;
  lang: QueryLanguage;
  inputBytes: number;
  /** how many over-limit values were seen before this state: more afterwards means it went over */
  overBefore: number;
}

/** Where a Catcher sent a failed state: its output and the next state. */
export interface Caught {
  output: unknown;
  next: string;
}

/** What a state's data flow produced: its output, its next state, and its result when it has one. */
export type StateOutcome = { output: unknown; next?: string; result?: { value: unknown } } | { caught: Caught };

export interface Runner extends IntrinsicNote {
  readonly variables: Map<string, unknown>;
  measure(label: string, where: Where, value: unknown): number;
  /** over-limit values seen so far (compare with `StateCall.overBefore`) */
  overLimitCount(): number;
  /** Stops the execution at `label` with States.DataLimitExceeded. */
  stop(label: string): never;
  /** False once the transition cap is spent; throws past the time budget. */
  budgetLeft(): boolean;
  roots(input: unknown, frame: Frame, stateName: string): PathRoots;
  contextFor(frame: Frame, stateName: string): Obj;
  evaluate(text: string, states: Obj): Promise<unknown>;
  evaluateAll(v: unknown, states: Obj): Promise<unknown>;
  /** Runs a Task, Map or Parallel with its shaped input, following Retry and Catch. */
  attempt(call: StateCall, args: unknown): Promise<{ result: unknown } | { caught: Caught }>;
  /** Runs a nested machine (a Map's ItemProcessor, a Parallel branch). */
  machine(machine: Obj, input: unknown, frame: Frame, inherited: QueryLanguage): Promise<unknown>;
}

/** The next state named by `Next`, or none for an `End`, Succeed or Fail state. */
export function nextOf(state: Obj, type: string): string | undefined {
  if (state.End === true || type === 'Succeed' || type === 'Fail') return undefined;
  return typeof state.Next === 'string' ? state.Next : undefined;
}

/** The state a Choice goes to: the chosen rule's Next, else Default (with a note when neither). */
export function choiceNext(run: Runner, call: StateCall, chosen: Obj | undefined): string | undefined {
  const next = chosen ? String(chosen.Next) : typeof call.state.Default === 'string' ? call.state.Default : undefined;
  if (!chosen && next === undefined)
    run.note(`${call.label}: no Choice rule matched and there is no Default (States.NoChoiceMatched)`);
  return next;
}

/** Stops the execution when this state has gone over a limit since it was entered. */
export function stopIfOver(run: Runner, call: StateCall): void {
  if (run.overLimitCount() > call.overBefore) run.stop(call.label);
}

/** Sets the variables of one evaluated Assign: every one reads the values from before it, so all are set afterwards. */
export function setVariables(run: Runner, label: string, evaluated: Obj): void {
  run.measure(label, 'assign', evaluated);
  for (const [k, v] of Object.entries(evaluated)) run.variables.set(k, v);
}
