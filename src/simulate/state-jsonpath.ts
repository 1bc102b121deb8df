// A state's data flow under JSONPath, in the order Step Functions applies it: InputPath,
// Parameters, the task, ResultSelector, Assign, ResultPath, OutputPath ("Processing input and
// output", developer guide). `key.$` fields of a payload template take a path or an intrinsic.
import { isObject, setOwn } from '../pointer.js';
import { matchRule } from './choice.js';
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
import { textOf } from '../text.js';
import { evalIntrinsic, isIntrinsic } from './intrinsics.js';
import { PathError, readPath, writePath, type PathRoots } from './jsonpath.js';

/** A JSONPath payload template filled from `roots`; a path that matches nothing is left out, with a note. */
export function template(run: Runner, v: unknown, roots: PathRoots, where: string): unknown {
  if (Array.isArray(v)) return v.map((x) => template(run, x, roots, where));
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.endsWith('.$') && typeof x === 'string') {
      const key = k.slice(0, -2);
      let value: unknown;
      try {
        value = isIntrinsic(x) ? evalIntrinsic(x, roots, run) : readPath(x, roots);
      } catch (err) {
        if (!(err instanceof PathError) && !(err instanceof SyntaxError)) throw err;
        run.note(`${where}: \`${k}\`: ${err.message}; left out`);
        continue;
      }
      if (value === undefined) {
        run.note(
          `${where}: \`${x}\` matched nothing in the sample (Step Functions fails the state with States.Runtime); left out`,
        );
        continue;
      }
      setOwn(out, key, value);
    } else setOwn(out, k, template(run, x, roots, where));
  }
  return out;
}

/** InputPath or OutputPath applied to `value`: null gives `{}`, `$` or none the value itself. */
function path(run: Runner, call: StateCall, p: unknown, value: unknown, field: string): unknown {
  if (p === null) return {};
  if (p === undefined || p === '$') return value;
  const found = readPath(textOf(p), run.roots(value, call.frame, call.name));
  if (found === undefined) run.note(`${call.name}: ${field} \`${textOf(p)}\` matched nothing in the sample`);
  return found ?? {};
}

/** A JSONPath Assign, its paths read from `value` (the effective input, the selected result or the error output). */
function assignJsonPath(run: Runner, call: StateCall, assign: unknown, value: unknown): void {
  if (!isObject(assign)) return;
  setVariables(
    run,
    call.label,
    template(run, assign, run.roots(value, call.frame, call.name), `${call.label} Assign`) as Obj,
  );
}

export async function jsonPathState(run: Runner, call: StateCall): Promise<StateOutcome> {
  const { name, label, type, state, input, frame } = call;
  const effective = path(run, call, state.InputPath, input, 'InputPath');
  const roots = run.roots(effective, frame, name);
  if (type === 'Choice') {
    const choices = Array.isArray(state.Choices) ? (state.Choices as Obj[]) : [];
    const chosen = choices.find((c) => matchRule(c, roots));
    const next = choiceNext(run, call, chosen);
    assignJsonPath(run, call, chosen?.Assign ?? state.Assign, effective);
    return { output: path(run, call, state.OutputPath, effective, 'OutputPath'), next };
  }
  const next = nextOf(state, type);
  if (type === 'Wait' || type === 'Succeed' || type === 'Fail') {
    return { output: type === 'Fail' ? {} : path(run, call, state.OutputPath, effective, 'OutputPath'), next };
  }
  // Map's ItemSelector (or legacy Parameters) applies per item, not to the whole input.
  const shaped = type !== 'Map' && state.Parameters !== undefined;
  const params = shaped ? template(run, state.Parameters, roots, label) : effective;
  if (shaped) run.measure(label, 'parameters', params);
  stopIfOver(run, call);
  let result: unknown;
  if (type === 'Pass') result = state.Result !== undefined ? state.Result : params;
  else {
    const attempt = await run.attempt(call, params);
    if ('caught' in attempt) return attempt;
    result = attempt.result;
  }
  const selected =
    state.ResultSelector !== undefined
      ? template(run, state.ResultSelector, run.roots(result, frame, name), `${label} ResultSelector`)
      : result;
  assignJsonPath(run, call, state.Assign, selected);
  const merged =
    state.ResultPath === null
      ? input
      : writePath(input, state.ResultPath === undefined ? '$' : textOf(state.ResultPath), selected);
  return { output: path(run, call, state.OutputPath, merged, 'OutputPath'), next, result: { value: result } };
}

/** A Catcher's output under JSONPath: its Assign reads the error output, ResultPath puts it into the raw input. */
export function jsonPathCaught(run: Runner, call: StateCall, catcher: Obj, errorOutput: Obj): unknown {
  assignJsonPath(run, call, catcher.Assign, errorOutput);
  return catcher.ResultPath === null
    ? call.input
    : writePath(call.input, catcher.ResultPath === undefined ? '$' : textOf(catcher.ResultPath), errorOutput);
}
