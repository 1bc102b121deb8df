// Where a task's result goes, followed far enough to see whether a later Distributed Map iterates
// a list in it. A Lambda function's return value has no size the definition bounds, but most are
// small objects, and many lists an inline Map iterates are small and fixed (regions, batch ids):
// the definition shows a list that grows with the run when a Distributed Map, built for large item
// counts, reads it from the state data through ItemsPath / Items. Only plain paths (`$.a.b`, `{% $states.result.a %}`)
// are followed; anything else (filters, slices, functions) stops the trail, and the rule stays silent.
import { child } from '../pointer.js';
import { isObject } from '../pointer.js';
import { forEachState, type StateVisit } from './states.js';

type Path = readonly string[];

/** A part of the task's value (`from`, inside it) found at `at` in a state's output or in a variable. */
interface Landing {
  from: Path;
  at: Path;
  variable?: string;
}

export interface ListEvidence {
  /** the Distributed Map state that iterates the list */
  map: string;
  /** where the list is kept while it flows: the state output or a variable */
  where: 'its output' | 'a variable';
}

const PLAIN = /^\$((?:\.[A-Za-z_][\w-]*)*)$/;
const VARIABLE = /^\$([A-Za-z_]\w*)((?:\.[A-Za-z_][\w-]*)*)$/;
const EXPRESSION = /^\{%\s*(\$[\w.$-]*)\s*%\}$/;
const MAX_STATES = 50;

/** `$` or `$.a.b` as segments; undefined for anything else (filters, `$$`, variables). */
function plainPath(p: unknown): Path | undefined {
  const m = typeof p === 'string' ? PLAIN.exec(p.trim()) : null;
  return m ? m[1].split('.').filter(Boolean) : undefined;
}

/** `$name.a.b` (a JSONPath or JSONata variable reference) as the variable and its segments. */
function variablePath(p: string): { variable: string; at: Path } | undefined {
  const m = VARIABLE.exec(p.trim());
  return m && m[1] !== 'states' ? { variable: m[1], at: m[2].split('.').filter(Boolean) } : undefined;
}

/** `{% $states.<root>.a.b %}` as segments under that root. */
function statesPath(v: unknown, root: 'result' | 'input'): Path | undefined {
  const m = typeof v === 'string' ? EXPRESSION.exec(v.trim()) : null;
  const parts = m ? m[1].split('.') : [];
  return parts[0] === '$states' && parts[1] === root && parts.slice(2).every((s) => /^[A-Za-z_][\w-]*$/.test(s))
    ? parts.slice(2)
    : undefined;
}

const startsWith = (p: Path, prefix: Path) => prefix.length <= p.length && prefix.every((s, i) => p[i] === s);

/** The landings after a value holding `landings` is read at `path` and put at `to`. */
function select(landings: readonly Landing[], path: Path, to: Path, variable?: string): Landing[] {
  const out: Landing[] = [];
  for (const l of landings) {
    if (startsWith(l.at, path))
      out.push({ from: l.from, at: [...to, ...l.at.slice(path.length)], ...(variable ? { variable } : {}) });
    else if (startsWith(path, l.at))
      out.push({ from: [...l.from, ...path.slice(l.at.length)], at: to, ...(variable ? { variable } : {}) });
  }
  return out;
}

/** A payload template's top-level `key.$` / `{% %}` fields that read plain paths of `landings`. */
function templateLandings(
  template: unknown,
  landings: readonly Landing[],
  lang: StateVisit['queryLanguage'],
  asVariables: boolean,
): Landing[] {
  if (!isObject(template)) return [];
  const out: Landing[] = [];
  for (const [k, v] of Object.entries(template)) {
    const key = lang === 'JSONPath' ? (k.endsWith('.$') ? k.slice(0, -2) : undefined) : k;
    const path = lang === 'JSONPath' ? plainPath(v) : statesPath(v, 'result');
    if (key === undefined || path === undefined) continue;
    out.push(...select(landings, path, asVariables ? [] : [key], asVariables ? key : undefined));
  }
  return out;
}

