// A sample input through a state machine's data flow, without AWS: each state applies its
// data-flow fields in the order Step Functions does, and every input, task result and output is
// measured as the UTF-8 bytes of its compact JSON (what the 256 KiB quota counts).
//
// Own evaluator rather than aws-local-stepfunctions: that package invokes real Lambda functions
// through the AWS SDK (a large dependency and credentials), and reports what a state outputs but
// not the stages in between (Parameters, the raw task result with its lambda:invoke envelope),
// which are exactly where the quota bites.
import { STEP_FUNCTIONS_PAYLOAD_BYTES, STEP_FUNCTIONS_VARIABLE_BYTES } from '../limits.js';
import { matchRule } from './choice.js';
import { evalIntrinsic, isIntrinsic } from './intrinsics.js';
import { DEFAULT_BOUNDS, DefinitionError, IntrinsicError, QueryError, SimulationLimit, StateFailure, jsonBytes, type Bounds } from './bounds.js';
import { TaskError, catcher, retries } from './errors.js';
import { evaluateExpression, evaluateTemplate, type EvalLimits } from './jsonata.js';
import { batchBounds, batchItems, writerResult } from './map-io.js';
import { PathError, readPath, writePath, type PathRoots } from './jsonpath.js';

export type Where = 'input' | 'parameters' | 'result' | 'output' | 'assign';

export interface StateRow {
  name: string;
  inputBytes: number;
  resultBytes: number;
  outputBytes: number;
}

export interface SimulationReport {
  states: StateRow[];
  peak: { state: string; bytes: number };
  exceeded: { state: string; bytes: number; where: Where }[];
  /** the state where the execution failed, as Step Functions reports it (States.Runtime, ...) */
  failed?: { state: string; error: string; cause: string };
}

export interface SimulationRun {
  report: SimulationReport;
  /** what the run assumed or could not do (printed beside the table, not in the JSON) */
  notes: string[];
  /** final output, when the machine reached an end */
  output?: unknown;
}

