// How a string value was written in its file, so that `inline` can write it back the same way.
// Recorded in the manifest beside the base64 layout (alphabet, padding, line breaks, data: prefix).
import type { SourceDocument } from '../types.js';

export type LiteralStyle =
  /** JSON string, or YAML double-quoted, written as JSON.stringify writes it */
  | { style: 'double' }
  /** YAML single-quoted */
  | { style: 'single' }
  /** YAML plain scalar */
  | { style: 'plain' }
  /** YAML block scalar: the header line (`|`, `|-`, `>2`...) and the indentation of its lines */
  | { style: 'block'; header: string; indent: string }
  /** A whole value written back from the object's own text (payloadS3 of a JSON file) */
  | { style: 'raw' }
  /**
   * The literal exactly as it was written, for text no style reproduces (a YAML double-quoted
   * string folded over lines, JSON with `\/` escapes, raggedly wrapped base64). The manifest
   * then holds the text itself: nothing is lost, at the cost of the manifest's size.
   */
  | { style: 'verbatim'; text: string }
  /**
   * Everything after a member's key up to the end of its value, as written (`:` and any comments
   * and line breaks included): how a YAML or commented payload moved by payloadS3 comes back.
   */
  | { style: 'memberTail'; text: string };

export interface LiteralRecord {
  literal: LiteralStyle;
  /** true when rendering the value in this style gives back the original text exactly */
  exact: boolean;
}

export function renderLiteral(style: LiteralStyle, value: string): string {
  switch (style.style) {
    case 'single':
      return `'${value.replace(/'/g, "''")}'`;
    case 'plain':
      return value;
    case 'block': {
      const lines = value.split('\n');
      // Clip/strip chomping: the final line break belongs to the header, not to a line.
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      return style.header + '\n' + lines.map((l) => (l ? style.indent + l : l)).join('\n');
    }
    case 'raw':
      return value;
    case 'verbatim':
    case 'memberTail':
      return style.text;
    default:
      return JSON.stringify(value);
  }
}

/** How the string at `segments` was written, and whether rendering it that way is exact. */
export function describeLiteral(doc: SourceDocument, segments: readonly string[], value: string): LiteralRecord {
  const at = doc.locate(segments);
  const raw = at ? doc.text.slice(at.value.start, at.value.end) : '';
  let literal: LiteralStyle = { style: 'double' };
  if (doc.format === 'yaml') {
    if (raw.startsWith("'")) literal = { style: 'single' };
    else if (raw.startsWith('|') || raw.startsWith('>')) {
      const nl = raw.indexOf('\n');
      const header = nl === -1 ? raw : raw.slice(0, nl);
      const indent = nl === -1 ? '  ' : /^[ \t]*/.exec(raw.slice(nl + 1))![0];
      literal = { style: 'block', header, indent };
    } else if (!raw.startsWith('"')) literal = { style: 'plain' };
  }
  if (renderLiteral(literal, value) === raw) return { literal, exact: true };
  return verbatim(raw);
}

/** Keep the text itself when no style reproduces it. */
export function verbatim(raw: string): LiteralRecord {
  return { literal: { style: 'verbatim', text: raw }, exact: true };
}
