// Visiting the strings of a document. While shallow the walk recurses with one shared path (no
// allocation per node: on a 100,000-record file the garbage, not the walk, was the cost); deeper
// than MAX_RECURSION it continues with an explicit stack, so no nesting exhausts the JS stack.
// Paths become arrays only for strings worth reporting.

export interface StringVisit {
  value: string;
  key: string | undefined;
  /** the object or array holding the string */
  container: object | undefined;
  /** the string's pointer segments (call during the visit) */
  path(): string[];
  /** The ancestor containers, nearest first, with the key each holds the next one under. */
  ancestors(): { key: string; container: object }[];
  /** The nearest of them (`ancestors()[0]`) without building the others. */
  parent(): { key: string; container: object } | undefined;
}

const MAX_RECURSION = 1000;

export function visitStrings(root: unknown, minChars: number, visit: (s: StringVisit) => void): void {
  if (typeof root === 'string') {
    if (root.length >= minChars) visit(makeVisit(root, [], []));
    return;
  }
  if (root === null || typeof root !== 'object') return;
  // keys[i] is the key under which containers[i] holds the next level (or the string); array
  // indexes stay numbers until a path is asked for (a string per element was most of the garbage).
  const keys: (string | number)[] = [];
  const containers: object[] = [];
  const member = (node: object, key: string | number, v: unknown, depth: number) => {
    if (typeof v === 'string') {
      if (v.length < minChars) return;
      keys.push(key);
      containers.push(node);
      visit(makeVisit(v, keys, containers));
      keys.pop();
      containers.pop();
    } else if (v !== null && typeof v === 'object') {
      keys.push(key);
      containers.push(node);
      walk(v, depth + 1);
      keys.pop();
      containers.pop();
    }
  };
  const walk = (node: object, depth: number): void => {
    if (depth > MAX_RECURSION) {
      walkIterative(node, keys, containers, minChars, visit);
      return;
    }
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) member(node, i, node[i], depth);
    else
      for (const k in node)
        if (Object.prototype.hasOwnProperty.call(node, k)) member(node, k, (node as Record<string, unknown>)[k], depth);
  };
  walk(root, 0);
}

/** The same visit for a deep subtree, below the path already in `keys` / `containers`. */
function walkIterative(
  root: object,
  baseKeys: readonly (string | number)[],
  baseContainers: readonly object[],
  minChars: number,
  visit: (s: StringVisit) => void,
): void {
  interface Link {
    parent: Link | undefined;
    key: string;
    container: object;
  }
  const unwind = (link: Link | undefined) => {
    const keys: string[] = [];
    const containers: object[] = [];
    for (let l = link; l; l = l.parent) {
      keys.push(l.key);
      containers.push(l.container);
    }
    return {
      keys: [...baseKeys.map(String), ...keys.reverse()],
      containers: [...baseContainers, ...containers.reverse()],
    };
  };
  const stack: { node: object; link: Link | undefined }[] = [{ node: root, link: undefined }];
  while (stack.length) {
    const { node, link } = stack.pop()!;
    const each = (key: string, v: unknown) => {
      if (typeof v === 'string') {
        if (v.length < minChars) return;
        // The path is as long as the nesting: built only if the visitor asks for it, so a deep
        // document with many strings stays linear.
        const here: Link = { parent: link, key, container: node };
        let path: { keys: string[]; containers: object[] } | undefined;
        const full = () => (path ??= unwind(here));
        visit({
          value: v,
          key,
          container: node,
          path: () => [...full().keys],
          ancestors: () => makeVisit(v, full().keys, full().containers).ancestors(),
          parent: () => (link ? { key: link.key, container: link.container } : baseParent(baseKeys, baseContainers)),
        });
      } else if (v !== null && typeof v === 'object') {
        stack.push({ node: v, link: { parent: link, key, container: node } });
      }
    };
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) each(String(i), node[i]);
    else {
      const ks = Object.keys(node);
      for (let i = ks.length - 1; i >= 0; i--) each(ks[i], (node as Record<string, unknown>)[ks[i]]);
    }
  }
}

/** The container holding `containers[n - 1]`, as ancestors()[0] gives it. */
function baseParent(
  keys: readonly (string | number)[],
  containers: readonly object[],
): { key: string; container: object } | undefined {
  const n = keys.length;
  return n ? { key: String(keys[n - 1]), container: containers[n - 1] } : undefined;
}

/** `keys` and `containers` are the live path: read them during the visit only. */
function makeVisit(value: string, keys: readonly (string | number)[], containers: readonly object[]): StringVisit {
  const n = keys.length;
  return {
    value,
    key: n ? String(keys[n - 1]) : undefined,
    container: n ? containers[n - 1] : undefined,
    path: () => keys.slice(0, n).map(String),
    ancestors() {
      const out: { key: string; container: object }[] = [];
      for (let i = n - 2; i >= 0; i--) out.push({ key: String(keys[i]), container: containers[i] });
      return out;
    },
    parent: () => (n >= 2 ? { key: String(keys[n - 2]), container: containers[n - 2] } : undefined),
  };
}
