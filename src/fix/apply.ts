// Applying fixes to one text, in passes like ESLint: lint, take the fixes that apply, innermost
// first and never two that overlap, re-lint the result, until nothing changes. Innermost first is
// what makes "fileRef on the blobs first, payloadS3 only if the payload still does not fit" hold:
// a blob's edits sit inside the payload member that payloadS3 would replace. Pure.
import { applyEdits } from '../text.js';
import type { Diagnostic, FileResult, Fix, FixArtifact } from '../types.js';

export interface FixTextOptions {
  /** apply `unsafe` fixes too (--fix-unsafe) */
  unsafe: boolean;
  /** passes before giving up on a fix that keeps changing the text */
  maxPasses?: number;
}

interface AppliedFix {
  ruleId: string;
  pointer: string;
  fix: Fix;
}

export interface FixTextOutcome {
  /** the text after every pass (no BOM) */
  output: string;
  changed: boolean;
  applied: AppliedFix[];
  /** every artifact of every applied fix, in the order applied */
  artifacts: FixArtifact[];
  /** the lint result of `output` */
  result: FileResult;
}

export function fixText(
  text: string,
  lint: (text: string, pending: readonly FixArtifact[]) => FileResult,
  options: FixTextOptions,
): FixTextOutcome {
  const applied: AppliedFix[] = [];
  const artifacts: FixArtifact[] = [];
  let current = text;
  let result = lint(current, artifacts);
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    const chosen = chooseFixes(result.diagnostics, options.unsafe);
    if (!chosen.length) break;
    const next = applyEdits(
      current,
      chosen.flatMap((c) => c.fix.edits),
    );
    if (next === current) break;
    for (const c of chosen) {
      applied.push({ ruleId: c.ruleId, pointer: c.pointer, fix: c.fix });
      artifacts.push(...(c.fix.artifacts ?? []));
    }
    current = next;
    result = lint(current, artifacts);
  }
  return { output: current, changed: current !== text, applied, artifacts, result };
}

function span(fix: Fix): [number, number] {
  let start = Infinity;
  let end = -Infinity;
  for (const e of fix.edits) {
    start = Math.min(start, e.start);
    end = Math.max(end, e.end);
  }
  return [start, end];
}

/** Fixes that may apply, narrowest first, skipping any that overlaps one already taken. */
function chooseFixes(
  diagnostics: readonly Diagnostic[],
  unsafe: boolean,
): { ruleId: string; pointer: string; fix: Fix }[] {
  const candidates = diagnostics
    .filter((d) => d.fix && d.fix.edits.length && (d.fix.kind === 'safe' || unsafe))
    .map((d) => ({ ruleId: d.ruleId, pointer: d.pointer, fix: d.fix!, span: span(d.fix!) }))
    .sort((a, b) => a.span[1] - a.span[0] - (b.span[1] - b.span[0]) || a.span[0] - b.span[0]);
  const taken: [number, number][] = [];
  const refPointers = new Set<string>();
  const out: { ruleId: string; pointer: string; fix: Fix }[] = [];
  for (const c of candidates) {
    // Touching ranges overlap too: two inserts at one offset would interleave unpredictably.
    if (taken.some(([s, e]) => c.span[0] <= e && s <= c.span[1])) continue;
    // Two rewrites must not create the same member (a key template without `{key}`).
    const refs = (c.fix.artifacts ?? []).map((a) =>
      typeof a.record.refPointer === 'string' ? a.record.refPointer : '',
    );
    if (refs.some((r) => r && refPointers.has(r))) continue;
    refs.forEach((r) => refPointers.add(r));
    taken.push(c.span);
    out.push(c);
  }
  return out;
}
