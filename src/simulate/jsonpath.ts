// The JSONPath that Step Functions accepts in InputPath, OutputPath, ItemsPath, `.$` fields and
// Choice variables: `$`, `$$` (context), `$name` (a variable), `.key`, `['key']`, `[0]`, `[*]`,
// `[1:3]` and `..key`. Reference paths (ResultPath) are the subset without wildcards.

export class PathError extends Error {}

type Step =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'slice'; from?: number; to?: number }
  | { kind: 'deep'; key: string };

export interface PathRoots {
  input: unknown;
  context: unknown;
  variables: ReadonlyMap<string, unknown>;
}

function parsePath(path: string): { root: '$' | '$$' | { variable: string }; steps: Step[] } {
  let i: number;
  let root: '$' | '$$' | { variable: string };
  if (path.startsWith('$$')) {
    root = '$$';
    i = 2;
  } else if (/^\$[A-Za-z_]/.test(path)) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path)!;
    root = { variable: m[1] };
    i = m[0].length;
  } else if (path.startsWith('$')) {
    root = '$';
    i = 1;
  } else throw new PathError(`\`${path}\` is not a path (it must start with $)`);
  const steps: Step[] = [];
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      const m = /^\.\.([A-Za-z0-9_$@-]+)/.exec(path.slice(i));
      if (!m) throw new PathError(`unsupported path \`${path}\``);
      steps.push({ kind: 'deep', key: m[1] });
      i += m[0].length;
    } else if (path[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(path.slice(i));
      if (!m) throw new PathError(`unsupported path \`${path}\``);
      steps.push(m[1] === '*' ? { kind: 'all' } : { kind: 'key', key: m[1] });
      i += m[0].length;
    } else if (path[i] === '[') {
      const rest = path.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(rest)) || (m = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest)))
        steps.push({ kind: 'key', key: m[1].replace(/\\(.)/g, '$1') });
      else if ((m = /^\[\s*(-?\d+)\s*\]/.exec(rest))) steps.push({ kind: 'index', index: Number(m[1]) });
      else if ((m = /^\[\s*\*\s*\]/.exec(rest))) steps.push({ kind: 'all' });
      else if ((m = /^\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]/.exec(rest)))
        steps.push({ kind: 'slice', from: m[1] ? Number(m[1]) : undefined, to: m[2] ? Number(m[2]) : undefined });
      else throw new PathError(`unsupported path \`${path}\` (filters are not simulated)`);
      i += m[0].length;
    } else throw new PathError(`unsupported path \`${path}\``);
  }
  return { root, steps };
}

const own = (o: unknown, k: string) =>
  o !== null && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k);

/** The value at a path; undefined when it matches nothing. Wildcards give arrays. */
export function readPath(path: string, roots: PathRoots): unknown {
  const { root, steps } = parsePath(path);
  let start: unknown;
  if (root === '$') start = roots.input;
  else if (root === '$$') start = roots.context;
  else {
    if (!roots.variables.has(root.variable)) throw new PathError(`variable \`$${root.variable}\` is not assigned`);
    start = roots.variables.get(root.variable);
  }
  let nodes: unknown[] = [start];
  let multi = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const n of nodes) {
      if (step.kind === 'key') {
        if (own(n, step.key)) next.push((n as Record<string, unknown>)[step.key]);
      } else if (step.kind === 'index') {
        if (Array.isArray(n)) {
          const idx = step.index < 0 ? n.length + step.index : step.index;
          if (idx >= 0 && idx < n.length) next.push(n[idx]);
        }
      } else if (step.kind === 'all') {
        multi = true;
        // Loops, not spreads: an array of a million items would overflow the argument stack.
        if (Array.isArray(n)) for (const x of n) next.push(x);
        else if (n !== null && typeof n === 'object') for (const x of Object.values(n)) next.push(x);
      } else if (step.kind === 'slice') {
        multi = true;
        if (Array.isArray(n)) for (const x of n.slice(step.from, step.to)) next.push(x);
      } else {
        multi = true;
        const stack = [n];
        while (stack.length) {
          const x = stack.pop();
          if (x === null || typeof x !== 'object') continue;
          if (own(x, step.key)) next.push((x as Record<string, unknown>)[step.key]);
          const kids = Array.isArray(x) ? x : Object.values(x);
          for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
        }
      }
    }
    nodes = next;
  }
  return multi ? nodes : nodes[0];
}

/** ResultPath: a copy of `target` with `value` written at a reference path (`$` replaces it all). */
export function writePath(target: unknown, path: string, value: unknown): unknown {
  const { root, steps } = parsePath(path);
  if (root !== '$') throw new PathError(`ResultPath \`${path}\` must start with $`);
  if (steps.length === 0) return value;
  const copy = (v: unknown): Record<string, unknown> | unknown[] =>
    Array.isArray(v)
      ? [...(v as unknown[])]
      : v !== null && typeof v === 'object'
        ? { ...(v as Record<string, unknown>) }
        : {};
  const top = copy(target);
  let node: Record<string, unknown> | unknown[] = top;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    if (step.kind === 'key' && !Array.isArray(node)) {
      if (last) node[step.key] = value;
      else node = node[step.key] = copy(node[step.key]);
    } else if (step.kind === 'index' && Array.isArray(node)) {
      if (last) node[step.index] = value;
      else node = node[step.index] = copy(node[step.index]);
    } else throw new PathError(`ResultPath \`${path}\` must be a reference path (keys and indexes only)`);
  });
  return top;
}
