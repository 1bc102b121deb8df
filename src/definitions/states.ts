// Walking the states of a definition, nested Map and Parallel states included.
import { child, isObject } from '../pointer.js';
import { compactJson } from '../text.js';

type QueryLanguage = 'JSONPath' | 'JSONata';

/** Fields whose value is written into the definition and becomes (part of) the state's data. */
export const LITERAL_FIELDS = ['Result', 'Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output'];

export interface StateVisit {
  name: string;
  state: Record<string, unknown>;
  /** segments inside the definition: ['States', 'Name'] or deeper for nested states */
  segments: string[];
  queryLanguage: QueryLanguage;
}

/** Every state, parents before children (Map ItemProcessor / Iterator, Parallel Branches). */
export function forEachState(definition: unknown, visit: (s: StateVisit) => void): void {
  const walk = (machine: unknown, base: string[], inherited: QueryLanguage) => {
    if (!isObject(machine)) return;
    const lang =
      child(machine, 'QueryLanguage') === 'JSONata'
        ? 'JSONata'
        : child(machine, 'QueryLanguage') === 'JSONPath'
          ? 'JSONPath'
          : inherited;
    const states = child(machine, 'States');
    if (!isObject(states)) return;
    for (const name of Object.keys(states)) {
      const state = states[name];
      if (!isObject(state)) continue;
      const segments = [...base, 'States', name];
      const own =
        state.QueryLanguage === 'JSONata' ? 'JSONata' : state.QueryLanguage === 'JSONPath' ? 'JSONPath' : lang;
      visit({ name, state, segments, queryLanguage: own });
      for (const key of ['ItemProcessor', 'Iterator'])
        if (isObject(state[key])) walk(state[key], [...segments, key], own);
      const branches = state.Branches;
      if (Array.isArray(branches)) branches.forEach((b, i) => walk(b, [...segments, 'Branches', String(i)], own));
    }
  };
  walk(definition, [], 'JSONPath');
}

/** A bare `$states.result` in JSONata (not `$states.result.Items`): the whole task result. */
export const WHOLE_RESULT = /\$states\.result(?![.[\w])/;

/**
 * A JSONPath state keeps its task result whole in its output: no ResultSelector narrows it,
 * ResultPath does not drop it, and no OutputPath filters the output. Any of those may narrow it,
 * so only the plain forms count.
 */
export function jsonPathKeepsResult(state: Record<string, unknown>): boolean {
  if (state.ResultSelector !== undefined || state.ResultPath === null) return false;
  return state.OutputPath === undefined || state.OutputPath === '$';
}

/**
 * Whether a value inside a definition holds parts resolved only at deployment: an intrinsic
 * function (`Ref`, `Fn::GetAtt`...) or a `${placeholder}`. Its measured size is then a lower bound.
 */
export function hasDeployTimeParts(v: unknown): boolean {
  return hasDeployTimeText(compactJson(v) ?? '');
}

/** `hasDeployTimeParts` of a value whose compact JSON is at hand. */
export function hasDeployTimeText(json: string): boolean {
  return /"(Ref|Fn::[A-Za-z]+)":|\$\{(?!!)[^}]*\}/.test(json);
}
