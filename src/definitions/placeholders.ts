// `${name}` placeholders (Fn::Sub, DefinitionSubstitutions) written where JSON expects a value:
// `"TimeoutSeconds": ${totalExecutionTimeout}`. Such text is not broken JSON to the people who
// deploy it, so it is parsed with a stand-in of the SAME LENGTH in place of each placeholder:
// every offset of the stand-in text equals the offset of the original, and positions need no map.
import { child } from '../pointer.js';

export interface Placeholder {
  name: string;
  start: number;
  end: number;
  /** true when the placeholder sits inside a JSON string (it stays as written there) */
  inString: boolean;
}

const PLACEHOLDER = /\$\{([^}]*)\}/y;

/** Every `${...}` of a JSON-ish text, with whether it sits inside a string. `${!x}` is a literal. */
export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  // Most definitions hold none: one native search instead of a loop over every character.
  if (!text.includes('${')) return out;
  // From one quote, backslash (inside strings) or `${` to the next by native search, each found
  // once: a loop over every character of a large definition was most of reading it.
  const n = text.length;
  const next = (what: string, from: number) => {
    const at = text.indexOf(what, from);
    return at === -1 ? n : at;
  };
  let inString = false;
  let i = 0;
  let quote = next('"', 0);
  let slash = next('\\', 0);
  let dollar = next('${', 0);
  while (i < n) {
    if (quote < i) quote = next('"', i);
    if (slash < i) slash = next('\\', i);
    if (dollar < i) dollar = next('${', i);
    const escape = inString ? slash : n;
    if (dollar < quote && dollar < escape) {
      i = take(text, dollar, inString, out) + 1;
    } else if (escape < quote) {
      i = escape + 2;
    } else if (quote < n) {
      inString = !inString;
      i = quote + 1;
    } else return out;
  }
  return out;
}

/**
 * The placeholders of a text that is JSON as it stands: a `$` outside a string is no JSON token,
 * so each sits inside a string, and no walk along the quotes is needed to tell. The same ones, in
 * the same order, as `findPlaceholders` finds in such a text.
 */
export function placeholdersInStrings(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (let at = text.indexOf('${'); at !== -1;) {
    const end = take(text, at, true, out);
    at = text.indexOf('${', end + 1);
  }
  return out;
}

function take(text: string, i: number, inString: boolean, out: Placeholder[]): number {
  PLACEHOLDER.lastIndex = i;
  const m = PLACEHOLDER.exec(text);
  if (!m || m[1].startsWith('!')) return i;
  out.push({ name: m[1], start: i, end: i + m[0].length, inString });
  return i + m[0].length - 1;
}

/**
 * The text with each placeholder outside a string replaced by a same-length JSON value: the
 * substitution when it is a literal that fits (`DefinitionSubstitutions: { Timeout: 900 }`), else
 * `0` padded with spaces.
 */
export function standIn(
  text: string,
  placeholders: readonly Placeholder[],
  substitutions: Readonly<Record<string, unknown>> = {},
): string {
  let out = '';
  let at = 0;
  for (const p of placeholders) {
    if (p.inString) continue;
    const width = p.end - p.start;
    const sub = child(substitutions, p.name);
    let literal = typeof sub === 'number' || typeof sub === 'boolean' ? String(sub) : '0';
    if (typeof sub === 'string' && /^-?\d+(\.\d+)?$|^(true|false|null)$/.test(sub)) literal = sub;
    if (literal.length > width) literal = '0';
    out += text.slice(at, p.start) + literal.padEnd(width, ' ');
    at = p.end;
  }
  return out + text.slice(at);
}

/** UTF-8 bytes of the text once its placeholders are filled: literal substitutions count, others count 0. */
export function filledBytes(
  text: string,
  placeholders: readonly Placeholder[],
  substitutions: Readonly<Record<string, unknown>> = {},
): { bytes: number; unknown: number } {
  let bytes = Buffer.byteLength(text, 'utf8');
  let unknown = 0;
  for (const p of placeholders) {
    bytes -= p.end - p.start;
    const sub = child(substitutions, p.name);
    if (typeof sub === 'string' || typeof sub === 'number' || typeof sub === 'boolean')
      bytes += Buffer.byteLength(String(sub), 'utf8');
    else unknown++;
  }
  return { bytes, unknown };
}
