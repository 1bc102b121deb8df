// Suppressing single findings. Strict JSON has no comments, so config `ignores` entries of the form
// `glob#/pointer` (with a reason) name a value; YAML and JSONC also take a
// `payload-guard-disable-next-line <rule>[, <rule>] -- reason` comment. Suppressions that suppress
// nothing are reported (`unused-suppression`), so they do not outlive the finding they were for.
// Pure: the engine calls it with the document's text and the findings of every rule.
import type { FileSettings } from './config.js';
import { formatMessage, type AnyRule } from './rule.js';
import { closest } from './suggest.js';
import type { LineIndex } from './text.js';
import type { Diagnostic, SourceDocument, SuppressedDiagnostic } from './types.js';

export const UNUSED_SUPPRESSION = 'unused-suppression';
const DIRECTIVE = 'payload-guard-disable-next-line';

export interface Directive {
  /** 1-based line of the comment */
  line: number;
  column: number;
  endColumn: number;
  /** empty: every rule */
  rules: string[];
  reason?: string;
}

/** Whole-line comments only (`# ...` in YAML, `// ...` or `/* ... *\/` in JSONC). */
export function findDirectives(text: string, format: SourceDocument['format']): Directive[] {
  if (format === 'json' || !text.includes(DIRECTIVE)) return [];
  const out: Directive[] = [];
  const lines = text.split('\n');
  const comment = format === 'yaml' ? /^(\s*)#\s*(.*?)\s*$/ : /^(\s*)(?:\/\/\s*(.*?)|\/\*\s*(.*?)\s*\*\/)\s*$/;
  // In YAML, a `#` line inside a block scalar (`key: |` and the lines indented below it) is text.
  let blockIndent = -1;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (format === 'yaml') {
      const indent = /^ */.exec(line)![0].length;
      if (blockIndent >= 0 && (line.trim() === '' || indent > blockIndent)) return;
      blockIndent = /(^|[\s:-])[|>][0-9+-]*\s*(#.*)?$/.test(line) && !/^\s*#/.test(line) ? indent : -1;
    }
    const m = comment.exec(line);
    if (!m) return;
    const body = (m[2] ?? m[3] ?? '').trim();
    if (!body.startsWith(DIRECTIVE)) return;
    const rest = body.slice(DIRECTIVE.length);
    if (rest && !/^\s/.test(rest)) return;
    const [rulesPart, ...reasonParts] = rest.split(/\s--\s?/);
    const reason = reasonParts.join(' -- ').trim();
    out.push({
      line: i + 1,
      column: m[1].length + 1,
      endColumn: line.length + 1,
      rules: rulesPart
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      ...(reason ? { reason } : {}),
    });
  });
  return out;
}

/** `pointer` itself or anything below it. */
function under(pointer: string, ignored: string): boolean {
  return pointer === ignored || ignored === '' || pointer.startsWith(ignored + '/');
}

export interface SuppressionOutcome {
  kept: Diagnostic[];
  suppressed: SuppressedDiagnostic[];
  /** indexes into the config's pointer ignores that suppressed something here */
  usedIgnores: number[];
}

export function applySuppressions(
  document: SourceDocument,
  lines: LineIndex,
  diagnostics: Diagnostic[],
  settings: FileSettings,
  registry: readonly AnyRule[],
): SuppressionOutcome {
  const ignores = settings.pointerIgnores ?? [];
  const directives = findDirectives(document.text, document.format);
  if (!ignores.length && !directives.length) return { kept: diagnostics, suppressed: [], usedIgnores: [] };

  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  const used = new Set<number>();
  const usedDirectives = new Set<Directive>();
  const byTargetLine = new Map<number, Directive[]>();
  for (const d of directives) byTargetLine.set(d.line + 1, [...(byTargetLine.get(d.line + 1) ?? []), d]);

  for (const diag of diagnostics) {
    // A file that did not parse has not been checked; that is never suppressed.
    if (diag.ruleId === 'parse-error') {
      kept.push(diag);
      continue;
    }
    const directive = byTargetLine.get(diag.line)?.find((d) => !d.rules.length || d.rules.includes(diag.ruleId));
    if (directive) {
      usedDirectives.add(directive);
      suppressed.push({
        ...diag,
        suppression: { kind: 'inSource', ...(directive.reason ? { justification: directive.reason } : {}) },
      });
      continue;
    }
    const ignore = ignores.find((i) => under(diag.pointer, i.pointer));
    if (ignore) {
      used.add(ignore.index);
      suppressed.push({
        ...diag,
        suppression: { kind: 'external', ...(ignore.reason ? { justification: ignore.reason } : {}) },
      });
      continue;
    }
    kept.push(diag);
  }

  const state = settings.rules.get(UNUSED_SUPPRESSION);
  const rule = registry.find((r) => r.id === UNUSED_SUPPRESSION);
  if (rule && state && state.severity !== 'off') {
    const ids = registry.map((r) => r.id);
    const known = new Set(ids);
    for (const d of directives) {
      // A misspelt rule id is reported even when another id of the comment is used.
      const unknown = d.rules.find((r) => !known.has(r));
      if (usedDirectives.has(d) && !unknown) continue;
      const messageId = unknown ? 'unknownRule' : 'unusedComment';
      const near = unknown ? closest(unknown, ids) : undefined;
      const hint = near ? `did you mean \`${near}\`?` : '`payload-guard rules` lists them';
      const data = { rules: d.rules.length ? d.rules.join(', ') : 'any', rule: unknown ?? '', hint };
      const start = lines.offset(d.line, d.column);
      const startPos = lines.position(start);
      kept.push({
        ruleId: UNUSED_SUPPRESSION,
        messageId,
        message: formatMessage(rule.messages[messageId], data),
        severity: state.severity,
        filePath: document.filePath,
        path: '$',
        pointer: '',
        line: startPos.line,
        column: startPos.column,
        endLine: d.line,
        endColumn: d.endColumn,
        // Deleting an unused comment line is always safe: it changes nothing the function receives.
        // A comment naming no rule is a typo whose intent only its author can restore: no fix.
        ...(unknown
          ? {}
          : {
              fix: {
                kind: 'safe' as const,
                description: 'Remove the unused suppression comment',
                edits: [
                  {
                    start: lines.offset(d.line, 1),
                    end:
                      lines.offset(d.line + 1, 1) === lines.offset(d.line, 1)
                        ? document.text.length
                        : lines.offset(d.line + 1, 1),
                    text: '',
                  },
                ],
              },
            }),
      });
    }
  }
  return { kept, suppressed, usedIgnores: [...used].sort((a, b) => a - b) };
}
