// JSONata states: `{% expression %}` strings anywhere in Arguments, Output, Assign, Items,
// ItemSelector and Choice Condition. The jsonata package is imported on first use only.
type Jsonata = typeof import('jsonata');
let loaded: Promise<Jsonata> | undefined;

async function engine(): Promise<Jsonata> {
  loaded ??= import('jsonata').then((m) => ((m as unknown as { default?: Jsonata }).default ?? m) as Jsonata);
  return loaded;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && EXPRESSION.test(v.trim());
}

export async function evaluateExpression(text: string, states: Record<string, unknown>, variables: ReadonlyMap<string, unknown>): Promise<unknown> {
  const jsonata = await engine();
  const m = EXPRESSION.exec(text.trim());
  const expr = jsonata(m ? m[1] : text);
  const bindings: Record<string, unknown> = Object.fromEntries(variables);
  bindings.states = states;
  const out = await expr.evaluate({}, bindings);
  // jsonata marks sequences with a property; plain JSON is what Step Functions passes on.
  return out === undefined ? null : JSON.parse(JSON.stringify(out));
}

/** Evaluate every `{% %}` string inside a template value (objects and arrays are walked). */
export async function evaluateTemplate(v: unknown, states: Record<string, unknown>, variables: ReadonlyMap<string, unknown>): Promise<unknown> {
  if (isExpression(v)) return evaluateExpression(v, states, variables);
  if (Array.isArray(v)) return Promise.all(v.map((x) => evaluateTemplate(x, states, variables)));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await evaluateTemplate(x, states, variables);
    return out;
  }
  return v;
}
