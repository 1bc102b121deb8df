// Intrinsic functions of JSONPath states (`"x.$": "States.Format('{}', $.a)"`), parsed and run.
import { isObject } from '../pointer.js';
import crypto from 'node:crypto';
import { STEP_FUNCTIONS_INTRINSIC_CHARS } from '../limits.js';
import { IntrinsicError } from './bounds.js';
import { readPath, PathError, type PathRoots } from './jsonpath.js';

type Arg =
  { kind: 'literal'; value: unknown } | { kind: 'path'; path: string } | { kind: 'call'; name: string; args: Arg[] };

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
  if (a.kind === 'path') {
    const found = readPath(a.path, roots);
    if (found === undefined) throw new IntrinsicError(`${a.path} matched nothing in the sample`);
    return found;
  }
  const v = a.args.map((x) => run(x, roots, notes));
  const str = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
  const checkChars = (s: string) => {
    if (s.length > STEP_FUNCTIONS_INTRINSIC_CHARS)
      notes.note(
        `${a.name} got ${s.length.toLocaleString('en-US')} characters, over the ${STEP_FUNCTIONS_INTRINSIC_CHARS.toLocaleString('en-US')}-character intrinsic limit: the state would fail with States.Runtime`,
      );
  };
  // Step Functions validates every argument and fails the state with States.Runtime otherwise.
  const need = (count: number, atMost = count) => {
    if (v.length < count || v.length > atMost)
      throw new IntrinsicError(
        `${a.name} takes ${count === atMost ? count : `${count} to ${atMost}`} arguments, got ${v.length}`,
      );
  };
  const array = (i: number): unknown[] => {
    if (!Array.isArray(v[i]))
      throw new IntrinsicError(`${a.name} argument ${i + 1} must be an array, got ${kindOf(v[i])}`);
    return v[i] as unknown[];
  };
  const integer = (i: number): number => {
    if (typeof v[i] !== 'number' || !Number.isInteger(v[i]))
      throw new IntrinsicError(`${a.name} argument ${i + 1} must be an integer, got ${kindOf(v[i])}`);
    return v[i];
  };
  const string = (i: number): string => {
    if (typeof v[i] !== 'string')
      throw new IntrinsicError(`${a.name} argument ${i + 1} must be a string, got ${kindOf(v[i])}`);
    return v[i];
  };
  switch (a.name) {
    case 'States.Format': {
      const template = string(0);
      let k = 1;
      const out = template.replace(/\{\}/g, () => str(v[k++]));
      if (k !== v.length)
        throw new IntrinsicError(`States.Format has ${k - 1} placeholders and ${v.length - 1} values`);
      return out;
    }
    case 'States.StringToJson':
      need(1);
      try {
        return JSON.parse(string(0));
      } catch (err) {
        throw new IntrinsicError(`States.StringToJson could not parse its argument: ${(err as Error).message}`);
      }
    case 'States.JsonToString':
      need(1);
      return JSON.stringify(v[0]);
    case 'States.Array':
      return v;
    case 'States.ArrayPartition': {
      need(2);
      const arr = array(0);
      const n = integer(1);
      if (n <= 0) throw new IntrinsicError('States.ArrayPartition chunk size must be a positive integer');
      const out: unknown[][] = [];
      for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
      return out;
    }
    case 'States.ArrayContains':
      need(2);
      return array(0).some((x) => JSON.stringify(x) === JSON.stringify(v[1]));
    case 'States.ArrayRange': {
      need(3);
      const [from, to, step] = [integer(0), integer(1), integer(2)];
      if (step === 0) throw new IntrinsicError('States.ArrayRange step must not be 0');
      const count = Math.max(0, Math.floor((to - from) / step) + 1);
      if (count > ARRAY_RANGE_MAX_ITEMS)
        throw new IntrinsicError(
          `States.ArrayRange would build ${count.toLocaleString('en-US')} items; it builds at most ${ARRAY_RANGE_MAX_ITEMS}`,
        );
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(from + i * step);
      return out;
    }
    case 'States.ArrayGetItem': {
      need(2);
      const arr = array(0);
      const index = integer(1);
      if (index < 0 || index >= arr.length)
        throw new IntrinsicError(`States.ArrayGetItem index ${index} is outside the array of ${arr.length} items`);
      return arr[index];
    }
    case 'States.ArrayLength':
      need(1);
      return array(0).length;
    case 'States.ArrayUnique': {
      need(1);
      const seen = new Set<string>();
      return array(0).filter((x) => !seen.has(JSON.stringify(x)) && seen.add(JSON.stringify(x)));
    }
    case 'States.Base64Encode': {
      need(1);
      const s = string(0);
      checkChars(s);
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'States.Base64Decode': {
      need(1);
      const s = string(0);
      checkChars(s);
      return Buffer.from(s, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      need(2);
      const s = str(v[0]);
      checkChars(s);
      const alg = HASH_ALGORITHMS[string(1)];
      if (!alg)
        throw new IntrinsicError(`States.Hash algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      return crypto.createHash(alg).update(s).digest('hex');
    }
    case 'States.JsonMerge': {
      need(3);
      if (!isObject(v[0]) || !isObject(v[1])) throw new IntrinsicError('States.JsonMerge merges two objects');
      return { ...v[0], ...v[1] };
    }
    case 'States.MathRandom':
      need(2, 3);
      return integer(0);
    case 'States.MathAdd':
      need(2);
      return integer(0) + integer(1);
    case 'States.StringSplit':
      need(2);
      return string(0)
        .split(new RegExp(`[${string(1).replace(/[\\\]^-]/g, '\\$&')}]`))
        .filter((x) => x !== '');
    case 'States.UUID':
      need(0);
      // Fixed so a run is reproducible; the length is what matters for sizes.
      return '00000000-0000-4000-8000-000000000000';
    default:
      throw new IntrinsicError(`${a.name} is not an intrinsic function`);
  }
}

/** "The newly generated array can't contain more than 1000 items" (intrinsic functions page, checked 2026-12-01). */
const ARRAY_RANGE_MAX_ITEMS = 1000;

export const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function kindOf(x: unknown): string {
  return x === null
    ? 'null'
    : Array.isArray(x)
      ? 'an array'
      : typeof x === 'object'
        ? 'an object'
        : `${typeof x} ${JSON.stringify(x).slice(0, 20)}`;
}
