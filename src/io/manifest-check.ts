// Reading the manifest for `inline`, with every way it can be damaged (cut short, `null`, another
// version, a byte order mark, an entry that is null or lacks a field) named with the file, line
// and column, before anything is touched. A damaged manifest is the user's problem to see, not a
// stack trace.
import { promises as fs } from 'node:fs';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../text.js';
import { manifestPath, type Manifest, type ManifestEntry } from './manifest.js';

export class ManifestError extends Error {}

const STRING_FIELDS = [
  'file',
  'pointer',
  'refPointer',
  'originalKey',
  'keyRaw',
  'refKey',
  'uri',
  'bucket',
  'key',
  'sha256',
  'contentType',
] as const;
const STYLES = new Set(['double', 'single', 'plain', 'block', 'raw', 'verbatim', 'memberTail']);

/** The manifest in `stageDir`, checked; no manifest at all reads as one without entries. */
export async function readCheckedManifest(
  stageDir: string,
): Promise<{ manifest: Manifest; exists: boolean; file: string }> {
  const file = manifestPath(stageDir);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { manifest: { version: 1, entries: [] }, exists: false, file };
    throw new ManifestError(`${file}: cannot read the manifest: ${(err as Error).message}`);
  }
  return { manifest: checkManifestText(file, bytes), exists: true, file };
}

/** Parse and check the manifest's text; throws ManifestError saying what is wrong, and where. */
function checkManifestText(file: string, bytes: Buffer): Manifest {
  const text = bytes.toString('utf8');
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.position(offset);
    return `${file}:${p.line}:${p.column}`;
  };
  const fail = (offset: number, what: string): never => {
    throw new ManifestError(
      `${at(offset)}: ${what}; inline changed nothing (restore the manifest from version control or a backup)`,
    );
  };
  if (text.startsWith('\uFEFF'))
    fail(
      0,
      'the manifest starts with a byte order mark, which payload-guard never writes (an editor added it: save it as UTF-8 without BOM)',
    );
  if (text.trim() === '') fail(0, 'the manifest is empty');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    const cut = e.offset + e.length >= text.trimEnd().length || /^UnexpectedEnd/.test(printParseErrorCode(e.error));
    fail(
      e.offset,
      cut
        ? 'the manifest ends early (cut short?), it is not complete JSON'
        : `the manifest is not valid JSON (${printParseErrorCode(e.error)})`,
    );
  }
  if (!root || root.type !== 'object')
    fail(
      root?.offset ?? 0,
      `the manifest holds ${root?.type === 'null' ? 'null' : root ? `a ${root.type}` : 'nothing'}, not {"version": 1, "entries": [...]}`,
    );
  const prop = (node: Node, key: string) => node.children?.find((c) => c.children?.[0]?.value === key)?.children?.[1];
  const version = prop(root!, 'version');
  if (!version) fail(root!.offset, 'the manifest has no "version"');
  if (version!.value !== 1)
    fail(
      version!.offset,
      `the manifest is version ${JSON.stringify(version!.value)}; this payload-guard reads version 1`,
    );
  const entries = prop(root!, 'entries');
  if (!entries || entries.type !== 'array') fail(entries?.offset ?? root!.offset, 'the manifest has no "entries" list');
  const out: ManifestEntry[] = [];
  (entries!.children ?? []).forEach((node, i) => {
    const n = i + 1;
    if (node.type !== 'object')
      fail(node.offset, `entry ${n} is ${node.type === 'null' ? 'null' : `a ${node.type}`}, not a rewrite record`);
    for (const f of STRING_FIELDS) {
      const v = prop(node, f);
      if (!v || v.type !== 'string') fail(v?.offset ?? node.offset, `entry ${n} has no string "${f}"`);
    }
    const kind = prop(node, 'kind');
    if (kind?.value !== 'fileRef' && kind?.value !== 'payloadS3')
      fail(
        kind?.offset ?? node.offset,
        `entry ${n} has "kind" ${JSON.stringify(kind?.value)}, not "fileRef" or "payloadS3"`,
      );
    const sha = prop(node, 'sha256')!;
    if (!/^[0-9a-f]{64}$/.test(String(sha.value)))
      fail(sha.offset, `entry ${n} has a "sha256" that is not 64 hex digits`);
    const literal = prop(node, 'literal');
    const style = literal && prop(literal, 'style');
    if (!literal || literal.type !== 'object' || !STYLES.has(String(style?.value)))
      fail(literal?.offset ?? node.offset, `entry ${n} has no "literal" with a known "style"`);
    if ((style!.value === 'verbatim' || style!.value === 'memberTail') && prop(literal!, 'text')?.type !== 'string')
      fail(literal!.offset, `entry ${n}'s "literal" has no "text"`);
    if (
      style!.value === 'block' &&
      (prop(literal!, 'header')?.type !== 'string' || prop(literal!, 'indent')?.type !== 'string')
    )
      fail(literal!.offset, `entry ${n}'s block "literal" has no "header" and "indent"`);
    if (kind!.value === 'fileRef' && prop(node, 'encoding')?.type !== 'object')
      fail(node.offset, `entry ${n} (a fileRef) has no "encoding"`);
  });
  const parsed = JSON.parse(text) as Manifest;
  for (const e of parsed.entries) out.push(e);
  return { version: 1, entries: out };
}
