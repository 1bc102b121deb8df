// `payload-guard inline`: the inverse of the rewrites. It looks for references in the files (not
// only where the manifest says they are: a file may have moved, or the manifest may be gone) and,
// for each, finds the manifest entry that recorded it, fetches the object (from the stage dir, or
// S3 with --download), checks its SHA-256, and writes the original back: the same key as written,
// the same base64 text (alphabet, padding, line breaks, data: prefix) in the same literal style.
// Rewrites nested in a moved payload come back in a later pass, once the payload is back. Every
// reference found is accounted for: put back, or listed with the reason.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Base64Info } from '../base64/detect.js';
import { encodeBase64Like } from '../base64/detect.js';
import { toPosix, writeFileAtomic } from './files.js';
import { loadParsers, parseSource } from '../parse/source.js';
import { getAt, toPointer } from '../pointer.js';
import { applyEdits } from '../text.js';
import type { TextEdit } from '../types.js';
import { writeBounds } from './bounds.js';
import { DEFAULT_KEY_TEMPLATE } from '../fix/keys.js';
import { renderLiteral } from '../fix/literal.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import { createObjectStore, type ObjectStore } from './s3.js';
import { readStaged, sha256 } from './stage.js';

export interface InlineOptions {
  cwd: string;
  /** the repository root: manifest paths are relative to it, and writes stay inside it */
  root: string;
  /** absolute */
  stageDir: string;
  manifest: Manifest;
  /** absolute paths of the files to look in (besides the manifest's own, within `scope`) */
  files: readonly string[];
  /** absolute paths the command line names (empty: the whole root) */
  scope: readonly string[];
  download: boolean;
  endpoint?: string;
  /** the config's fix.keyTemplate, to recognise reference keys without a manifest entry */
  keyTemplate?: string;
  store?: ObjectStore;
}

interface InlineFailure {
  filePath: string;
  message: string;
}

export interface InlineResult {
  files: { filePath: string; restored: number }[];
  /** references found and not put back, each with its reason (and files that failed whole) */
  failures: InlineFailure[];
  /** manifest entries whose file is gone and whose reference was found nowhere */
  gone: string[];
}

// The object keys --fix writes: `<prefix><16 hex>.<ext>` or `<prefix><name>-<16 hex>.json`.
const OUR_KEY = /(?:^|[/-])[0-9a-f]{16}\.[a-z0-9]{1,10}$/;

/** Is `member: uri` a reference --fix could have written (used when no manifest entry names it)? */
function looksLikeOurs(member: string, uri: string, template: string): boolean {
  const m = /^s3:\/\/[^/]+\/(.+)$/.exec(uri);
  if (!m || !OUR_KEY.test(m[1])) return false;
  if (member === 'payloadS3') return true;
  const [pre, post = ''] = template.includes('{key}') ? template.split('{key}') : ['', template];
  return member.length > pre.length + post.length && member.startsWith(pre) && member.endsWith(post);
}

interface Reference {
  segments: string[];
  uri: string;
}

/** Every member whose value is an `s3://` string that the manifest records or that looks like ours. */
function findReferences(value: unknown, known: (uri: string) => boolean, template: string): Reference[] {
  const out: Reference[] = [];
  const stack: { node: unknown; segments: string[] }[] = [{ node: value, segments: [] }];
  while (stack.length) {
    const { node, segments } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const [k, v] of Object.entries(node)) {
      const here = [...segments, k];
      if (typeof v === 'string') {
        if (!Array.isArray(node) && v.startsWith('s3://') && (known(v) || looksLikeOurs(k, v, template)))
          out.push({ segments: here, uri: v });
      } else if (v && typeof v === 'object') stack.push({ node: v, segments: here });
    }
  }
  return out.sort((a, b) => (toPointer(a.segments) < toPointer(b.segments) ? -1 : 1));
}

const inScope = (abs: string, scope: readonly string[]) =>
  !scope.length || scope.some((s) => abs === s || abs.startsWith(s.endsWith(path.sep) ? s : s + path.sep));

