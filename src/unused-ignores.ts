// Config `glob#/pointer` ignores that silenced nothing, reported on the config file at the entry's
// line. Only entries whose glob matched a file of this run are judged: a pre-commit run that sees
// three files says nothing about an entry for a fourth.
import path from 'node:path';
import { pointerIgnoreHash, type ResolvedConfig } from './config.js';
import { readRegularFile, toPosix } from './io/files.js';
import { formatMessage, type AnyRule } from './rule.js';
import { UNUSED_SUPPRESSION } from './suppress.js';
import { LineIndex } from './text.js';
import type { Diagnostic, FileResult } from './types.js';
import { parseSource } from './parse/source.js';

export async function unusedIgnoreResults(
  results: readonly FileResult[],
  jobs: readonly { display: string; rel: string }[],
  config: ResolvedConfig,
  cwd: string,
  registry: readonly AnyRule[],
): Promise<FileResult | undefined> {
  if (!config.pointerIgnores.length) return undefined;
  const state = config.rules.get(UNUSED_SUPPRESSION);
  const rule = registry.find((r) => r.id === UNUSED_SUPPRESSION);
  if (!rule || !state || state.severity === 'off') return undefined;
  const severity = state.severity;
  const used = new Set<number>();
  for (const r of results) for (const i of r.usedIgnores ?? []) used.add(i);
  const matched = new Map<number, number>();
  for (const j of jobs)
    for (const i of config.forFile(j.rel).pointerIgnores ?? []) matched.set(i.index, (matched.get(i.index) ?? 0) + 1);
  const unused = [...matched.keys()].filter((i) => !used.has(i)).sort((a, b) => a - b);
  if (!unused.length) return undefined;

  const configAbs = config.source ? path.resolve(cwd, config.source) : undefined;
  const display = configAbs ? toPosix(path.relative(cwd, configAbs)) || configAbs : '<config>';
  let locate: ((i: number) => { line: number; column: number; endLine: number; endColumn: number }) | undefined;
  if (configAbs) {
    const read = await readRegularFile(configAbs);
    if (read.ok) {
      const parsed = parseSource(configAbs, read.bytes, {}, 'json');
      if (parsed.ok) {
        const doc = parsed.document;
        const lines = new LineIndex(doc.text);
        const prefix = path.basename(configAbs) === 'package.json' ? ['payload-guard'] : [];
        locate = (i) => {
          const found = doc.locate([...prefix, 'ignores', String(i)]);
          const a = lines.position(found?.value.start ?? 0);
          const b = lines.position(found?.value.end ?? 0);
          return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
        };
      }
    }
  }
  const entries = config.file.ignores ?? [];
  // pointerIgnores keeps the order of the `#/` entries among all `ignores` entries.
  const positions = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => pointerIgnoreHash(typeof e === 'string' ? e : e.files) !== -1);
  const diagnostics: Diagnostic[] = unused.map((index) => {
    const { e, i } = positions[index];
    const ignore = config.pointerIgnores[index];
    const files = matched.get(index)!;
    const at = locate?.(i) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return {
      ruleId: UNUSED_SUPPRESSION,
      messageId: 'unusedIgnore',
      message: formatMessage(rule.messages.unusedIgnore, {
        entry: typeof e === 'string' ? e : e.files,
        files: `${files} file${files === 1 ? '' : 's'}`,
        reason: ignore.reason ? ` (reason given: ${ignore.reason})` : '',
      }),
      severity,
      filePath: display,
      path: `$.ignores[${i}]`,
      pointer: `/ignores/${i}`,
      ...at,
    };
  });
  return { filePath: display, diagnostics };
}