/** One sample result per Map item (or batch), by index: `--result 'State[*]=FILE'`. */
export class PerItem {
  constructor(readonly values: readonly unknown[]) {}
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

export class SimulationError extends Error {}

/** Step Functions stops an execution at the first state over the limit (States.DataLimitExceeded). */
class DataLimitStop extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export { jsonBytes };

const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;

/** The response `arn:aws:states:::lambda:invoke` gives a state: the function's return value in `Payload`. */
export function lambdaEnvelope(payload: unknown): Obj {
  const requestId = '6f7c1b2e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
  const headers: Record<string, string> = {
    'Connection': 'keep-alive',
    'Content-Length': String(jsonBytes(payload)),
    'Content-Type': 'application/json',
    'Date': 'Sat, 28 Nov 2026 10:00:00 GMT',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': 'Root=1-6761a2b3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;Lineage=1:0a1b2c3d:0',
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

interface Frame {
  /** prefix for nested state names: `Map/` */
  prefix: string;
  map?: { index: number; value: unknown };
  /** Map and Parallel states around this one */
  depth: number;
}

class Simulator {
  private readonly rows = new Map<string, StateRow>();
  private readonly exceeded = new Map<string, { state: string; bytes: number; where: Where }>();
  private peak = { state: '', bytes: -1 };
  readonly notes: string[] = [];
  private readonly noted = new Set<string>();
  private transitions = 0;
  private readonly limit: number;
  private readonly maxTransitions: number;
  private readonly results: ReadonlyMap<string, unknown>;
  private readonly errors: ReadonlyMap<string, { error: string; cause: string }>;
  private readonly variables = new Map<string, unknown>();
  private readonly context: Obj;
  private readonly onMeasure: SimulateOptions['onMeasure'];
  private readonly bounds: Bounds;
  private readonly evalLimits: EvalLimits;
  private readonly started = Date.now();

  constructor(
    input: unknown,
    options: SimulateOptions,
  ) {
    this.limit = options.limitBytes ?? STEP_FUNCTIONS_PAYLOAD_BYTES;
    this.maxTransitions = options.maxTransitions ?? 1000;
    this.results = options.results ?? new Map();
    this.errors = options.errors ?? new Map();
    this.onMeasure = options.onMeasure;
    this.bounds = options.bounds ?? DEFAULT_BOUNDS;
    this.evalLimits = { bounds: this.bounds, limitBytes: this.limit };
    const name = options.executionName ?? 'simulation';
    this.context = {
      Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:machine:${name}`, Input: input, Name: name, StartTime: '2026-11-28T10:00:00.000Z', RoleArn: 'arn:aws:iam::123456789012:role/machine' },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine', Name: 'machine' },
    };
  }

  note(message: string) {
    if (!this.noted.has(message)) {
      this.noted.add(message);
      this.notes.push(message);
    }
  }

  private measure(state: string, where: Where, value: unknown): number {
    const bytes = jsonBytes(value);
    this.onMeasure?.(state, where, value, bytes);
    if (bytes > this.peak.bytes) this.peak = { state, bytes };
    const limit = where === 'assign' ? STEP_FUNCTIONS_VARIABLE_BYTES : this.limit;
    if (bytes > limit) {
      const key = `${state}\u0000${where}`;
      const prev = this.exceeded.get(key);
      if (!prev || prev.bytes < bytes) this.exceeded.set(key, { state, bytes, where });
    }
    return bytes;
  }

  private record(state: string, input: number, result: number, output: number) {
    const row = this.rows.get(state);
    if (!row) this.rows.set(state, { name: state, inputBytes: input, resultBytes: result, outputBytes: output });
    else {
      row.inputBytes = Math.max(row.inputBytes, input);
      row.resultBytes = Math.max(row.resultBytes, result);
      row.outputBytes = Math.max(row.outputBytes, output);
    }
  }

  failed?: SimulationReport['failed'];

  report(): SimulationReport {
    return {
      states: [...this.rows.values()],
      peak: this.peak.bytes < 0 ? { state: '', bytes: 0 } : this.peak,
      exceeded: [...this.exceeded.values()],
      ...(this.failed ? { failed: this.failed } : {}),
    };
  }

  /** False once the transition cap or the time budget is spent (a note says which). */
  private budgetLeft(): boolean {
    if (this.transitions > this.maxTransitions) return false;
    if (Date.now() - this.started > this.bounds.totalMs) {
      throw new SimulationLimit(`the simulation ran past ${this.bounds.totalMs / 1000} s`);
    }
    return true;
  }

  private evaluate(text: string, states: Obj): Promise<unknown> {
    return evaluateExpression(text, states, this.variables, this.evalLimits);
  }

  private evaluateAll(v: unknown, states: Obj): Promise<unknown> {
    return evaluateTemplate(v, states, this.variables, this.evalLimits);
  }

  async machine(machine: Obj, input: unknown, frame: Frame, inherited: 'JSONPath' | 'JSONata'): Promise<unknown> {
    const lang = machine.QueryLanguage === 'JSONata' ? 'JSONata' : machine.QueryLanguage === 'JSONPath' ? 'JSONPath' : inherited;
    const states = isObj(machine.States) ? machine.States : {};
    let name = typeof machine.StartAt === 'string' ? machine.StartAt : '';
    let data = input;
    for (;;) {
      const state = states[name];
      if (!isObj(state)) throw new DefinitionError(`state \`${name}\` does not exist`);
      this.transitions++;
      if (!this.budgetLeft()) {
        this.note(`stopped after ${this.maxTransitions} transitions (a loop that --result files would end); sizes are those seen so far`);
        return data;
      }
      const own = state.QueryLanguage === 'JSONata' ? 'JSONata' : state.QueryLanguage === 'JSONPath' ? 'JSONPath' : lang;
      const step = await this.guarded(frame.prefix + name, () => this.state(name, state, data, frame, own));
      data = step.output;
      if (step.next === undefined) return data;
      name = step.next;
    }
  }

  /** Runs one state, turning what fails inside it into Step Functions' error for that state. */
  private async guarded<T>(fullLabel: string, run: () => Promise<T>): Promise<T> {
    // A state 5,000 levels down is named by its last levels, not by a line of 10,000 characters.
    const parts = fullLabel.split('/');
    const named = parts.length > 4 ? `\`${parts.slice(-3).join('/')}\` (${parts.length} levels deep, under \`${parts[0]}\`)` : `\`${fullLabel}\``;
    const label = fullLabel;
    try {
      return await run();
    } catch (err) {
      if (err instanceof IntrinsicError) throw new StateFailure(label, 'States.Runtime', err.message);
      if (err instanceof QueryError) throw new StateFailure(label, 'States.QueryEvaluationError', err.message);
      if (err instanceof SimulationLimit && !err.message.startsWith('state `')) throw new SimulationLimit(`state ${named}: ${err.message}`);
      if (err instanceof RangeError) throw new SimulationLimit(`state ${named}: the data is nested too deep to simulate (${err.message})`);
      throw err;
    }
  }

  private roots(input: unknown, frame: Frame, stateName: string): PathRoots {
    return { input, context: this.contextFor(frame, stateName), variables: this.variables };
  }

  private contextFor(frame: Frame, stateName: string): Obj {
    return {
      ...this.context,
      State: { Name: stateName, EnteredTime: '2026-11-28T10:00:00.000Z', RetryCount: 0 },
      Task: { Token: 'AQCEAAAAKgAAAAMAAAAAAAAAAQ==' },
      ...(frame.map ? { Map: { Item: { Index: frame.map.index, Value: frame.map.value } } } : {}),
    };
  }

  /** A JSONPath payload template: `key.$` fields take a path or an intrinsic. */
  private template(v: unknown, roots: PathRoots, where: string): unknown {
    if (Array.isArray(v)) return v.map((x) => this.template(x, roots, where));
    if (!isObj(v)) return v;
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.endsWith('.$') && typeof x === 'string') {
        const key = k.slice(0, -2);
        try {
          out[key] = isIntrinsic(x) ? evalIntrinsic(x, roots, this) : readPath(x, roots);
        } catch (err) {
          if (!(err instanceof PathError) && !(err instanceof SyntaxError)) throw err;
          this.note(`${where}: \`${k}\`: ${err.message}; left out`);
          continue;
        }
        if (out[key] === undefined) {
          this.note(`${where}: \`${x}\` matched nothing in the sample (Step Functions fails the state with States.Runtime); left out`);
          delete out[key];
        }
      } else out[k] = this.template(x, roots, where);
    }
    return out;
  }