export async function inlineFiles(options: InlineOptions): Promise<InlineResult> {
  const parsers = await loadParsers();
  const { root, cwd } = options;
  const template = options.keyTemplate || DEFAULT_KEY_TEMPLATE;
  const bounds = writeBounds(root, options.scope);
  // Manifest paths are relative to the root; older manifests wrote them relative to the folder
  // --fix ran in, which is tried when the root-relative file does not exist.
  const entryFile = (e: ManifestEntry): string | undefined => {
    for (const base of [root, cwd]) {
      const abs = path.resolve(base, e.file);
      if (existsSync(abs)) return abs;
    }
    return undefined;
  };
  const byUri = new Map<string, ManifestEntry[]>();
  const fileOf = new Map<ManifestEntry, string | undefined>();
  for (const e of options.manifest.entries) {
    byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
    fileOf.set(e, entryFile(e));
  }
  // The stage dir (the manifest, the objects) is never a file to inline.
  const stage = path.resolve(options.stageDir);
  const candidates = new Set(options.files.map((f) => path.resolve(f)).filter((f) => !inScope(f, [stage])));
  for (const f of fileOf.values()) if (f && inScope(f, options.scope)) candidates.add(f);
  const result: InlineResult = { files: [], failures: [], gone: [] };
  const used = new Set<ManifestEntry>();
  let store = options.store;
  const fetchObject = async (e: ManifestEntry): Promise<Buffer> => {
    let bytes: Buffer;
    if (options.download) {
      store ??= await createObjectStore({ endpoint: options.endpoint }, 'inline --download');
      bytes = await store.get(e.bucket, e.key);
    } else {
      try {
        bytes = await readStaged(options.stageDir, e.bucket, e.key);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        throw new Error(
          `${path.relative(cwd, path.join(options.stageDir, e.bucket, e.key))} is not in the stage dir (deleted?); run inline --download to fetch it from S3`,
          { cause: err },
        );
      }
    }
    if (sha256(bytes) !== e.sha256)
      throw new Error(`${e.uri} does not hold what was moved there (SHA-256 differs); not inlining it`);
    return bytes;
  };

  for (const abs of [...candidates].sort()) {
    const filePath = toPosix(path.relative(cwd, abs)) || abs;
    const rel = toPosix(path.relative(root, abs));
    const relCwd = toPosix(path.relative(cwd, abs));
    // The entry that recorded this reference: this file's own first, else one whose file moved.
    const entryFor = (ref: Reference): ManifestEntry | undefined => {
      const pointer = toPointer(ref.segments);
      const same = (byUri.get(ref.uri) ?? []).filter((e) => e.refPointer === pointer);
      return (
        same.find((e) => fileOf.get(e) === abs || e.file === rel || e.file === relCwd) ??
        same.find((e) => !used.has(e)) ??
        same[0]
      );
    };
    const unresolved = new Map<string, string>();
    try {
      const raw = await fs.readFile(abs);
      const decoded = raw.toString('utf8');
      const bom = decoded.startsWith('\uFEFF');
      let text = bom ? decoded.slice(1) : decoded;
      let restored = 0;
      const seenUris = new Set<string>();
      /** pointers of the members put back so far */
      const putBack = new Set<string>();
      for (const e of options.manifest.entries) if (fileOf.get(e) === abs) seenUris.add(e.uri);
      for (let pass = 0; pass < 10; pass++) {
        const parsed = parseSource(filePath, text, parsers);
        if (!parsed.ok) {
          // A file of ours that no longer parses is a failure; anything else is not ours to judge.
          if (restored || seenUris.size) throw new Error(`cannot parse: ${parsed.error.message}`);
          break;
        }
        const doc = parsed.document;
        const edits: TextEdit[] = [];
        for (const ref of findReferences(doc.value, (uri) => byUri.has(uri), template)) {
          const id = toPointer(ref.segments);
          seenUris.add(ref.uri);
          const e = entryFor(ref);
          if (!e) {
            unresolved.set(
              id,
              `${id} still points at ${ref.uri}, and the manifest (${path.relative(cwd, options.stageDir) || '.'}/manifest.json) records no such rewrite, so the original is unknown (was the manifest deleted, or is it under another --stage-dir?)`,
            );
            continue;
          }
          const parent = getAt(doc.value, ref.segments.slice(0, -1));
          if (putBack.has(toPointer([...ref.segments.slice(0, -1), e.originalKey]))) {
            unresolved.set(
              id,
              `${id} points at ${ref.uri} once more after the original was put back (a duplicate key: only the last one is read); remove the duplicate by hand`,
            );
            continue;
          }
          if (parent && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, e.originalKey)) {
            unresolved.set(
              id,
              `${id} points at ${ref.uri}, but \`${e.originalKey}\` is there again beside it (added by hand?); remove one of the two and run inline again`,
            );
            continue;
          }
          const at = doc.locate(ref.segments);
          if (!at?.key) {
            unresolved.set(id, `${id} points at ${ref.uri}, but its place in the text cannot be found`);
            continue;
          }
          let bytes: Buffer;
          try {
            bytes = await fetchObject(e);
          } catch (err) {
            unresolved.set(id, `${id}: ${(err as Error).message}`);
            continue;
          }
          used.add(e);
          putBack.add(toPointer([...ref.segments.slice(0, -1), e.originalKey]));
          unresolved.delete(id);
          if (e.literal.style === 'memberTail') {
            edits.push({ start: at.key.start, end: at.value.end, text: e.keyRaw + e.literal.text });
          } else {
            const valueText =
              e.kind === 'fileRef'
                ? renderLiteral(e.literal, encodeBase64Like(bytes, infoFrom(e)))
                : bytes.toString('utf8');
            edits.push(
              { start: at.key.start, end: at.key.end, text: e.keyRaw },
              { start: at.value.start, end: at.value.end, text: valueText },
            );
          }
          restored++;
        }
        if (!edits.length) break;
        text = applyEdits(text, edits);
      }
      // A reference the parsed document does not show (a duplicate key hides the first) is
      // still in the text: name it rather than call the file done.
      for (const uri of seenUris) {
        if (!text.includes(uri) || [...unresolved.values()].some((m) => m.includes(uri))) continue;
        unresolved.set(
          `text:${uri}`,
          `${uri} is still in the text after inlining (a duplicate key?); put the original back by hand or remove the duplicate and run inline again`,
        );
      }
      if (restored) {
        bounds.check(abs);
        await writeFileAtomic(abs, (bom ? '\uFEFF' : '') + text, { expect: raw, editWithin: root });
      }
      if (restored || unresolved.size || seenUris.size) result.files.push({ filePath, restored });
      for (const message of unresolved.values())
        result.failures.push({ filePath, message: `not put back: ${message}` });
    } catch (err) {
      result.failures.push({
        filePath,
        message: `not inlined, the file is unchanged: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  for (const e of options.manifest.entries) {
    if (fileOf.get(e) || used.has(e)) continue;
    const abs = path.resolve(root, e.file);
    if (!inScope(abs, options.scope)) continue;
    if (!result.gone.includes(e.file)) result.gone.push(e.file);
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
