// A sample input through a state machine's data flow, without AWS: each state applies its
// data-flow fields in the order Step Functions does, and every input, task result and output is
// measured as the UTF-8 bytes of its compact JSON (what the 256 KiB quota counts).
//
// Own evaluator rather than aws-local-stepfunctions: that package invokes real Lambda functions
// through the AWS SDK (a large dependency and credentials), and reports what a state outputs but
// not the stages in between (Parameters, the raw task result with its lambda:invoke envelope),
// which are exactly where the quota bites.
//
// This module runs the machine (transitions, measuring, Retry and Catch, Parallel branches); each
// state's data flow is in state-jsonpath.ts or state-jsonata.ts, Map iterations in map.ts and
// task results in task.ts, all reached through the `Runner` of context.ts.
import { child, isObject } from '../pointer.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../limits.js';
import { compactJsonBytes, formatBytes, formatInt, textOf } from '../text.js';
import {
  DEFAULT_BOUNDS,
  DefinitionError,
  IntrinsicError,
  QueryError,
  SimulationError,
  SimulationLimit,
  StateFailure,
  type Bounds,
} from './bounds.js';
import type { Caught, Frame, Obj, QueryLanguage, Runner, StateCall, Where } from './context.js';
import { TaskError, catcher, retries } from './errors.js';
import { evaluateExpression, evaluateTemplate, type EvalLimits } from './jsonata.js';
import { PathError, type PathRoots } from './jsonpath.js';
import { runMap } from './map.js';
import { Meter, type SimulationReport } from './meter.js';
import { jsonataCaught, jsonataState } from './state-jsonata.js';
import { jsonPathCaught, jsonPathState } from './state-jsonpath.js';
import { holdsList, returnedList, taskResult } from './task.js';
import { checkTransitions } from './transitions.js';

export interface SimulationRun {
  report: SimulationReport;
  /** what the run assumed or could not do (printed beside the table, not in the JSON) */
  notes: string[];
  /** final output, when the machine reached an end */
  output?: unknown;
}

export interface SimulateOptions {
  /** task results by state name: what the function returned (the lambda:invoke envelope is added) */
  results?: ReadonlyMap<string, unknown>;
  /** tasks made to fail, by state name: the error and cause their Retry and Catch see */
  errors?: ReadonlyMap<string, { error: string; cause: string }>;
  limitBytes?: number;
  /** transitions before giving up (a Choice loop fed by pass-through tasks never ends) */
  maxTransitions?: number;
  executionName?: string;
  /** called with every measured value (tests check the bytes against their own JSON) */
  onMeasure?: (state: string, where: Where, value: unknown, bytes: number) => void;
  /** time, recursion and nesting bounds (defaults: DEFAULT_BOUNDS) */
  bounds?: Bounds;
}

/** Step Functions stops an execution at the first state over the limit (States.DataLimitExceeded). */
class DataLimitStop extends Error {}

export class Simulator implements Runner {
  private readonly meter: Meter;
  readonly notes: string[] = [];
  private readonly noted = new Set<string>();
  private transitions = 0;
  private readonly limit: number;
  private readonly maxTransitions: number;
  private readonly results: ReadonlyMap<string, unknown>;
  private readonly errors: ReadonlyMap<string, { error: string; cause: string }>;
  readonly variables = new Map<string, unknown>();
  private readonly context: Obj;
  private readonly bounds: Bounds;
  private readonly evalLimits: EvalLimits;
  private readonly started = Date.now();
  /** lists that lambda:invoke samples returned, by state, until the state's output is measured */
  private readonly lists = new Map<string, unknown[]>();
  private readonly listNoted = new Set<string>();
  failed?: SimulationReport['failed'];

