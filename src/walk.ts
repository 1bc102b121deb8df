// Visiting the strings of a document without recursion and without building a path array for
// every small node: paths are linked lists, turned into arrays only for strings worth reporting.

interface PathLink {
  parent: PathLink | undefined;
  key: string;
  /** the container this key was read from */
  container: object;
}

export interface StringVisit {
  value: string;
  key: string | undefined;
  /** the object or array holding the string */
  container: object | undefined;
  /** the container's own key, and the container holding it */
  path(): string[];
  /** The ancestor containers, nearest first (for contract checks such as `kinesis.data`). */
  ancestors(): { key: string; container: object }[];
}

export function visitStrings(root: unknown, minChars: number, visit: (s: StringVisit) => void): void {
  if (typeof root === 'string') {
    if (root.length >= minChars) visit(makeVisit(root, undefined));
    return;
  }
  if (root === null || typeof root !== 'object') return;
  const stack: { node: object; link: PathLink | undefined }[] = [{ node: root, link: undefined }];
  while (stack.length) {
    const { node, link } = stack.pop()!;
    const each = (key: string, v: unknown) => {
      if (typeof v === 'string') {
        if (v.length >= minChars) visit(makeVisit(v, { parent: link, key, container: node }));
      } else if (v !== null && typeof v === 'object') {
        stack.push({ node: v, link: { parent: link, key, container: node } });
      }
    };
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) each(String(i), node[i]);
    else {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) each(keys[i], (node as Record<string, unknown>)[keys[i]]);
    }
  }
}

function makeVisit(value: string, link: PathLink | undefined): StringVisit {
  return {
    value,
    key: link?.key,
    container: link?.container,
    path() {
      const out: string[] = [];
      for (let l = link; l; l = l.parent) out.push(l.key);
      return out.reverse();
    },
    ancestors() {
      const out: { key: string; container: object }[] = [];
      for (let l = link?.parent; l; l = l.parent) out.push({ key: l.key, container: l.container });
      return out;
    },
  };
}
