// --fix, --fix-unsafe and --fix-dry-run over the files a lint run found. Per file, in this order:
// compute the new text (fix passes), stage every object (and, with --upload, upload and verify
// it), record the manifest, and only then write the new text beside the file and rename it over.
// Any failure on the way leaves the file byte for byte as it was.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configRelativePath, type ResolvedConfig } from '../config.js';
import { isInside, repositoryRoot, toPosix, writeFileAtomic } from './files.js';
import type { Linter } from '../linter.js';
import { formOfEncoding, formToMetadata } from '../object-form.js';
import type { Diagnostic, FileResult, FixArtifact } from '../types.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeBounds } from './bounds.js';
import { BUCKET_PLACEHOLDER, type FixSettings } from '../fix/keys.js';
import { compactManifest, manifestPath, recordRewrites, type ManifestEntry } from './manifest.js';
import type { RewriteRecord } from '../fix/rewrites.js';
import { createObjectStore, type ObjectStore } from './s3.js';
import { stageFolderLookup, stageObject, stagedPath } from './stage.js';

export interface FixRunOptions {
  /** lints each pass (src/linter.ts) */
  linter: Linter;
  cwd: string;
  unsafe: boolean;
  dryRun: boolean;
  bucket: string;
  prefix?: string;
  keyTemplate?: string;
  /** absolute */
  stageDir: string;
  upload: boolean;
  endpoint?: string;
  /** rewrite read-only files too */
  readOnly?: boolean;
  /** the repository root: writes stay inside it (and diff headers are relative to it); default repositoryRoot() */
  root?: string;
  /** places the command line names, allowed even outside the root */
  named?: readonly string[];
  /** test seam: a store to use instead of the SDK client */
  store?: ObjectStore;
}

export interface FixRunResult {
  results: FileResult[];
  failures: { filePath: string; message: string }[];
  /** files rewritten (or, with dryRun, that would be) */
  fixedFiles: number;
  /** objects the rewritten files point at (new or already staged) */
  objects: number;
  stagedObjects: number;
  uploadedObjects: number;
  /** a payloadS3 rewrite happened: the deployment needs payloadS3Bucket */
  movedPayloads: boolean;
  diff: string;
}

function fixSettingsFrom(options: Pick<FixRunOptions, 'bucket' | 'prefix' | 'keyTemplate'>): FixSettings {
  return {
    ...(options.bucket
      ? { bucket: options.bucket, ...(options.bucket === BUCKET_PLACEHOLDER ? { placeholderBucket: true } : {}) }
      : { bucketMissing: true }),
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.keyTemplate !== undefined ? { keyTemplate: options.keyTemplate } : {}),
  };
}