/** Where the task value (at `valueAt` in the raw result) lands in the state's output and variables. */
function taskLandings(v: StateVisit, valueAt: Path): Landing[] {
  const s = v.state;
  const result: Landing[] = [{ from: [], at: valueAt }];
  if (v.queryLanguage === 'JSONata') {
    const variables = templateLandings(s.Assign, result, 'JSONata', true);
    if (s.Output === undefined) return [...result, ...variables];
    const whole = statesPath(s.Output, 'result');
    const output = whole ? select(result, whole, []) : templateLandings(s.Output, result, 'JSONata', false);
    return [...output, ...variables];
  }
  const selected =
    s.ResultSelector === undefined ? result : templateLandings(s.ResultSelector, result, 'JSONPath', false);
  const variables = templateLandings(s.Assign, selected, 'JSONPath', true);
  if (s.ResultPath === null) return variables;
  const resultPath = s.ResultPath === undefined ? [] : plainPath(s.ResultPath);
  if (!resultPath) return variables;
  let output: Landing[] = selected.map((l) => ({ ...l, at: [...resultPath, ...l.at] }));
  if (s.OutputPath !== undefined) {
    const outputPath = plainPath(s.OutputPath);
    output = outputPath ? select(output, outputPath, []) : [];
  }
  return [...output, ...variables];
}

/** The list path a Map iterates: into its input, or into a variable. */
function itemsOf(
  state: Record<string, unknown>,
  lang: StateVisit['queryLanguage'],
): { at: Path; variable?: string } | undefined {
  if (state.ItemReader !== undefined) return undefined;
  if (lang === 'JSONata') {
    if (state.Items === undefined) return { at: [] };
    const input = statesPath(state.Items, 'input');
    if (input) return { at: input };
    const m = typeof state.Items === 'string' ? EXPRESSION.exec(state.Items.trim()) : null;
    return m ? variablePath(m[1]) : undefined;
  }
  const inputPath = state.InputPath === undefined ? [] : plainPath(state.InputPath);
  if (!inputPath) return undefined;
  if (state.ItemsPath === undefined) return { at: inputPath };
  const items = plainPath(state.ItemsPath);
  if (items) return { at: [...inputPath, ...items] };
  return typeof state.ItemsPath === 'string' ? variablePath(state.ItemsPath) : undefined;
}

/** Whether a state hands its input on unchanged at `landings` (and so the list may reach a later Map). */
function passesOn(
  state: Record<string, unknown>,
  lang: StateVisit['queryLanguage'],
  landings: readonly Landing[],
): boolean {
  const type = state.Type;
  if (lang === 'JSONata')
    return (type === 'Choice' || type === 'Wait' || type === 'Pass') && state.Output === undefined;
  if (state.InputPath !== undefined && state.InputPath !== '$') return false;
  if (state.OutputPath !== undefined && state.OutputPath !== '$') return false;
  if (type === 'Choice' || type === 'Wait') return true;
  if (
    type === 'Pass' &&
    state.Parameters === undefined &&
    state.Result === undefined &&
    (state.ResultPath === undefined || state.ResultPath === '$')
  )
    return true;
  if (type !== 'Pass' && type !== 'Task' && type !== 'Parallel' && type !== 'Map') return false;
  if (state.ResultPath === null) return true;
  // A result written beside the list, not over it.
  const to = plainPath(state.ResultPath);
  return !!to && to.length > 0 && landings.every((l) => !startsWith(l.at, to) && !startsWith(to, l.at));
}

/**
 * A Distributed Map: chosen for item counts past what an inline Map runs, so the list it iterates
 * is expected to grow, and it could read the list from S3 (ItemReader) instead of the state data.
 * An inline Map over a function's list is often a small, fixed list: not evidence enough.
 */
