// Intrinsic functions of JSONPath states (`"x.$": "States.Format('{}', $.a)"`), parsed and run.
import crypto from 'node:crypto';
import { STEP_FUNCTIONS_INTRINSIC_CHARS } from '../limits.js';
import { readPath, PathError, type PathRoots } from './jsonpath.js';

type Arg = { kind: 'literal'; value: unknown } | { kind: 'path'; path: string } | { kind: 'call'; name: string; args: Arg[] };

export function isIntrinsic(s: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(s);
}

function parse(text: string): Arg {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const arg = (): Arg => {
    ws();
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if (text[i] === "'") {
      let out = '';
      for (i++; i < text.length && text[i] !== "'"; i++) {
        if (text[i] === '\\') i++;
        out += text[i];
      }
      i++;
      return { kind: 'literal', value: out };
    }
    if ((m = /^States\.[A-Za-z0-9]+/.exec(rest))) {
      i += m[0].length;
      ws();
      if (text[i] !== '(') throw new PathError(`expected ( after ${m[0]}`);
      i++;
      const args: Arg[] = [];
      ws();
      if (text[i] === ')') i++;
      else
        for (;;) {
          args.push(arg());
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ')') {
            i++;
            break;
          } else throw new PathError(`unexpected \`${text[i] ?? 'end'}\` in ${text}`);
        }
      return { kind: 'call', name: m[0], args };
    }
    if ((m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest))) {
      i += m[0].length;
      return { kind: 'literal', value: Number(m[0]) };
    }
    if ((m = /^(true|false|null)\b/.exec(rest))) {
      i += m[0].length;
      return { kind: 'literal', value: JSON.parse(m[0]) };
    }
    if (text[i] === '$') {
      // A path runs to the next top-level comma or closing parenthesis.
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === "'") for (j++; j < text.length && text[j] !== "'"; j++) if (text[j] === '\\') j++;
        if (c === '[') depth++;
        if (c === ']') depth--;
        if (depth === 0 && (c === ',' || c === ')')) break;
      }
      const path = text.slice(i, j).trim();
      i = j;
      return { kind: 'path', path };
    }
    throw new PathError(`cannot read intrinsic argument at \`${rest.slice(0, 20)}\``);
  };
  const out = arg();
  ws();
  if (i < text.length) throw new PathError(`unexpected text after intrinsic: \`${text.slice(i, i + 20)}\``);
  return out;
}

export interface IntrinsicNote {
  note(message: string): void;
}

export function evalIntrinsic(text: string, roots: PathRoots, notes: IntrinsicNote): unknown {
  return run(parse(text), roots, notes);
}

function run(a: Arg, roots: PathRoots, notes: IntrinsicNote): unknown {
  if (a.kind === 'literal') return a.value;
  if (a.kind === 'path') return readPath(a.path, roots);
  const v = a.args.map((x) => run(x, roots, notes));
  const str = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
  const checkChars = (s: string) => {
    if (s.length > STEP_FUNCTIONS_INTRINSIC_CHARS) notes.note(`${a.name} got ${s.length.toLocaleString('en-US')} characters, over the ${STEP_FUNCTIONS_INTRINSIC_CHARS.toLocaleString('en-US')}-character intrinsic limit: the state would fail with States.Runtime`);
  };
  switch (a.name) {
    case 'States.Format': {
      let k = 1;
      return String(v[0]).replace(/\{\}/g, () => str(v[k++]));
    }
    case 'States.StringToJson':
      return JSON.parse(String(v[0]));
    case 'States.JsonToString':
      return JSON.stringify(v[0]);
    case 'States.Array':
      return v;
    case 'States.ArrayPartition': {
      const arr = v[0] as unknown[];
      const n = Number(v[1]);
      const out: unknown[][] = [];
      for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
      return out;
    }
    case 'States.ArrayContains':
      return (v[0] as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(v[1]));
    case 'States.ArrayRange': {
      const out: number[] = [];
      for (let x = Number(v[0]); Number(v[2]) > 0 ? x <= Number(v[1]) : x >= Number(v[1]); x += Number(v[2])) out.push(x);
      return out;
    }
    case 'States.ArrayGetItem':
      return (v[0] as unknown[])[Number(v[1])];
    case 'States.ArrayLength':
      return (v[0] as unknown[]).length;
    case 'States.ArrayUnique': {
      const seen = new Set<string>();
      return (v[0] as unknown[]).filter((x) => !seen.has(JSON.stringify(x)) && seen.add(JSON.stringify(x)));
    }
    case 'States.Base64Encode': {
      const s = String(v[0]);
      checkChars(s);
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'States.Base64Decode': {
      const s = String(v[0]);
      checkChars(s);
      return Buffer.from(s, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      const s = str(v[0]);
      checkChars(s);
      return crypto.createHash(String(v[1]).toLowerCase().replace('-', '')).update(s).digest('hex');
    }
    case 'States.JsonMerge':
      return { ...(v[0] as object), ...(v[1] as object) };
    case 'States.MathRandom':
      return Number(v[0]);
    case 'States.MathAdd':
      return Number(v[0]) + Number(v[1]);
    case 'States.StringSplit':
      return String(v[0]).split(new RegExp(`[${String(v[1]).replace(/[\\\]^-]/g, '\\$&')}]`)).filter((x) => x !== '');
    case 'States.UUID':
      // Fixed so a run is reproducible; the length is what matters for sizes.
      return '00000000-0000-4000-8000-000000000000';
    default:
      throw new PathError(`${a.name} is not simulated`);
  }
}