export async function applyFixes(
  results: readonly FileResult[],
  config: ResolvedConfig,
  options: FixRunOptions,
): Promise<FixRunResult> {
  const out: FixRunResult = {
    results: [],
    failures: [],
    fixedFiles: 0,
    objects: 0,
    stagedObjects: 0,
    uploadedObjects: 0,
    movedPayloads: false,
    diff: '',
  };
  await options.linter.prepare();
  let store = options.store;
  const root = options.root ?? repositoryRoot(options.cwd, config);
  const bounds = writeBounds(root, options.named ?? []);
  const fixSettings: FixSettings = { ...config.file.fix, ...fixSettingsFrom(options) };
  const stageDir = path.resolve(options.stageDir);
  // Files one after another: the stage is shared; the manifest journal is shared with other runs too.
  for (const result of results) {
    const fixable = result.diagnostics.some((d) => d.fix && (d.fix.kind === 'safe' || options.unsafe));
    // The stage holds objects under content-hash keys: rewriting one (`--no-ignore --fix`) would
    // break the key and what the manifest says is there. It is never a payload.
    if (
      !fixable ||
      (isInside(path.resolve(options.cwd, result.filePath), stageDir) && !isInside(options.cwd, stageDir))
    ) {
      out.results.push(result);
      continue;
    }
    const abs = path.resolve(options.cwd, result.filePath);
    try {
      const original = await fs.readFile(abs);
      const decoded = original.toString('utf8');
      if (!Buffer.from(decoded, 'utf8').equals(original))
        throw new Error('the file is not valid UTF-8; not rewriting it');
      const bom = decoded.startsWith('\uFEFF');
      const text = bom ? decoded.slice(1) : decoded;
      const stage = stageFolderLookup(options.stageDir);
      const outcome = options.linter.fixFileText(result.filePath, text, config, configRelativePath(config, abs), {
        unsafe: options.unsafe,
        fixSettings,
        stagedObjects: (pending) => ({
          bytesOf(bucket, key) {
            const hit = pending.find((a) => a.key === key && (recordOf(a).bucket ?? bucket) === bucket);
            return hit ? hit.bytes.byteLength : stage.bytesOf(bucket, key);
          },
        }),
      });
      if (!outcome.changed) {
        // The run's own result: it may hold findings merged from elsewhere (unused config ignores).
        out.results.push(result);
        continue;
      }
      const refused = unwritable(result.diagnostics, outcome.result.diagnostics);
      if (refused) throw new Error(`${refused}; leaving the file as it is (please report this)`);
      const output = (bom ? '\uFEFF' : '') + outcome.output;
      // Headers relative to the repository root: `git apply` takes the diff from there.
      const file = toPosix(path.relative(root, abs));
      if (options.dryRun) {
        out.fixedFiles++;
        out.objects += dedupe(outcome.artifacts).length;
        out.diff += unifiedDiff(file, decoded, output);
        out.results.push({ ...outcome.result, output });
        continue;
      }
      bounds.check(abs);
      bounds.check(manifestPath(options.stageDir));
      const artifacts = dedupe(outcome.artifacts);
      let staged = 0;
      let uploaded = 0;
      let moved = false;
      for (const a of artifacts) {
        const bucket = recordOf(a).bucket ?? options.bucket;
        if (!bucket) throw new Error('this fix moves data to S3 and no bucket is set (--bucket or fix.bucket)');
        bounds.check(stagedPath(options.stageDir, bucket, a.key));
        if ((await stageObject(options.stageDir, bucket, a.key, a.bytes)) === 'written') staged++;
        if (options.upload) {
          store ??= await createObjectStore({ endpoint: options.endpoint });
          // The function reading the reference rebuilds the string from this, with no manifest.
          const record = recordOf(a);
          const metadata =
            record.kind === 'fileRef' && record.encoding ? formToMetadata(formOfEncoding(record.encoding)) : undefined;
          if ((await store.put(bucket, a.key, a.bytes, a.contentType, metadata)) === 'uploaded') uploaded++;
        }
        if (a.record.kind === 'payloadS3') moved = true;
      }
      await recordRewrites(
        options.stageDir,
        outcome.artifacts.map((a): ManifestEntry => ({ file, ...recordOf(a) })),
      );
      // Compared again just before the rename: a save during the upload is kept, not overwritten.
      await writeFileAtomic(abs, output, { expect: original, editWithin: root, allowReadOnly: options.readOnly });
      // Counted once the file is written: a summary says what happened, not what was tried.
      out.fixedFiles++;
      out.objects += artifacts.length;
      out.stagedObjects += staged;
      out.uploadedObjects += uploaded;
      out.movedPayloads ||= moved;
      out.results.push({ ...outcome.result, output });
    } catch (err) {
      out.failures.push({ filePath: result.filePath, message: err instanceof Error ? err.message : String(err) });
      out.results.push(result);
    }
  }
  if (store && !options.store) store.destroy();
  // One manifest write per run, not per file; if it fails, the journal still holds every entry.
  if (!options.dryRun) {
    // Nothing is lost when this fails: inline reads the journal, and the next run folds it.
    await compactManifest(options.stageDir).catch(() => undefined);
  }
  return out;
}

/** How the parse-error rule says the text is not JSON or YAML at all; its other ids (a rule crash, a later document, an ignored file) say nothing of the syntax. */
const PARSE_FAILURES: ReadonlySet<string> = new Set(['syntax', 'empty', 'binary', 'encoding']);
const DUPLICATE_KEYS: ReadonlySet<string> = new Set(['duplicateKey', 'duplicateTemplateKey']);

/**
 * Why the fixed text must not be written, measured against the original's findings: it does not
 * parse, or it repeats more keys than the original did. A duplicate key already in the original,
 * or a rule that crashed, is no reason to refuse.
 */
export function unwritable(before: readonly Diagnostic[], after: readonly Diagnostic[]): string | undefined {
  const count = (ds: readonly Diagnostic[], ids: ReadonlySet<string>) =>
    ds.filter((d) => d.ruleId === 'parse-error' && ids.has(d.messageId)).length;
  if (count(after, PARSE_FAILURES) > 0) return 'the fixed text would not parse';
  if (count(after, DUPLICATE_KEYS) > count(before, DUPLICATE_KEYS)) return 'the fixed text would repeat a key';
  return undefined;
}

/** A fix artifact's record is the RewriteRecord its rewrite wrote (the artifact type keeps it opaque). */
function recordOf(a: FixArtifact): RewriteRecord {
  return a.record as unknown as RewriteRecord;
}

function dedupe(artifacts: readonly FixArtifact[]): FixArtifact[] {
  const seen = new Set<string>();
  return artifacts.filter((a) => {
    const id = `${recordOf(a).bucket}/${a.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