  private path(p: unknown, value: unknown, frame: Frame, name: string, field: string): unknown {
    if (p === null) return {};
    if (p === undefined || p === '$') return value;
    const found = readPath(String(p), this.roots(value, frame, name));
    if (found === undefined) this.note(`${name}: ${field} \`${p}\` matched nothing in the sample`);
    return found ?? {};
  }

  private async state(name: string, state: Obj, input: unknown, frame: Frame, lang: 'JSONPath' | 'JSONata'): Promise<{ output: unknown; next?: string }> {
    const label = frame.prefix + name;
    const type = String(state.Type);
    const overBefore = this.exceeded.size;
    const inputBytes = this.measure(label, 'input', input);
    // The row exists from entry, so a Map or Parallel is listed before the states inside it.
    this.record(label, inputBytes, 0, 0);
    // Step Functions refuses an input over the limit before the state does anything.
    if (this.exceeded.size > overBefore) this.stop(label);
    let result: unknown;
    let hasResult = false;
    let output: unknown;
    let next = typeof state.Next === 'string' ? state.Next : undefined;
    if (state.End === true || type === 'Succeed' || type === 'Fail') next = undefined;

    if (lang === 'JSONata') {
      const states: Obj = { input, context: this.contextFor(frame, name) };
      if (type === 'Choice') {
        const choices = Array.isArray(state.Choices) ? (state.Choices as Obj[]) : [];
        let chosen: Obj | undefined;
        for (const c of choices) if ((await this.evaluate(String(c.Condition), states)) === true) {
          chosen = c;
          break;
        }
        next = chosen ? String(chosen.Next) : typeof state.Default === 'string' ? state.Default : undefined;
        if (!chosen && next === undefined) this.note(`${label}: no Choice rule matched and there is no Default (States.NoChoiceMatched)`);
        output = chosen?.Output !== undefined ? await this.evaluateAll(chosen.Output, states) : state.Output !== undefined ? await this.evaluateAll(state.Output, states) : input;
        await this.assign(label, (chosen?.Assign ?? state.Assign) as unknown, states, undefined, frame, name, 'JSONata');
      } else {
        if (type === 'Task' || type === 'Map' || type === 'Parallel') {
          const args = state.Arguments !== undefined ? await this.evaluateAll(state.Arguments, states) : input;
          if (state.Arguments !== undefined) this.measure(label, 'parameters', args);
          if (this.exceeded.size > overBefore) this.stop(label);
          const attempt = await this.attempt(label, name, type, state, args, input, frame, lang);
          if ('caught' in attempt) return this.finishCaught(label, inputBytes, attempt.caught);
          result = attempt.result;
          hasResult = true;
          states.result = result;
        } else if (type === 'Pass') {
          hasResult = state.Output !== undefined;
        }
        output = state.Output !== undefined ? await this.evaluateAll(state.Output, states) : hasResult ? result : input;
        if (type === 'Pass' && hasResult) result = output;
        await this.assign(label, state.Assign, states, undefined, frame, name, 'JSONata');
      }
    } else {
      const effective = this.path(state.InputPath, input, frame, name, 'InputPath');
      const roots = this.roots(effective, frame, name);
      if (type === 'Choice') {
        const choices = Array.isArray(state.Choices) ? (state.Choices as Obj[]) : [];
        const chosen = choices.find((c) => matchRule(c, roots));
        next = chosen ? String(chosen.Next) : typeof state.Default === 'string' ? state.Default : undefined;
        if (!chosen && next === undefined) this.note(`${label}: no Choice rule matched and there is no Default (States.NoChoiceMatched)`);
        await this.assign(label, (chosen?.Assign ?? state.Assign) as unknown, undefined, effective, frame, name, 'JSONPath');
        output = this.path(state.OutputPath, effective, frame, name, 'OutputPath');
      } else if (type === 'Wait' || type === 'Succeed' || type === 'Fail') {
        output = type === 'Fail' ? {} : this.path(state.OutputPath, effective, frame, name, 'OutputPath');
      } else {
        // Map's ItemSelector (or legacy Parameters) applies per item, not to the whole input.
        const params = type !== 'Map' && state.Parameters !== undefined ? this.template(state.Parameters, roots, label) : effective;
        if (type !== 'Map' && state.Parameters !== undefined) this.measure(label, 'parameters', params);
        if (this.exceeded.size > overBefore) this.stop(label);
        if (type === 'Pass') result = state.Result !== undefined ? state.Result : params;
        else {
          const attempt = await this.attempt(label, name, type, state, params, input, frame, lang);
          if ('caught' in attempt) return this.finishCaught(label, inputBytes, attempt.caught);
          result = attempt.result;
        }
        hasResult = true;
        let selected = result;
        if (state.ResultSelector !== undefined) selected = this.template(state.ResultSelector, this.roots(result, frame, name), `${label} ResultSelector`);
        await this.assign(label, state.Assign, undefined, selected, frame, name, 'JSONPath');
        const merged = state.ResultPath === null ? input : writePath(input, state.ResultPath === undefined ? '$' : String(state.ResultPath), selected);
        output = this.path(state.OutputPath, merged, frame, name, 'OutputPath');
      }
    }

    const resultBytes = hasResult ? this.measure(label, 'result', result) : 0;
    const outputBytes = this.measure(label, 'output', output);
    this.record(label, inputBytes, resultBytes, outputBytes);
    if (this.exceeded.size > overBefore) this.stop(label);
    if (type === 'Fail') this.note(`${label}: the execution fails here (${String(state.Error ?? 'Fail')})`);
    return { output, next };
  }

