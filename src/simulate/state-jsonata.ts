// A state's data flow under JSONata: Arguments shape the task's input, Output and Assign read
// `$states.input`, `$states.result` and `$states.context` ("Transforming data with JSONata",
// developer guide). A Choice rule's Condition picks the next state; its own Output and Assign win.
import { isObject } from '../pointer.js';
import {
  choiceNext,
  nextOf,
  setVariables,
  stopIfOver,
  type Obj,
  type Runner,
  type StateCall,
  type StateOutcome,
} from './context.js';

/** A JSONata Assign, evaluated against the state's `$states`. */
async function assignJsonata(run: Runner, call: StateCall, assign: unknown, states: Obj): Promise<void> {
  if (!isObject(assign)) return;
  setVariables(run, call.label, (await run.evaluateAll(assign, states)) as Obj);
}

export async function jsonataState(run: Runner, call: StateCall): Promise<StateOutcome> {
  const { name, type, state, input, frame } = call;
  const states: Obj = { input, context: run.contextFor(frame, name) };
  if (type === 'Choice') {
    const choices = Array.isArray(state.Choices) ? (state.Choices as Obj[]) : [];
    let chosen: Obj | undefined;
    for (const c of choices) {
      if ((await run.evaluate(String(c.Condition), states)) === true) {
        chosen = c;
        break;
      }
    }
    const next = choiceNext(run, call, chosen);
    const shape = chosen?.Output !== undefined ? chosen.Output : state.Output;
    const output = shape !== undefined ? await run.evaluateAll(shape, states) : input;
    await assignJsonata(run, call, chosen?.Assign ?? state.Assign, states);
    return { output, next };
  }
  const next = nextOf(state, type);
  let result: { value: unknown } | undefined;
  if (type === 'Task' || type === 'Map' || type === 'Parallel') {
    const args = state.Arguments !== undefined ? await run.evaluateAll(state.Arguments, states) : input;
    if (state.Arguments !== undefined) run.measure(call.label, 'parameters', args);
    stopIfOver(run, call);
    const attempt = await run.attempt(call, args);
    if ('caught' in attempt) return attempt;
    result = { value: attempt.result };
    states.result = attempt.result;
  }
  const output =
    state.Output !== undefined ? await run.evaluateAll(state.Output, states) : result ? result.value : input;
  // A Pass state's Output is its result.
  if (type === 'Pass' && state.Output !== undefined) result = { value: output };
  await assignJsonata(run, call, state.Assign, states);
  return result ? { output, next, result } : { output, next };
}

/** A Catcher's output under JSONata: its Output (or the error output itself), then its Assign. */
export async function jsonataCaught(run: Runner, call: StateCall, catcher: Obj, errorOutput: Obj): Promise<unknown> {
  const states: Obj = { input: call.input, errorOutput, context: run.contextFor(call.frame, call.name) };
  const output = catcher.Output !== undefined ? await run.evaluateAll(catcher.Output, states) : errorOutput;
  await assignJsonata(run, call, catcher.Assign, states);
  return output;
}
