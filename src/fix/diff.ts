// A unified diff for --fix-dry-run that `git apply` and `patch` accept: full lines (never
// shortened: a shortened line is a patch that does not apply), `--- a/<path>` / `+++ b/<path>`
// headers, 3 lines of context. Linear in the file: the lines both texts share at the start and at
// the end are set aside first (a fix changes a few members), and Myers' O(ND) algorithm runs on
// what is left with its trace kept to O(D²) and D bounded; past the bound, the changed middle is
// shown as removed and added whole, still a correct diff. Pure.

/** Edit distance (lines) past which the middle is shown whole rather than searched further. */
const MAX_D = 2000;

type Kind = ' ' | '-' | '+';
interface Op {
  kind: Kind;
  line: string;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

/** Myers over a and b (already trimmed); undefined when the edit distance exceeds `maxD`. */
function myers(a: readonly string[], b: readonly string[], maxD: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  // rows[d][k + d] = furthest x on diagonal k after d edits: (maxD + 1)² numbers at most.
  const rows: Int32Array[] = [];
  const down = (prev: Int32Array, d: number, k: number) =>
    k === -d || (k !== d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]);
  let found = -1;
  for (let d = 0; d <= Math.min(n + m, maxD) && found < 0; d++) {
    const prev = rows[d - 1];
    const row = new Int32Array(2 * d + 1);
    for (let k = -d; k <= d; k += 2) {
      let x = d === 0 ? 0 : down(prev, d, k) ? prev[k + 1 + d - 1] : prev[k - 1 + d - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      row[k + d] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    rows.push(row);
  }
  if (found < 0) return undefined;
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = rows[d - 1];
    const k = x - y;
    const isDown = down(prev, d, k);
    const prevK = isDown ? k + 1 : k - 1;
    const prevX = prev[prevK + d - 1];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (isDown) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x] });
    y--;
  }
  return ops.reverse();
}

/** The line operations from `before` to `after`, in order. */
function diffLines(before: readonly string[], after: readonly string[], maxD = MAX_D): Op[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const middle = myers(a, b, maxD) ?? [
    ...a.map((line): Op => ({ kind: '-', line })),
    ...b.map((line): Op => ({ kind: '+', line })),
  ];
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: ' ', line: before[i] });
  for (const o of middle) ops.push(o);
  for (let i = before.length - tail; i < before.length; i++) ops.push({ kind: ' ', line: before[i] });
  return ops;
}

export function unifiedDiff(fileName: string, before: string, after: string, context = 3, maxD = MAX_D): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after), maxD);
  const parts: string[] = [`--- a/${fileName}\n+++ b/${fileName}\n`];
  // Line numbers (1-based) of ops[i] in each text, advanced as the walk goes.
  let aLine = 1;
  let bLine = 1;
  let i = 0;
  const advance = (o: Op) => {
    if (o.kind !== '+') aLine++;
    if (o.kind !== '-') bLine++;
  };
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      advance(ops[i++]);
      continue;
    }
    // A hunk: `context` lines before the change, and it runs on until more than 2 * context
    // unchanged lines follow a change.
    const start = Math.max(0, i - context);
    let aStart = aLine;
    let bStart = bLine;
    for (let j = start; j < i; j++) {
      aStart--;
      bStart--;
    }
    let end = i;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end].kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - context);
    let aCount = 0;
    let bCount = 0;
    for (let j = start; j < end; j++) {
      if (ops[j].kind !== '+') aCount++;
      if (ops[j].kind !== '-') bCount++;
    }
    parts.push(`@@ -${aCount ? aStart : aStart - 1},${aCount} +${bCount ? bStart : bStart - 1},${bCount} @@\n`);
    for (let j = start; j < end; j++) parts.push(ops[j].kind + ops[j].line + '\n');
    for (let j = i; j < end; j++) advance(ops[j]);
    i = end;
  }
  return parts.join('');
}