  /**
   * The result of a Task, Map or Parallel, or, when it fails with an error that a Catcher takes,
   * the state's output and next state on that path. Retriers only add a note: an injected error
   * fails every attempt.
   */
  private async attempt(
    label: string,
    name: string,
    type: string,
    state: Obj,
    args: unknown,
    rawInput: unknown,
    frame: Frame,
    lang: 'JSONPath' | 'JSONata',
  ): Promise<{ result: unknown } | { caught: { output: unknown; next: string } }> {
    let failure: TaskError;
    try {
      return { result: await this.produce(label, name, type, state, args, frame, lang) };
    } catch (err) {
      // A Map iteration or Parallel branch that fails fails its state with the same error.
      if (err instanceof StateFailure && (type === 'Map' || type === 'Parallel') && err.error !== 'States.Runtime') failure = new TaskError(err.error, err.errorCause);
      else if (err instanceof TaskError) failure = err;
      else throw err;
    }
    const tries = retries(state, failure.error);
    if (tries) this.note(`${label}: ${failure.error} retried ${tries} time${tries === 1 ? '' : 's'}; every attempt fails the same way`);
    const c = catcher(state, failure.error);
    if (!c || typeof c.Next !== 'string') throw new StateFailure(label, failure.error, failure.errorCause);
    const errorOutput = { Error: failure.error, Cause: failure.errorCause };
    let output: unknown;
    if (lang === 'JSONata') {
      const states: Obj = { input: rawInput, errorOutput, context: this.contextFor(frame, name) };
      output = c.Output !== undefined ? await this.evaluateAll(c.Output, states) : errorOutput;
      await this.assign(label, c.Assign, states, undefined, frame, name, 'JSONata');
    } else {
      await this.assign(label, c.Assign, undefined, errorOutput, frame, name, 'JSONPath');
      output = c.ResultPath === null ? rawInput : writePath(rawInput, c.ResultPath === undefined ? '$' : String(c.ResultPath), errorOutput);
    }
    this.note(`${label}: ${failure.error} caught; the execution goes on at \`${c.Next}\``);
    return { caught: { output, next: c.Next } };
  }

