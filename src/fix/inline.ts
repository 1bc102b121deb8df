// `payload-guard inline`: the inverse of the rewrites. For every manifest entry whose reference is
// still in its file, fetch the object (from the stage dir, or S3 with --download), check its
// SHA-256, and write the original back: the same key as written, the same base64 text (alphabet,
// padding, line breaks, data: prefix) in the same literal style. Rewrites nested in a moved
// payload come back in a later pass, once the payload is back.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Base64Info } from '../base64.js';
import { encodeBase64Like } from '../base64.js';
import { editRoot, toPosix, writeFileAtomic } from '../io.js';
import { parseSource, loadYamlParser } from '../parse/source.js';
import { fromPointer, getAt } from '../pointer.js';
import { applyEdits } from '../text.js';
import type { TextEdit } from '../types.js';
import { renderLiteral } from './literal.js';
import { readManifest, type ManifestEntry } from './manifest.js';
import { createObjectStore, type ObjectStore } from './s3.js';
import { readStaged, sha256 } from './stage.js';

export interface InlineOptions {
  cwd: string;
  /** absolute */
  stageDir: string;
  download: boolean;
  endpoint?: string;
  store?: ObjectStore;
}

export interface InlineResult {
  files: { filePath: string; restored: number }[];
  failures: { filePath: string; message: string }[];
}

export async function inlineFiles(paths: readonly string[], options: InlineOptions): Promise<InlineResult> {
  await loadYamlParser();
  const manifest = await readManifest(options.stageDir);
  const byFile = new Map<string, ManifestEntry[]>();
  for (const e of manifest.entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const wanted = paths.map((p) => toPosix(path.relative(options.cwd, path.resolve(options.cwd, p))));
  const files = [...byFile.keys()].filter((f) => !wanted.length || wanted.some((w) => w === '' || f === w || f.startsWith(w.replace(/\/$/, '') + '/'))).sort();
  const result: InlineResult = { files: [], failures: [] };
  let store = options.store;
  const fetchObject = async (e: ManifestEntry): Promise<Buffer> => {
    let bytes: Buffer;
    if (options.download) {
      store ??= await createObjectStore({ endpoint: options.endpoint });
      bytes = await store.get(e.bucket, e.key);
    } else bytes = await readStaged(options.stageDir, e.bucket, e.key);
    if (sha256(bytes) !== e.sha256) throw new Error(`${e.uri} does not hold what was moved there (SHA-256 differs); not inlining it`);
    return bytes;
  };
  const root = await editRoot(options.cwd);
  for (const filePath of files) {
    const abs = path.resolve(options.cwd, filePath);
    try {
      const raw = await fs.readFile(abs);
      const decoded = raw.toString('utf8');
      const bom = decoded.startsWith('\uFEFF');
      let text = bom ? decoded.slice(1) : decoded;
      let restored = 0;
      for (let pass = 0; pass < 10; pass++) {
        const parsed = parseSource(filePath, text);
        if (!parsed.ok) throw new Error(`cannot parse: ${parsed.error.message}`);
        const doc = parsed.document;
        const edits: TextEdit[] = [];
        for (const e of byFile.get(filePath)!) {
          const segments = fromPointer(e.refPointer);
          if (getAt(doc.value, segments) !== e.uri) continue;
          const parent = getAt(doc.value, segments.slice(0, -1));
          if (parent && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, e.originalKey)) continue;
          const at = doc.locate(segments);
          if (!at?.key) continue;
          const bytes = await fetchObject(e);
          if (e.literal.style === 'memberTail') {
            edits.push({ start: at.key.start, end: at.value.end, text: e.keyRaw + e.literal.text });
            restored++;
            continue;
          }
          const valueText = e.kind === 'fileRef' ? renderLiteral(e.literal, encodeBase64Like(bytes, infoFrom(e))) : bytes.toString('utf8');
          edits.push({ start: at.key.start, end: at.key.end, text: e.keyRaw }, { start: at.value.start, end: at.value.end, text: valueText });
          restored++;
        }
        if (!edits.length) break;
        text = applyEdits(text, edits);
      }
      if (restored) await writeFileAtomic(abs, (bom ? '\uFEFF' : '') + text, { expect: raw, editWithin: root });
      result.files.push({ filePath, restored });
    } catch (err) {
      result.failures.push({ filePath, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (store && !options.store) store.destroy();
  return result;
}

function infoFrom(e: ManifestEntry): Base64Info {
  const enc = e.encoding!;
  return {
    alphabet: enc.alphabet,
    padded: enc.padded,
    lineBreak: enc.lineBreak,
    lineLength: enc.lineLength,
    trailingLineBreak: enc.trailingLineBreak,
    ...(enc.dataUriPrefix ? { dataUri: { prefix: enc.dataUriPrefix, mediaType: e.contentType } } : {}),
  } as Base64Info;
}
