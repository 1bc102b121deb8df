// Text edits that know JSON from YAML: replace a value, rename a key, insert a property. Every
// edit touches only the characters it must, so comments, key order, indentation and the final
// newline of the rest of the file survive. Pure: document in, TextEdit out.
import type { SourceDocument, TextEdit } from '../types.js';

export type Scalar = string | number | boolean | null;

// A YAML plain scalar that cannot be read as anything but this string: no indicator first, no
// `: ` or ` #`, not a number, boolean or null. S3 URIs pass.
const YAML_PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9._/:+@=-]*$/;
const YAML_RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** The text of a scalar in the document's format (YAML: plain when unambiguous, else double-quoted). */
export function scalarText(doc: Pick<SourceDocument, 'format'>, value: Scalar): string {
  if (
    doc.format === 'yaml' &&
    typeof value === 'string' &&
    YAML_PLAIN_SAFE.test(value) &&
    !YAML_RESERVED.test(value) &&
    !value.includes(': ')
  ) {
    return value;
  }
  // JSON escapes are a subset of YAML double-quoted escapes, and JSON.stringify never writes `\/`.
  return JSON.stringify(value);
}

/**
 * Replace the value at `segments` with already formatted text. A YAML core tag before the value
 * (`!!binary`, `!!str`) goes with it: kept, `!!binary` would make readers decode the new string
 * as bytes. (Node ranges leave tags out; CloudFormation's short tags are located with the value.)
 */
export function replaceValue(doc: SourceDocument, segments: readonly string[], text: string): TextEdit | undefined {
  const at = doc.locate(segments);
  if (!at) return undefined;
  let start = at.value.start;
  if (doc.format === 'yaml') {
    const from = at.key ? at.key.end : Math.max(0, start - 256);
    const tag = /(?:^|[\s:])(!![^\s,\]}]*)[ \t]*(?:\r?\n[ \t]*)?$/.exec(doc.text.slice(from, start));
    if (tag) start -= tag[0].length - tag[0].indexOf('!!');
  }
  return { start, end: at.value.end, text };
}

/** Rename the object member at `segments`, keeping the key's quoting style where it can. */
export function renameKey(doc: SourceDocument, segments: readonly string[], newKey: string): TextEdit | undefined {
  const at = doc.locate(segments);
  if (!at?.key) return undefined;
  return { start: at.key.start, end: at.key.end, text: keyText(doc, newKey, doc.text.slice(at.key.start, at.key.end)) };
}

export function keyText(doc: Pick<SourceDocument, 'format'>, key: string, like = ''): string {
  if (doc.format !== 'yaml') return JSON.stringify(key);
  if (like.startsWith("'")) return `'${key.replace(/'/g, "''")}'`;
  if (like.startsWith('"')) return JSON.stringify(key);
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) && !YAML_RESERVED.test(key) ? key : JSON.stringify(key);
}

/**
 * Add `key: value` as the last member of the object at `parent`. The new member goes on its own
 * line with the indentation of the member before it, after any comment that ends that line;
 * a one-line object gets it on the same line.
 */
