// The shape of a definition before anything runs: the targets every transition names, and the
// state names `--result` and `--error` may use.
import { isObject } from '../pointer.js';
import { DefinitionError } from './bounds.js';
import type { Obj } from './context.js';

/** Every StartAt, Next, Default and Catch Next must name a state of its own States (Step Functions refuses the definition otherwise). */
export function checkTransitions(machine: Obj, prefix: string): void {
  // An explicit stack: Map and Parallel may nest thousands deep in a hostile definition.
  const work: [Obj, string][] = [[machine, prefix]];
  while (work.length) {
    const [m, at] = work.pop()!;
    const states = isObject(m.States) ? m.States : {};
    const has = (n: unknown) =>
      typeof n === 'string' && Object.prototype.hasOwnProperty.call(states, n) && isObject(states[n]);
    const where = at ? ` (in \`${at.slice(0, -1)}\`)` : '';
    if (!has(m.StartAt))
      throw new DefinitionError(`StartAt names state \`${String(m.StartAt)}\`, which does not exist${where}`);
    for (const [name, st] of Object.entries(states)) {
      if (!isObject(st)) continue;
      const targets: [string, unknown][] = [];
      if (st.Next !== undefined) targets.push(['Next', st.Next]);
      if (st.Default !== undefined) targets.push(['Default', st.Default]);
      if (Array.isArray(st.Choices))
        for (const c of st.Choices) if (isObject(c)) targets.push(["a Choice rule's Next", c.Next]);
      if (Array.isArray(st.Catch)) for (const c of st.Catch) if (isObject(c)) targets.push(['a Catch Next', c.Next]);
      for (const [field, target] of targets) {
        if (!has(target))
          throw new DefinitionError(
            `state \`${at}${name}\`: ${field} names state \`${String(target)}\`, which does not exist${where}`,
          );
      }
      for (const k of ['ItemProcessor', 'Iterator']) if (isObject(st[k])) work.push([st[k], `${at}${name}/`]);
      if (Array.isArray(st.Branches)) for (const b of st.Branches) if (isObject(b)) work.push([b, `${at}${name}/`]);
    }
  }
}

/** State names of a definition, nested ones included (for checking --result names). */
export function stateNames(definition: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const work: [unknown, string][] = [[definition, prefix]];
  while (work.length) {
    const [d, at] = work.shift()!;
    if (!isObject(d) || !isObject(d.States)) continue;
    for (const [name, s] of Object.entries(d.States)) {
      out.push(name, at + name);
      if (!isObject(s)) continue;
      for (const k of ['ItemProcessor', 'Iterator']) if (isObject(s[k])) work.push([s[k], `${at}${name}/`]);
      if (Array.isArray(s.Branches)) for (const b of s.Branches) work.push([b, `${at}${name}/`]);
    }
  }
  return out;
}
