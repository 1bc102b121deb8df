// Finding the definition to simulate in the file the user names: an ASL file (placeholders stood
// in), or a template / serverless.yml holding one or more (Definition, DefinitionString, or a
// DefinitionUri / DefinitionS3Location naming a local file, with DefinitionSubstitutions).
import path from 'node:path';
import { classify } from '../classify.js';
import { findDefinitionReferences, findDefinitions, parseStoodIn } from '../definitions/index.js';
import { listDirectory, readRegularFile } from '../io/files.js';
import { parseSource, formatFor, loadParsers } from '../parse/source.js';
import type { SourceDocument } from '../types.js';

export class LoadError extends Error {}

export interface LoadedDefinition {
  name: string;
  value: unknown;
  /** where it came from, for the header line */
  source: string;
  lowerBound: boolean;
}

async function readDocument(file: string, substitutions: Record<string, unknown> = {}): Promise<SourceDocument> {
  const read = await readRegularFile(file);
  if (!read.ok) throw new LoadError(`${file}: ${read.detail}`);
  const parsers = await loadParsers();
  const parsed = parseSource(file, read.bytes, parsers);
  if (parsed.ok && !Object.keys(substitutions).length) return parsed.document;
  const text = parsed.ok ? parsed.document.text : parsed.text;
  const stoodIn = parseStoodIn(file, text, formatFor(file, text), parsers, substitutions);
  if (stoodIn) return stoodIn;
  if (parsed.ok) return parsed.document;
  throw new LoadError(`${file}: ${parsed.error.message}`);
}

/** The definitions in `file`; sources are named relative to `cwd`. */
export async function loadDefinitions(file: string, cwd: string): Promise<LoadedDefinition[]> {
  const rel = (f: string) => relativeName(f, cwd);
  const doc = await readDocument(file);
  const kind = classify(file, doc.value, doc.format);
  const out: LoadedDefinition[] = findDefinitions(
    doc,
    kind === 'tooling' || kind === 'payload' || kind === 'other' ? 'state-machine' : kind,
  )
    .filter((d) => kind !== 'payload' || d.form !== 'document')
    .map((d) => ({
      name: d.name,
      value: d.value,
      source: d.form === 'document' ? rel(file) : `${rel(file)} ${d.path([])}`,
      lowerBound: d.lowerBound,
    }));
  if (kind === 'template') {
    for (const ref of findDefinitionReferences(doc)) {
      const target = path.resolve(path.dirname(file), ref.file);
      const inner = await readDocument(target, ref.substitutions);
      out.push({ name: ref.name, value: inner.value, source: rel(target), lowerBound: false });
    }
  }
  if (kind === 'template') out.push(...(await cdkAssetDefinitions(file, doc, rel)));
  return out.filter((d) => d.value !== null && typeof d.value === 'object' && 'StartAt' in d.value);
}

export async function readJsonFile(file: string, what: string): Promise<unknown> {
  const read = await readRegularFile(file);
  if (!read.ok) throw new LoadError(`${what} ${file}: ${read.detail}`);
  const parsed = parseSource(file, read.bytes, await loadParsers(), formatFor(file, read.bytes.toString('utf8')));
  if (!parsed.ok) throw new LoadError(`${what} ${file}: ${parsed.error.message}`);
  return parsed.document.value;
}

function relativeName(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') ? r.split(path.sep).join('/') : file;
}

/**
 * `DefinitionBody.fromFile` synthesises `DefinitionS3Location: { Bucket, Key }`: the cdk.out
 * assets manifests (`<stack>.assets.json`) map the key to the asset file (`source.path`).
 */
async function cdkAssetDefinitions(
  file: string,
  doc: SourceDocument,
  rel: (file: string) => string,
): Promise<LoadedDefinition[]> {
  const resources = (
    doc.value as { Resources?: Record<string, { Type?: unknown; Properties?: Record<string, unknown> }> }
  ).Resources;
  if (!resources || typeof resources !== 'object') return [];
  const wanted = Object.entries(resources).flatMap(([id, r]) => {
    const key = (r?.Properties?.DefinitionS3Location as { Key?: unknown } | undefined)?.Key;
    return String(r?.Type).startsWith('AWS::') && typeof key === 'string' ? [{ id, key }] : [];
  });
  if (!wanted.length) return [];
  const dir = path.dirname(file);
  const sources = new Map<string, string>();
  for (const name of (await listDirectory(dir)).filter((n) => n.endsWith('.assets.json'))) {
    const manifest = (await readJsonFile(path.join(dir, name), 'assets manifest').catch(() => undefined)) as
      | {
          files?: Record<
            string,
            { source?: { path?: unknown }; destinations?: Record<string, { objectKey?: unknown }> }
          >;
        }
      | undefined;
    for (const asset of Object.values(manifest?.files ?? {})) {
      if (typeof asset?.source?.path !== 'string') continue;
      for (const d of Object.values(asset.destinations ?? {}))
        if (typeof d?.objectKey === 'string') sources.set(d.objectKey, asset.source.path);
    }
  }
  const out: LoadedDefinition[] = [];
  for (const { id, key } of wanted) {
    const source = sources.get(key);
    if (!source) continue;
    const target = path.resolve(dir, source);
    const inner = await readDocument(target);
    out.push({ name: id, value: inner.value, source: rel(target), lowerBound: false });
  }
  return out;
}
