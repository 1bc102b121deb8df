// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), for GitHub code scanning and
// other viewers. Results point at repository-relative URIs under %SRCROOT%; partialFingerprints
// hash the rule, the file, the JSON pointer and the offending value (never a line number), so a
// finding keeps its identity when lines move; fixes carry the rule's text edits. The rules and
// the tool's version come from the report context (the CLI fills them from the registry and
// package.json), so this module reads neither.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shortHash } from '../fingerprint.js';
import type { Diagnostic, Fix, Severity, SuppressedDiagnostic } from '../types.js';
import { relativeTo } from './paths.js';
import type { Reporter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'payloadGuardValue/v1';

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'note' ? 'note' : 'warning';
}

/** Inside the root: relative to %SRCROOT%; outside it (a path named on the command line): absolute. */
function artifactLocation(root: string, cwd: string, filePath: string): { uri: string; uriBaseId?: string } {
  const rel = relativeTo(root, cwd, filePath);
  if (path.posix.isAbsolute(rel) || /^[A-Za-z]:\//.test(rel))
    return { uri: pathToFileURL(path.resolve(cwd, filePath)).href };
  return { uri: encodeURI(rel), uriBaseId: '%SRCROOT%' };
}

function fixes(location: { uri: string; uriBaseId?: string }, fix: Fix | undefined, suggestions: Fix[] | undefined) {
  const all = [...(fix ? [fix] : []), ...(suggestions ?? [])].filter((f) => f.edits.length);
  if (!all.length) return undefined;
  return all.map((f) => ({
    description: {
      text: `${f.description}${f.kind === 'unsafe' ? ' (unsafe: changes what the function receives)' : ''}`,
    },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: f.edits.map((e) => ({
          deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
          ...(e.text ? { insertedContent: { text: e.text } } : {}),
        })),
      },
    ],
  }));
}

const sarif: Reporter = (results, ctx) => {
  const version = ctx.tool?.version ?? '0.0.0';
  const rules = ctx.rules ?? [];
  const root = ctx.srcRoot ?? ctx.cwd;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const out: unknown[] = [];
  const emit = (filePath: string, d: Diagnostic | SuppressedDiagnostic) => {
    const location = artifactLocation(root, ctx.cwd, filePath);
    const identity = shortHash(
      [d.ruleId, relativeTo(root, ctx.cwd, filePath), d.pointer, d.valueHash ?? d.messageId].join('\0'),
    );
    // Two findings of one rule on one value (two blobs in one string) stay distinct.
    const n = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, n);
    const index = ruleIndex.get(d.ruleId);
    const fx = fixes(location, d.fix, d.suggestions);
    out.push({
      ruleId: d.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: level(d.severity),
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
          logicalLocations: [{ fullyQualifiedName: d.path, kind: 'member' }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${identity}:${n}` },
      ...(fx ? { fixes: fx } : {}),
      ...('suppression' in d ? { suppressions: [d.suppression] } : {}),
      properties: {
        pointer: d.pointer,
        ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
        ...(d.limitBytes !== undefined ? { limitBytes: d.limitBytes } : {}),
      },
    });
  };
  for (const r of results) {
    for (const d of r.diagnostics) emit(r.filePath, d);
    for (const d of r.suppressed ?? []) emit(r.filePath, d);
  }
  const rootUri = pathToFileURL(path.resolve(root)).href.replace(/\/?$/, '/');
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'payload-guard',
            version,
            semanticVersion: version,
            ...(ctx.tool?.informationUri ? { informationUri: ctx.tool.informationUri } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              helpUri: r.helpUri,
              help: { text: `${r.description}. Documentation: ${r.helpUri}` },
              defaultConfiguration:
                r.severity === 'off' ? { enabled: false, level: 'warning' } : { level: level(r.severity) },
              properties: { ...(r.fixable ? { fixable: r.fixable } : {}), tags: ['aws', 'payload'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results: out,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
export default sarif;