export function insertProperty(
  doc: SourceDocument,
  parent: readonly string[],
  key: string,
  valueText: string,
): TextEdit[] | undefined {
  const node = parent.length ? getOwn(doc.value, parent) : doc.value;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.includes(key)) return undefined;
  const text = doc.text;
  const member = `${keyText(doc, key)}: ${valueText}`;
  if (keys.length === 0) {
    const at = doc.locate(parent);
    if (!at) return undefined;
    const raw = text.slice(at.value.start, at.value.end);
    if (!raw.startsWith('{')) return undefined;
    return [{ start: at.value.start + 1, end: at.value.end - 1, text: ` ${member} ` }];
  }
  const last = doc.locate([...parent, keys[keys.length - 1]]);
  if (!last?.key) return undefined;
  const lineStart = text.lastIndexOf('\n', last.key.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.key.start))![0];
  const onOwnLine =
    text.slice(lineStart, last.key.start).trim() === '' ||
    (doc.format === 'yaml' && /^[ \t]*-[ \t]/.test(text.slice(lineStart)));
  const nl = text.indexOf('\n', last.value.end);
  const flowYaml = doc.format === 'yaml' && isFlowMember(text, last.value.end);
  const lineEnd = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  const eol = text[nl - 1] === '\r' ? '\r\n' : '\n';
  if (doc.format !== 'yaml' || flowYaml) {
    // A trailing comma already follows the last member (JSONC, YAML flow): the new member goes
    // after it and gets one of its own, so the text keeps its style and never holds `,,`.
    const comma = trailingComma(text, last.value.end, doc.format === 'yaml');
    if (comma !== undefined) {
      const commaNl = text.indexOf('\n', comma);
      const commaLineEnd = commaNl === -1 ? text.length : text[commaNl - 1] === '\r' ? commaNl - 1 : commaNl;
      const rest = text.slice(comma + 1, commaLineEnd);
      if (!onOwnLine || /[}\]]/.test(rest.replace(/\/\/.*$|#.*$/, '')))
        return [{ start: comma + 1, end: comma + 1, text: ` ${member},` }];
      return [{ start: commaLineEnd, end: commaLineEnd, text: `${eol}${indent}${member},` }];
    }
    // JSON (or a YAML flow mapping): a comma after the last value, the member after it.
    if (!onOwnLine || closesOnSameLine(text, last.value.end, lineEnd)) {
      // Minified JSON stays minified: no space after the comma or the colon.
      const compact = !/[,:] /.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 4096)));
      return [
        {
          start: last.value.end,
          end: last.value.end,
          text: compact ? `,${keyText(doc, key)}:${valueText}` : `, ${member}`,
        },
      ];
    }
    return [
      { start: last.value.end, end: last.value.end, text: ',' },
      { start: lineEnd, end: lineEnd, text: `${eol}${indent}${member}` },
    ];
  }
  // YAML block mapping: the key column of a `- key: v` item is after the dash.
  const dash = /^([ \t]*)-[ \t]+/.exec(text.slice(lineStart, last.key.start));
  const column = dash ? ' '.repeat(dash[0].length) : indent;
  // A value that is itself a block (nested mapping, block scalar) ends on a later line.
  const at = keptLinesEnd(text, last.value.start, lineEnd);
  return [{ start: at, end: at, text: `${eol}${column}${member}` }];
}

/**
 * A `|+` or `>+` block scalar keeps its trailing blank lines as content, but the parser's range
 * ends before them: the new member goes after them, or the value would lose them.
 */
function keptLinesEnd(text: string, valueStart: number, lineEnd: number): number {
  if (
    !/^(?:[!&][^\s]*[ \t]+)*[|>](?:[1-9]?\+|\+[1-9]?)[ \t]*(?:#.*)?\r?\n/.test(text.slice(valueStart, valueStart + 256))
  )
    return lineEnd;
  let end = lineEnd;
  for (let m; (m = /^\r?\n[ \t]*(?=\r?\n)/.exec(text.slice(end, end + 4096)));) end += m[0].length;
  return end;
}

/** The offset of a `,` after `from`, past blanks and comments, or undefined. */
function trailingComma(text: string, from: number, yaml: boolean): number | undefined {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (!yaml && text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (!yaml && text.startsWith('/*', i))
      i = text.indexOf('*/', i) === -1 ? text.length : text.indexOf('*/', i) + 2;
    else if (yaml && c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else return c === ',' ? i : undefined;
  }
  return undefined;
}

function closesOnSameLine(text: string, from: number, lineEnd: number): boolean {
  const rest = text.slice(from, lineEnd);
  return /[}\]]/.test(rest.replace(/\/\/.*$/, ''));
}

function isFlowMember(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === ',' || c === '}') return true;
    if (c === '\n' || c === '#') return false;
    if (c !== ' ' && c !== '\t') return false;
  }
  return false;
}

/**
 * Remove the member at `segments` with its separator: the comma before or after it (JSON), and
 * the whole line(s) it occupies when it sits on lines of its own.
 */
export function removeProperty(doc: SourceDocument, segments: readonly string[]): TextEdit | undefined {
  const at = doc.locate(segments);
  if (!at?.key) return undefined;
  const text = doc.text;
  let start = at.key.start;
  let end = at.value.end;
  if (doc.format !== 'yaml' || isFlowMember(text, end) || /,\s*$/.test(text.slice(0, start))) {
    // Prefer the comma before (the member was appended last), else the comma after.
    const before = /,\s*$/.exec(text.slice(Math.max(0, start - 4096), start));
    if (before) start -= before[0].length;
    else {
      const after = /^\s*,[ \t]*/.exec(text.slice(end, end + 4096));
      if (after) end += after[0].length;
    }
    return { start, end, text: '' };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() === '') start = lineStart > 0 ? lineStart - 1 : 0;
  const nl = text.indexOf('\n', end);
  end = nl === -1 ? text.length : lineStart > 0 ? nl : nl + 1;
  return { start, end, text: '' };
}

function getOwn(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, s)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}