  private finishCaught(label: string, inputBytes: number, caught: { output: unknown; next: string }): { output: unknown; next: string } {
    const overBefore = this.exceeded.size;
    const outputBytes = this.measure(label, 'output', caught.output);
    this.record(label, inputBytes, 0, outputBytes);
    if (this.exceeded.size > overBefore) this.stop(label);
    return caught;
  }

  private stop(label: string): never {
    this.note(`the execution stops at \`${label}\` with States.DataLimitExceeded; later states are not simulated`);
    throw new DataLimitStop(label);
  }

  private async assign(label: string, assign: unknown, states: Obj | undefined, value: unknown, frame: Frame, name: string, lang: 'JSONPath' | 'JSONata') {
    if (!isObj(assign)) return;
    const evaluated = lang === 'JSONata' ? ((await this.evaluateAll(assign, states!)) as Obj) : (this.template(assign, this.roots(value, frame, name), `${label} Assign`) as Obj);
    this.measure(label, 'assign', evaluated);
    // Every variable of one Assign reads the values from before it: set them only afterwards.
    for (const [k, v] of Object.entries(evaluated)) this.variables.set(k, v);
  }

  /** The result of a Task, Map or Parallel given its (already shaped) input. */
  private async produce(label: string, name: string, type: string, state: Obj, args: unknown, frame: Frame, lang: 'JSONPath' | 'JSONata'): Promise<unknown> {
    if ((type === 'Map' || type === 'Parallel') && frame.depth + 1 > this.bounds.nesting) {
      throw new SimulationLimit(`Map and Parallel states nest more than ${this.bounds.nesting} deep here; simulate stops there`);
    }
    if (type === 'Map') return this.map(label, name, state, args, frame, lang);
    if (type === 'Parallel') {
      const branches = Array.isArray(state.Branches) ? (state.Branches as Obj[]) : [];
      const out: unknown[] = [];
      for (let i = 0; i < branches.length; i++) out.push(await this.machine(branches[i], args, { prefix: `${label}/`, map: frame.map, depth: frame.depth + 1 }, lang));
      return out;
    }
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    const isInvoke = LAMBDA_INVOKE.test(resource);
    const injected = this.errors.get(name) ?? this.errors.get(label);
    if (injected) throw new TaskError(injected.error, injected.cause);
    let given = this.results.get(name) ?? this.results.get(label);
    if (given instanceof PerItem) {
      const index = frame.map?.index ?? 0;
      if (index >= given.values.length) this.note(`${label}: the per-item results hold ${given.values.length} values; item ${index} and later take the last one`);
      given = given.values[Math.min(index, given.values.length - 1)];
    }
    let returned: unknown;
    if (given !== undefined) {
      returned = given;
      // A result file that is already a whole envelope is taken as it is.
      if (isInvoke && isObj(given) && 'Payload' in given && 'StatusCode' in given) return given;
    } else {
      returned = isInvoke && isObj(args) && 'Payload' in args ? args.Payload : args;
      this.note(`${label}: no --result given; the task is assumed to return its input${isInvoke ? ' (inside the lambda:invoke envelope)' : ''}`);
    }
    return isInvoke ? lambdaEnvelope(returned) : returned;
  }

