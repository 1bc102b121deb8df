// `payload-guard simulate DEFINITION --input INPUT.json [--result STATE=FILE ...] [--format json]`.
// Exit 0 when every state fits, 1 when one passes the limit or a state fails (States.Runtime, ...);
// usage problems, definitions naming missing states and simulate's own bounds are thrown as LoadError.
import path from 'node:path';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../limits.js';
import { LoadError, loadDefinitions, readJsonFile } from './load.js';
import { renderJson, renderTable } from './render.js';
import { DefinitionError, SimulationLimit } from './bounds.js';
import { simulate } from './run.js';
import { PerItem } from './task.js';
import { stateNames } from './transitions.js';
import { readRegularFile } from '../io/files.js';

export { LoadError };

export interface SimulateArgs {
  definition: string;
  input: string;
  result?: string[];
  error?: string[];
  machine?: string;
  format: 'table' | 'json';
}

export async function runSimulate(args: SimulateArgs, write: (s: string) => void, cwd: string): Promise<number> {
  const found = await loadDefinitions(path.resolve(cwd, args.definition), cwd);
  if (!found.length)
    throw new LoadError(
      `${args.definition}: no Step Functions definition found (an ASL file, or a template with Definition, DefinitionString or a local DefinitionUri).`,
    );
  let chosen = found[0];
  if (args.machine) {
    const m = found.find((d) => d.name === args.machine);
    if (!m)
      throw new LoadError(
        `${args.definition}: no state machine named '${args.machine}'; found ${found.map((d) => `'${d.name}'`).join(', ')}.`,
      );
    chosen = m;
  } else if (found.length > 1) {
    throw new LoadError(
      `${args.definition} holds ${found.length} state machines (${found.map((d) => `'${d.name}'`).join(', ')}); pick one with --machine.`,
    );
  }
  const input = await readJsonFile(path.resolve(cwd, args.input), 'input');
  const names = new Set(stateNames(chosen.value));
  const results = new Map<string, unknown>();
  for (const spec of args.result ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new LoadError(`--result '${spec}' must be STATE=FILE or 'STATE[*]=FILE'.`);
    const perItem = spec.slice(0, eq).endsWith('[*]');
    const state = perItem ? spec.slice(0, eq - 3) : spec.slice(0, eq);
    if (!names.has(state)) throw new LoadError(`--result names state '${state}', which the definition does not have.`);
    const file = path.resolve(cwd, spec.slice(eq + 1));
    results.set(
      state,
      perItem ? new PerItem(await readPerItem(file, state)) : await readJsonFile(file, `result for ${state}`),
    );
  }
  const errors = new Map<string, { error: string; cause: string }>();
  for (const spec of args.error ?? []) {
    const m = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(spec);
    if (!m) throw new LoadError(`--error '${spec}' must be STATE=ErrorName or STATE=ErrorName:CAUSE_FILE.`);
    if (!names.has(m[1])) throw new LoadError(`--error names state '${m[1]}', which the definition does not have.`);
    let cause = '';
    if (m[3]) {
      const read = await readRegularFile(path.resolve(cwd, m[3]));
      if (!read.ok) throw new LoadError(`cause for ${m[1]} ${m[3]}: ${read.detail}`);
      cause = read.bytes.toString('utf8');
    }
    errors.set(m[1], { error: m[2], cause });
  }
  let run;
  try {
    run = await simulate(chosen.value, input, { results, errors, limitBytes: STEP_FUNCTIONS_PAYLOAD_BYTES });
  } catch (err) {
    // Both end the command with one line and exit 2: the definition cannot run, or simulate's own
    // bounds (time, nesting) stopped it; neither is a finding about the data.
    if (err instanceof DefinitionError) throw new LoadError(`${args.definition}: ${err.message}.`);
    if (err instanceof SimulationLimit) throw new LoadError(`${args.definition}: simulate stopped: ${err.message}.`);
    throw err;
  }
  if (chosen.lowerBound) run.notes.push('the definition has parts known only at deployment; they were stood in');
  const header = `Simulated \`${chosen.name}\` (${chosen.source.split(path.sep).join('/')}) with ${args.input}`;
  write(args.format === 'json' ? renderJson(run) : renderTable(run, STEP_FUNCTIONS_PAYLOAD_BYTES, header));
  return run.report.exceeded.length || run.report.failed ? 1 : 0;
}

/** Per-item results: a JSON array (item i takes element i), or JSON Lines (one result a line). */
async function readPerItem(file: string, state: string): Promise<unknown[]> {
  const read = await readRegularFile(file);
  if (!read.ok) throw new LoadError(`results for ${state}[*] ${file}: ${read.detail}`);
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const whole = JSON.parse(text) as unknown;
    if (Array.isArray(whole)) return whole as unknown[];
  } catch {
    // not one JSON document: JSON Lines
  }
  const values: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    try {
      values.push(JSON.parse(lines[i]));
    } catch (err) {
      throw new LoadError(
        `results for ${state}[*] ${file}:${i + 1}: not a JSON array, and line ${i + 1} is not JSON (${(err as Error).message}).`,
      );
    }
  }
  if (!values.length)
    throw new LoadError(`results for ${state}[*] ${file}: no results in it (a JSON array, or one JSON value a line).`);
  return values;
}