  constructor(input: unknown, options: SimulateOptions) {
    this.limit = options.limitBytes ?? STEP_FUNCTIONS_PAYLOAD_BYTES;
    this.maxTransitions = options.maxTransitions ?? 1000;
    this.results = options.results ?? new Map();
    this.errors = options.errors ?? new Map();
    this.bounds = options.bounds ?? DEFAULT_BOUNDS;
    this.evalLimits = { bounds: this.bounds, limitBytes: this.limit };
    this.meter = new Meter(this.limit, options.onMeasure);
    const name = options.executionName ?? 'simulation';
    this.context = {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:machine:${name}`,
        Input: input,
        Name: name,
        StartTime: '2026-11-28T10:00:00.000Z',
        RoleArn: 'arn:aws:iam::123456789012:role/machine',
      },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine', Name: 'machine' },
    };
  }

  note(message: string) {
    if (!this.noted.has(message)) {
      this.noted.add(message);
      this.notes.push(message);
    }
  }

  measure(state: string, where: Where, value: unknown): number {
    return this.meter.measure(state, where, value);
  }

  overLimitCount(): number {
    return this.meter.overLimitCount();
  }

  report(): SimulationReport {
    return this.meter.report(this.failed);
  }

  budgetLeft(): boolean {
    if (this.transitions > this.maxTransitions) return false;
    if (Date.now() - this.started > this.bounds.totalMs) {
      throw new SimulationLimit(`the simulation ran past ${this.bounds.totalMs / 1000} s`);
    }
    return true;
  }

  evaluate(text: string, states: Obj): Promise<unknown> {
    return evaluateExpression(text, states, this.variables, this.evalLimits);
  }

  evaluateAll(v: unknown, states: Obj): Promise<unknown> {
    return evaluateTemplate(v, states, this.variables, this.evalLimits);
  }

  roots(input: unknown, frame: Frame, stateName: string): PathRoots {
    return { input, context: this.contextFor(frame, stateName), variables: this.variables };
  }

  contextFor(frame: Frame, stateName: string): Obj {
    return {
      ...this.context,
      State: { Name: stateName, EnteredTime: '2026-11-28T10:00:00.000Z', RetryCount: 0 },
      Task: { Token: 'AQCEAAAAKgAAAAMAAAAAAAAAAQ==' },
      ...(frame.map ? { Map: { Item: { Index: frame.map.index, Value: frame.map.value } } } : {}),
    };
  }

  async machine(machine: Obj, input: unknown, frame: Frame, inherited: QueryLanguage): Promise<unknown> {
    const lang = languageOf(machine, inherited);
    const states = isObject(machine.States) ? machine.States : {};
    let name = typeof machine.StartAt === 'string' ? machine.StartAt : '';
    let data = input;
    for (;;) {
      const state = child(states, name);
      if (!isObject(state)) throw new DefinitionError(`state \`${name}\` does not exist`);
      this.transitions++;
      if (!this.budgetLeft()) {
        this.note(
          `stopped after ${this.maxTransitions} transitions (a loop that --result files would end); sizes are those seen so far`,
        );
        return data;
      }
      const step = await this.guarded(frame.prefix + name, () =>
        this.state(name, state, data, frame, languageOf(state, lang)),
      );
      data = step.output;
      if (step.next === undefined) return data;
      name = step.next;
    }
  }

  /** Runs one state, turning what fails inside it into Step Functions' error for that state. */
  private async guarded<T>(label: string, run: () => Promise<T>): Promise<T> {
    // A state 5,000 levels down is named by its last levels, not by a line of 10,000 characters.
    const parts = label.split('/');
    const named =
      parts.length > 4
        ? `\`${parts.slice(-3).join('/')}\` (${parts.length} levels deep, under \`${parts[0]}\`)`
        : `\`${label}\``;
    try {
      return await run();
    } catch (err) {
      if (err instanceof IntrinsicError) throw new StateFailure(label, 'States.Runtime', err.message);
      if (err instanceof QueryError) throw new StateFailure(label, 'States.QueryEvaluationError', err.message);
      if (err instanceof SimulationLimit && !err.message.startsWith('state `'))
        throw new SimulationLimit(`state ${named}: ${err.message}`);
      if (err instanceof RangeError)
        throw new SimulationLimit(`state ${named}: the data is nested too deep to simulate (${err.message})`);
      throw err;
    }
  }

  /** Measures a state's input, runs its data flow in its query language, and measures what came out. */
  private async state(
    name: string,
    state: Obj,
    input: unknown,
    frame: Frame,
    lang: QueryLanguage,
  ): Promise<{ output: unknown; next?: string }> {
    const label = frame.prefix + name;
    const overBefore = this.meter.overLimitCount();
    const inputBytes = this.measure(label, 'input', input);
    // The row exists from entry, so a Map or Parallel is listed before the states inside it.
    this.meter.record(label, inputBytes, 0, 0);
    const call: StateCall = {
      name,
      label,
      type: String(state.Type),
      state,
      input,
      frame,
      lang,
      inputBytes,
      overBefore,
    };
    // Step Functions refuses an input over the limit before the state does anything.
    if (this.meter.overLimitCount() > overBefore) this.stop(label);
    const outcome = lang === 'JSONata' ? await jsonataState(this, call) : await jsonPathState(this, call);
    if ('caught' in outcome) return this.finishCaught(call, outcome.caught);
    const resultBytes = outcome.result ? this.measure(label, 'result', outcome.result.value) : 0;
    const outputBytes = this.measure(label, 'output', outcome.output);
    this.meter.record(label, inputBytes, resultBytes, outputBytes);
    if (this.meter.overLimitCount() > overBefore) this.stop(label);
    this.noteListKept(label, outcome.output, Math.max(resultBytes, outputBytes));
    if (call.type === 'Fail') this.note(`${label}: the execution fails here (${textOf(state.Error ?? 'Fail')})`);
    return { output: outcome.output, next: outcome.next };
  }

  /**
   * The result of a Task, Map or Parallel, or, when it fails with an error that a Catcher takes,
   * the state's output and next state on that path. Retriers only add a note: an injected error
   * fails every attempt.
   */
  async attempt(call: StateCall, args: unknown): Promise<{ result: unknown } | { caught: Caught }> {
    const { label, type, state } = call;
    let failure: TaskError;
    try {
      return { result: await this.produce(call, args) };
    } catch (err) {
      // A Map iteration or Parallel branch that fails fails its state with the same error.
      if (err instanceof StateFailure && (type === 'Map' || type === 'Parallel') && err.error !== 'States.Runtime')
        failure = new TaskError(err.error, err.errorCause);
      else if (err instanceof TaskError) failure = err;
      else throw err;
    }
    const tries = retries(state, failure.error);
    if (tries)
      this.note(
        `${label}: ${failure.error} retried ${tries} time${tries === 1 ? '' : 's'}; every attempt fails the same way`,
      );
    const c = catcher(state, failure.error);
    if (!c || typeof c.Next !== 'string') throw new StateFailure(label, failure.error, failure.errorCause);
    const errorOutput = { Error: failure.error, Cause: failure.errorCause };
    const output =
      call.lang === 'JSONata'
        ? await jsonataCaught(this, call, c, errorOutput)
        : jsonPathCaught(this, call, c, errorOutput);
    this.note(`${label}: ${failure.error} caught; the execution goes on at \`${c.Next}\``);
    return { caught: { output, next: c.Next } };
  }

  private finishCaught(call: StateCall, caught: Caught): Caught {
    const overBefore = this.meter.overLimitCount();
    const outputBytes = this.measure(call.label, 'output', caught.output);
    this.meter.record(call.label, call.inputBytes, 0, outputBytes);
    if (this.meter.overLimitCount() > overBefore) this.stop(call.label);
    return caught;
  }

  stop(label: string): never {
    this.note(`the execution stops at \`${label}\` with States.DataLimitExceeded; later states are not simulated`);
    throw new DataLimitStop(label);
  }

  /** The result of a Task, Map or Parallel given its (already shaped) input. */
  private async produce(call: StateCall, args: unknown): Promise<unknown> {
    const { type, frame, label, name } = call;
    if ((type === 'Map' || type === 'Parallel') && frame.depth + 1 > this.bounds.nesting) {
      throw new SimulationLimit(
        `Map and Parallel states nest more than ${this.bounds.nesting} deep here; simulate stops there`,
      );
    }
    if (type === 'Map') return runMap(this, call, args);
    if (type === 'Parallel') {
      const branches = Array.isArray(call.state.Branches) ? (call.state.Branches as Obj[]) : [];
      const out: unknown[] = [];
      for (const branch of branches)
        out.push(
          await this.machine(branch, args, { prefix: `${label}/`, map: frame.map, depth: frame.depth + 1 }, call.lang),
        );
      return out;
    }
    const injected = this.errors.get(name) ?? this.errors.get(label);
    if (injected) throw new TaskError(injected.error, injected.cause);
    const given = this.results.get(name) ?? this.results.get(label);
    const result = taskResult(call, args, given, (m) => this.note(m));
    const list = given === undefined ? undefined : returnedList(call, result);
    if (list) this.lists.set(label, list);
    return result;
  }

  /**
   * A lambda:invoke sample that is a list, kept whole in the state's output: the output grows with
   * the list at run time, so say at about how many items (of the sample's average size) the larger
   * of the task result (the envelope) and the output passes the limit.
   */
  private noteListKept(label: string, output: unknown, largestBytes: number) {
    const list = this.lists.get(label);
    this.lists.delete(label);
    if (!list?.length || this.listNoted.has(label) || !holdsList(output, list)) return;
    this.listNoted.add(label);
    const listBytes = compactJsonBytes(list);
    const perItem = listBytes / list.length;
    const items = Math.floor((this.limit - (largestBytes - listBytes)) / perItem);
    this.note(
      `${label}: the sample result is a list of ${formatInt(list.length)} item${list.length === 1 ? '' : 's'} (${formatBytes(listBytes)}) kept whole in the output, which grows with the list at run time: at ${formatBytes(Math.round(perItem))} an item the state's data passes the ${formatBytes(this.limit)} limit at about ${formatInt(items + 1)} items`,
    );
  }
}