  private async map(label: string, name: string, state: Obj, input: unknown, frame: Frame, lang: 'JSONPath' | 'JSONata'): Promise<unknown> {
    let items: unknown;
    const states: Obj = { input, context: this.contextFor(frame, name) };
    if (lang === 'JSONata') items = state.Items !== undefined ? await this.evaluateAll(state.Items, states) : input;
    else items = state.ItemsPath !== undefined ? readPath(String(state.ItemsPath), this.roots(input, frame, name)) : input;
    if (state.ItemReader !== undefined) this.note(`${label}: ItemReader reads items from S3; the sample's items are used instead`);
    if (!Array.isArray(items)) {
      this.note(`${label}: the items are not an array in the sample (States.Runtime); no iterations run`);
      return [];
    }
    const processor = (isObj(state.ItemProcessor) ? state.ItemProcessor : isObj(state.Iterator) ? state.Iterator : undefined) as Obj | undefined;
    if (!processor) throw new SimulationError(`Map \`${name}\` has no ItemProcessor`);
    const selector = state.ItemSelector ?? state.Parameters;
    // ItemSelector shapes each item; ItemBatcher then groups the shaped items into batches.
    let inputs: unknown[] = [];
    for (let index = 0; index < items.length; index++) {
      if (!this.budgetLeft()) break;
      const itemFrame: Frame = { prefix: `${label}/`, map: { index, value: items[index] }, depth: frame.depth + 1 };
      let item: unknown = items[index];
      if (selector !== undefined) {
        item =
          lang === 'JSONata'
            ? await this.evaluateAll(selector, { input, context: this.contextFor(itemFrame, name) })
            : this.template(selector, { input, context: this.contextFor(itemFrame, name), variables: this.variables }, `${label} ItemSelector`);
      }
      inputs.push(item);
    }
    if (isObj(state.ItemBatcher)) {
      const batcher = state.ItemBatcher;
      const roots = this.roots(input, frame, name);
      const batchInput =
        batcher.BatchInput === undefined ? undefined : lang === 'JSONata' ? await this.evaluateAll(batcher.BatchInput, states) : this.template(batcher.BatchInput, roots, `${label} BatchInput`);
      inputs = batchItems(inputs, batchBounds(batcher, (p) => readPath(p, roots)), batchInput);
      this.note(`${label}: ItemBatcher makes ${inputs.length} batch${inputs.length === 1 ? '' : 'es'}; each child execution gets { BatchInput, Items }`);
    }
    const out: unknown[] = [];
    for (let index = 0; index < inputs.length; index++) {
      if (!this.budgetLeft()) break;
      const itemFrame: Frame = { prefix: `${label}/`, map: { index, value: items[index] }, depth: frame.depth + 1 };
      out.push(await this.machine(processor, inputs[index], itemFrame, lang));
    }
    if (!isObj(state.ResultWriter)) return out;
    const writer = state.ResultWriter;
    const args = (isObj(writer.Arguments) ? writer.Arguments : isObj(writer.Parameters) ? writer.Parameters : {}) as Obj;
    const roots = this.roots(input, frame, name);
    const literal = (k: string) => (typeof args[`${k}.$`] === 'string' ? readPath(String(args[`${k}.$`]), roots) : args[k]);
    const written = writerResult(out, writer, inputs, literal('Bucket'), literal('Prefix'));
    if (!Array.isArray(written)) this.note(`${label}: ResultWriter exports the results to S3; the state gets only where they are`);
    return written;
  }
}

