// Reports at a pointer inside an embedded definition carry their outer range and path, so the
// engine points at the offending text inside a DefinitionString or a YAML block scalar.
import type { SourceRange } from '../types.js';
import type { EmbeddedDefinition } from './find.js';

export interface DefinitionReportTarget {
  at: string[];
  range?: SourceRange;
  path: string;
}

export function definitionReport(
  def: EmbeddedDefinition,
  inner: readonly string[],
  inString?: { start: number; end: number },
): DefinitionReportTarget {
  const at = [...def.holder, ...inner];
  const path = def.path(inner);
  if (def.form === 'document' || def.form === 'object') {
    // The inner pointer is a pointer of the document itself: the engine locates it.
    if (!inString) return { at, path };
    const s = def.stringOffset(inner, inString.start);
    const e = def.stringOffset(inner, inString.end);
    return s !== undefined && e !== undefined
      ? { at, path, range: { start: s, end: Math.max(e, s + 1) } }
      : { at, path };
  }
  if (inString) {
    const s = def.stringOffset(inner, inString.start);
    const e = def.stringOffset(inner, inString.end);
    if (s !== undefined && e !== undefined) return { at, path, range: { start: s, end: Math.max(e, s + 1) } };
  }
  const found = def.locate(inner);
  return found
    ? { at, path, range: { start: found.key?.start ?? found.value.start, end: found.value.end } }
    : { at, path };
}