/** A machine's or state's own QueryLanguage, else the one it inherits. */
function languageOf(node: Obj, inherited: QueryLanguage): QueryLanguage {
  return node.QueryLanguage === 'JSONata' ? 'JSONata' : node.QueryLanguage === 'JSONPath' ? 'JSONPath' : inherited;
}

/**
 * Runs `input` through `definition`. A definition that names states it lacks throws
 * DefinitionError before anything runs; the simulator's own bounds throw SimulationLimit, naming
 * the state; a state that fails as Step Functions would fail it ends the run with `report.failed`.
 */
export async function simulate(
  definition: unknown,
  input: unknown,
  options: SimulateOptions = {},
): Promise<SimulationRun> {
  if (!isObject(definition) || typeof definition.StartAt !== 'string' || !isObject(definition.States))
    throw new SimulationError('the definition has no StartAt and States');
  checkTransitions(definition, '');
  const sim = new Simulator(input, options);
  let output: unknown;
  try {
    output = await sim.machine(definition, input, { prefix: '', depth: 0 }, 'JSONPath');
  } catch (err) {
    if (err instanceof DataLimitStop) return { report: sim.report(), notes: sim.notes };
    if (err instanceof StateFailure) {
      sim.failed = { state: err.state, error: err.error, cause: err.errorCause };
      sim.note(`the execution fails at \`${err.state}\` with ${err.error}: ${err.errorCause}`);
      return { report: sim.report(), notes: sim.notes };
    }
    if (err instanceof PathError || err instanceof SimulationError) {
      sim.note(`stopped: ${err.message}`);
      return { report: sim.report(), notes: sim.notes };
    }
    if (err instanceof RangeError)
      throw new SimulationLimit(`the data is nested too deep to simulate (${err.message})`);
    throw err;
  }
  return { report: sim.report(), notes: sim.notes, output };
}
