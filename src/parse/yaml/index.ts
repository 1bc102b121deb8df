// YAML loading for .yaml/.yml files: plain data as cfn-lint and SAM CLI see it, plus pointer ->
// range lookup into the original text. Pure: no I/O. The pieces: compose.ts (the first document,
// CloudFormation tags), convert.ts (plain data), locate.ts (pointer -> range), decode.ts with
// runs.ts, flow-scalar.ts and block-scalar.ts (offsets inside strings), relax.ts with its
// tokenizer scan.ts (PyYAML leniency), depth.ts (nesting too deep to parse).
import type { Node } from 'yaml';
import type { ParsedText } from '../json.js';
import { composeFirstDocument } from './compose.js';
import { Converter, YamlLoadError } from './convert.js';
import { isStackOverflow, tooDeep } from './depth.js';
import { Locator } from './locate.js';
import { explainQuoteError, relaxIndent } from './relax.js';
import { scanBlocks, type BlockScan } from './scan.js';

export type { ParseFailure } from '../json.js';

/**
 * `value`: plain data; a `!Ref`-style tag becomes its long form, an alias shares its anchor's
 * value. `locate`: offsets into the original text; a short-form tag adds a virtual key
 * (`Fn::Sub`). `stringOffset`: exact for every scalar style (plain, quoted, literal, folded,
 * multi-line): a copied character maps to itself, an escape to its backslash (`''` to its first
 * quote), a space or newline made by folding to the line break it replaces; `index === length`
 * gives the end of the content. It falls back to the start of the content if the decoder ever
 * disagrees with yaml's value. Through an alias, offsets are in the anchored text.
 * A failure's `code` is yaml's own, or ALIAS_LIMIT / RECURSIVE_ALIAS / BAD_ALIAS / INTERNAL.
 * `duplicateKeys`: keys written twice in one mapping; the value holds the last.
 */
export type YamlParse = ParsedText;

export function parseYaml(text: string): YamlParse {
  try {
    let scan: BlockScan | undefined;
    const scanned = (): BlockScan => (scan ??= scanBlocks(text));
    const first = load(text, text, (offset) => offset, scanned);
    let { parse } = first;
    const { retry } = first;
    // PyYAML ignores indentation inside flow collections and quoted scalars, and real templates
    // rely on it; yaml reports BAD_INDENT, or a missing quote, or takes a `}` inside the string
    // for syntax, or (after a tag) silently ends the string at a `#` line. Retry once with those
    // lines pushed right. If the retry still fails, its error is the genuine one (a broken
    // block, an unclosed quote), mapped back to the original text.
    if (retry) {
      const relaxed = relaxIndent(text, scanned());
      if (relaxed) ({ parse } = load(text, relaxed.text, (offset) => relaxed.toOriginal(offset), scanned));
    }
    return parse;
  } catch (error) {
    // yaml and toPlain recurse, so absurd nesting exhausts the stack: a diagnostic, not a crash.
    if (isStackOverflow(error)) return { ok: false, error: { ...tooDeep(text), code: 'NESTING' } };
    return {
      ok: false,
      error: { message: error instanceof Error ? error.message : String(error), offset: 0, code: 'INTERNAL' },
    };
  }
}

/** One compose and conversion of `src` (the text, or the text relaxed); `retry` if leniency may help. */
function load(
  text: string,
  src: string,
  toOriginal: (offset: number) => number,
  scan: () => BlockScan,
): { parse: YamlParse; retry: boolean } {
  const { doc, laterDocumentOffset } = composeFirstDocument(src);
  const original = (offset: number): number => Math.max(0, Math.min(toOriginal(offset), text.length));
  const quoteError = (offset: number, code: string, message: string): { parse: YamlParse; retry: boolean } => {
    const explained = explainQuoteError(text, scan(), offset, code);
    return {
      parse: {
        ok: false,
        error: { message: explained?.message ?? message, offset: explained?.offset ?? offset, code },
      },
      retry: true,
    };
  };
  const firstError = doc.errors[0];
  // yaml catches its own stack overflow and reports it at wherever the recursion stopped.
  if (firstError && isStackOverflow(firstError.message))
    return { parse: { ok: false, error: { ...tooDeep(text), code: 'NESTING' } }, retry: false };
  if (firstError) return quoteError(original(firstError.pos[0]), firstError.code, firstError.message);
  const root = (doc.contents ?? null) as Node | null;
  const converter = new Converter(src);
  let value: unknown;
  try {
    value = converter.toPlain(root);
  } catch (error) {
    if (!(error instanceof YamlLoadError)) throw error;
    return {
      parse: { ok: false, error: { message: error.message, offset: original(error.offset), code: error.code } },
      retry: false,
    };
  }
  if (converter.cutQuote !== undefined)
    return quoteError(original(converter.cutQuote), 'MISSING_CHAR', 'Missing closing quote');
  const locator = new Locator(src, root, converter, toOriginal);
  const parse: YamlParse = {
    ok: true,
    value,
    locate: (segments) => locator.locate(segments),
    stringOffset: (segments, index) => locator.stringOffset(segments, index),
    ...(laterDocumentOffset !== undefined ? { laterDocumentOffset: toOriginal(laterDocumentOffset) } : {}),
    ...(converter.duplicates.length > 0
      ? {
          duplicateKeys: converter.duplicates.map((d) => ({
            key: d.key,
            firstOffset: toOriginal(d.firstOffset),
            offset: toOriginal(d.offset),
          })),
        }
      : {}),
  };
  return { parse, retry: false };
}
