// What a simulation measured: one row per state (the largest input, result and output it saw,
// across Map iterations and loops), the peak, and every value over its limit.
import { STEP_FUNCTIONS_VARIABLE_BYTES } from '../limits.js';
import { compactJsonBytes } from '../text.js';
import type { Where } from './context.js';

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

export class Meter {
  private readonly rows = new Map<string, StateRow>();
  private readonly exceeded = new Map<string, { state: string; bytes: number; where: Where }>();
  private peak = { state: '', bytes: -1 };

  constructor(
    private readonly limit: number,
    private readonly onMeasure?: (state: string, where: Where, value: unknown, bytes: number) => void,
  ) {}

  /** The value's bytes, kept as the peak and as over the limit where they are (variables have their own limit). */
  measure(state: string, where: Where, value: unknown): number {
    const bytes = compactJsonBytes(value);
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

  overLimitCount(): number {
    return this.exceeded.size;
  }

  record(state: string, input: number, result: number, output: number) {
    const row = this.rows.get(state);
    if (!row) this.rows.set(state, { name: state, inputBytes: input, resultBytes: result, outputBytes: output });
    else {
      row.inputBytes = Math.max(row.inputBytes, input);
      row.resultBytes = Math.max(row.resultBytes, result);
      row.outputBytes = Math.max(row.outputBytes, output);
    }
  }

  report(failed?: SimulationReport['failed']): SimulationReport {
    return {
      states: [...this.rows.values()],
      peak: this.peak.bytes < 0 ? { state: '', bytes: 0 } : this.peak,
      exceeded: [...this.exceeded.values()],
      ...(failed ? { failed } : {}),
    };
  }
}