function isDistributed(state: Record<string, unknown>): boolean {
  const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : undefined;
  return isObject(processor?.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED';
}

/**
 * Whether any state of the definition, at any depth, is a Distributed Map. Without one no task's
 * list is iterated later, and listIteratedLater need not follow each task (up to MAX_STATES states
 * each, most of the rule's time on a long chain of lambda:invoke tasks).
 */
export function hasDistributedMap(definition: unknown): boolean {
  let found = false;
  forEachState(definition, ({ state }) => {
    if (!found && state.Type === 'Map' && isDistributed(state)) found = true;
  });
  return found;
}

/**
 * Whether a Choice reads a page token from the task's value (`$.listing.NextToken`): the machine
 * loops over pages whose size the function chooses, which the definition cannot show.
 */
function readsPageToken(
  states: Record<string, unknown>,
  landings: readonly Landing[],
  pagedBy: readonly string[],
): boolean {
  if (!pagedBy.length) return false;
  const tokens = pagedBy.map((t) => t.toLowerCase());
  const prefixes = landings.map((l) =>
    (l.variable ? `$${[l.variable, ...l.at].join('.')}` : ['$', ...l.at].join('.')).toLowerCase(),
  );
  for (const state of Object.values(states)) {
    if (!isObject(state) || state.Type !== 'Choice') continue;
    const text = JSON.stringify(state.Choices ?? []).toLowerCase();
    if (
      prefixes.some((p) =>
        tokens.some((t) => text.includes(`${p}.${t}`) || text.includes(`${p.replace(/^\$\./, '$states.input.')}.${t}`)),
      )
    )
      return true;
  }
  return false;
}

function nextStates(state: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof state.Next === 'string') out.push(state.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  if (Array.isArray(state.Choices))
    for (const c of state.Choices) if (isObject(c) && typeof c.Next === 'string') out.push(c.Next);
  return out;
}

/**
 * The Distributed Map that iterates a list held in the task's value (found at `valueAt` of its raw
 * result: `['Payload']` for lambda:invoke), following the states after it that hand their input on.
 */
export function listIteratedLater(
  definition: unknown,
  v: StateVisit,
  valueAt: Path,
  pagedBy: readonly string[] = [],
): ListEvidence | undefined {
  const states = v.segments.slice(0, -1).reduce<unknown>((node, seg) => child(node, seg), definition);
  if (!isObject(states)) return undefined;
  const start = taskLandings(v, valueAt);
  if (!start.length) return undefined;
  const work: { name: string; landings: Landing[] }[] = nextStates(v.state).map((name) => ({ name, landings: start }));
  const seen = new Set<string>();
  while (work.length && seen.size < MAX_STATES) {
    const { name, landings } = work.shift()!;
    const state = child(states, name);
    if (seen.has(name) || !isObject(state)) continue;
    seen.add(name);
    const own =
      state.QueryLanguage === 'JSONata' ? 'JSONata' : state.QueryLanguage === 'JSONPath' ? 'JSONPath' : v.queryLanguage;
    if (state.Type === 'Map' && isDistributed(state)) {
      const items = itemsOf(state, own);
      const hit = items && landings.find((l) => l.variable === items.variable && startsWith(items.at, l.at));
      if (hit)
        return readsPageToken(states, start, pagedBy)
          ? undefined
          : { map: name, where: hit.variable ? 'a variable' : 'its output' };
    }
    // Variables live on until an Assign sets them again; output landings only through pass-on states.
    const assigned = isObject(state.Assign)
      ? new Set(Object.keys(state.Assign).map((k) => k.replace(/\.\$$/, '')))
      : new Set<string>();
    const variables = landings.filter((l) => l.variable && !assigned.has(l.variable));
    const outputs = landings.filter((l) => !l.variable);
    const kept = [...variables, ...(passesOn(state, own, outputs) ? outputs : [])];
    if (kept.length) for (const n of nextStates(state)) work.push({ name: n, landings: kept });
  }
  return undefined;
}
