// An ASL file used through `DefinitionUri` + `DefinitionSubstitutions` may hold placeholders where
// JSON wants a value (`"TimeoutSeconds": ${totalExecutionTimeout}`). It is not broken: parse it
// with same-length stand-ins so every position is a position in the original text.
import { isStateMachine } from '../classify.js';
import { parseSource, type Parsers } from '../parse/source.js';
import type { SourceDocument, SourceFormat } from '../types.js';
import { markStoodIn } from './find.js';
import { findPlaceholders, standIn } from './placeholders.js';

/** The document, when `text` is a state machine once its bare placeholders are stood in. */
export function parseStoodIn(
  filePath: string,
  text: string,
  format: SourceFormat | undefined,
  parsers: Readonly<Parsers>,
  substitutions: Readonly<Record<string, unknown>> = {},
): SourceDocument | undefined {
  if (!text.includes('${')) return undefined;
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const placeholders = findPlaceholders(body);
  if (!placeholders.some((p) => !p.inString)) return undefined;
  const parsed = parseSource(
    filePath,
    standIn(body, placeholders, substitutions),
    parsers,
    format === 'yaml' ? 'yaml' : 'json',
  );
  if (!parsed.ok || !isStateMachine(parsed.document.value)) return undefined;
  const bare = new Map(placeholders.filter((p) => !p.inString).map((p) => [p.start, p.end]));
  const locate = parsed.document.locate;
  const doc: SourceDocument = {
    ...parsed.document,
    text: body,
    bom,
    fileBytes: Buffer.byteLength(body, 'utf8'),
    // A stood-in value covers its whole placeholder, not just the stand-in literal.
    locate(segments) {
      const found = locate(segments);
      const end = found && bare.get(found.value.start);
      return found && end !== undefined ? { ...found, value: { start: found.value.start, end } } : found;
    },
  };
  markStoodIn(doc);
  return doc;
}
