// A real Simulator and the context object for one state, so each piece of the simulator (the
// JSONPath and JSONata handlers, Map, task results) is tested on its own.
import type { QueryLanguage, StateCall } from '../../src/simulate/context.js';
import { Simulator, type SimulateOptions } from '../../src/simulate/run.js';

export function stateCall(
  sim: Simulator,
  state: Record<string, unknown>,
  input: unknown,
  lang: QueryLanguage,
  name = 'S',
  map?: { index: number; value: unknown },
): StateCall {
  return {
    name,
    label: name,
    type: String(state.Type),
    state,
    input,
    frame: { prefix: '', depth: 0, ...(map ? { map } : {}) },
    lang,
    inputBytes: 0,
    overBefore: sim.overLimitCount(),
  };
}

export function simulator(options: SimulateOptions = {}, executionInput: unknown = {}): Simulator {
  return new Simulator(executionInput, options);
}