/**
 * Runs `input` through `definition`. A definition that names states it lacks throws
 * DefinitionError before anything runs; the simulator's own bounds throw SimulationLimit, naming
 * the state; a state that fails as Step Functions would fail it ends the run with `report.failed`.
 */
export async function simulate(definition: unknown, input: unknown, options: SimulateOptions = {}): Promise<SimulationRun> {
  if (!isObj(definition) || typeof definition.StartAt !== 'string' || !isObj(definition.States)) throw new SimulationError('the definition has no StartAt and States');
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
    if (err instanceof RangeError) throw new SimulationLimit(`the data is nested too deep to simulate (${err.message})`);
    throw err;
  }
  return { report: sim.report(), notes: sim.notes, output };
}

/** Every StartAt, Next, Default and Catch Next must name a state of its own States (Step Functions refuses the definition otherwise). */
function checkTransitions(machine: Obj, prefix: string): void {
  // An explicit stack: Map and Parallel may nest thousands deep in a hostile definition.
  const work: [Obj, string][] = [[machine, prefix]];
  while (work.length) {
    const [m, at] = work.pop()!;
    const states = isObj(m.States) ? m.States : {};
    const has = (n: unknown) => typeof n === 'string' && Object.prototype.hasOwnProperty.call(states, n) && isObj(states[n]);
    const where = at ? ` (in \`${at.slice(0, -1)}\`)` : '';
    if (!has(m.StartAt)) throw new DefinitionError(`StartAt names state \`${String(m.StartAt)}\`, which does not exist${where}`);
    for (const [name, st] of Object.entries(states)) {
      if (!isObj(st)) continue;
      const targets: [string, unknown][] = [];
      if (st.Next !== undefined) targets.push(['Next', st.Next]);
      if (st.Default !== undefined) targets.push(['Default', st.Default]);
      if (Array.isArray(st.Choices)) for (const c of st.Choices) if (isObj(c)) targets.push(['a Choice rule\'s Next', c.Next]);
      if (Array.isArray(st.Catch)) for (const c of st.Catch) if (isObj(c)) targets.push(['a Catch Next', c.Next]);
      for (const [field, target] of targets) {
        if (!has(target)) throw new DefinitionError(`state \`${at}${name}\`: ${field} names state \`${String(target)}\`, which does not exist${where}`);
      }
      for (const k of ['ItemProcessor', 'Iterator']) if (isObj(st[k])) work.push([st[k] as Obj, `${at}${name}/`]);
      if (Array.isArray(st.Branches)) for (const b of st.Branches) if (isObj(b)) work.push([b, `${at}${name}/`]);
    }
  }
}

/** State names of a definition, nested ones included (for checking --result names). */
export function stateNames(definition: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const work: [unknown, string][] = [[definition, prefix]];
  while (work.length) {
    const [d, at] = work.shift()!;
    if (!isObj(d) || !isObj(d.States)) continue;
    for (const [name, s] of Object.entries(d.States)) {
      out.push(name, at + name);
      if (!isObj(s)) continue;
      for (const k of ['ItemProcessor', 'Iterator']) if (isObj(s[k])) work.push([s[k], `${at}${name}/`]);
      if (Array.isArray(s.Branches)) for (const b of s.Branches) work.push([b, `${at}${name}/`]);
    }
  }
  return out;
}
