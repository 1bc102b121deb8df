// The command-line side of fixing and inlining, kept out of src/cli.ts (which only wires flags to
// these functions). Notes for the user go to stderr so that `--format json` stays parseable.
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { FileResult } from '../types.js';
import { BUCKET_NAME } from './keys.js';
import { DEFAULT_STAGE_DIR } from './stage.js';

export interface FixFlags {
  fix?: boolean;
  fixUnsafe?: boolean;
  fixDryRun?: boolean;
  bucket?: string;
  prefix?: string;
  stageDir?: string;
  upload?: boolean;
  endpointUrl?: string;
  fixReadOnly?: boolean;
}

export function fixRequested(flags: FixFlags): boolean {
  return !!(flags.fix || flags.fixUnsafe || flags.fixDryRun);
}

export interface FixPlan {
  /** absent: fixes that move data to S3 are a usage error, the others still apply */
  bucket?: string;
  prefix?: string;
  keyTemplate?: string;
  stageDir: string;
  unsafe: boolean;
  dryRun: boolean;
  upload: boolean;
  endpoint?: string;
  /** rewrite read-only files too (--fix-read-only) */
  readOnly: boolean;
}

const NEEDS_BUCKET =
  'fixing moves data to S3 and needs a bucket: pass --bucket NAME (and optionally --prefix PATH/), or set "fix": {"bucket": "NAME", "prefix": "PATH/"} in payload-guard.config.json.';

/** The destination (a wrong bucket name is a usage error; a missing one is checked per fix). */
export function planFix(flags: FixFlags, config: ResolvedConfig, cwd: string): FixPlan {
  const bucket = flags.bucket ?? config.file.fix?.bucket;
  if (bucket !== undefined && !BUCKET_NAME.test(bucket)) throw new UsageError(`--bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).`);
  if (flags.upload && flags.fixDryRun) throw new UsageError('--upload and --fix-dry-run do not go together: a dry run writes and uploads nothing.');
  return {
    bucket,
    prefix: flags.prefix ?? config.file.fix?.prefix,
    keyTemplate: config.file.fix?.keyTemplate,
    stageDir: flags.stageDir
      ? path.resolve(cwd, flags.stageDir)
      : config.file.fix?.stageDir
        ? path.resolve(config.baseDir, config.file.fix.stageDir)
        : path.resolve(cwd, DEFAULT_STAGE_DIR),
    unsafe: !!flags.fixUnsafe,
    dryRun: !!flags.fixDryRun,
    upload: !!flags.upload,
    endpoint: flags.endpointUrl,
    readOnly: !!flags.fixReadOnly,
  };
}

export function fixSettingsOf(plan: FixPlan): Record<string, unknown> {
  return { ...(plan.bucket ? { bucket: plan.bucket } : { bucketMissing: true }), ...(plan.prefix !== undefined ? { prefix: plan.prefix } : {}), ...(plan.keyTemplate ? { keyTemplate: plan.keyTemplate } : {}) };
}

/** Apply the fixes, print the diff (dry run) and the notes; returns the results to report. */
export async function runFixes(results: FileResult[], config: ResolvedConfig, plan: FixPlan, cwd: string): Promise<{ results: FileResult[]; failed: boolean }> {
  const { applyFixes } = await import('./run.js');
  // Without a bucket, a fix that would move data is a usage error, found before anything is written.
  if (!plan.bucket && results.some((r) => r.diagnostics.some((d) => d.fix?.artifacts?.length && (d.fix.kind === 'safe' || plan.unsafe)))) {
    throw new UsageError(NEEDS_BUCKET);
  }
  const run = await applyFixes(results, config, { cwd, ...plan, bucket: plan.bucket ?? '' });
  const err = (s: string) => process.stderr.write(s);
  if (plan.dryRun) process.stdout.write(run.diff);
  for (const f of run.failures) err(`payload-guard: ${f.filePath}: not fixed, the file is unchanged: ${f.message}\n`);
  const stageRel = path.relative(cwd, plan.stageDir) || '.';
  if (!plan.dryRun && run.fixedFiles) {
    err(`payload-guard: fixed ${run.fixedFiles} file${run.fixedFiles === 1 ? '' : 's'}.\n`);
  }
  if (!plan.dryRun && run.objects) {
    err(`payload-guard: ${run.objects} object${run.objects === 1 ? ' is' : 's are'} staged under ${stageRel}/${plan.bucket} (manifest: ${stageRel}/manifest.json).\n`);
    if (plan.upload) err(`payload-guard: uploaded ${run.uploadedObjects} new object${run.uploadedObjects === 1 ? '' : 's'} to s3://${plan.bucket} and verified each one.\n`);
    else err(`payload-guard: upload them before using the files:\n  aws s3 sync ${stageRel}/${plan.bucket} s3://${plan.bucket}\n`);
    if (run.movedPayloads) {
      err(
        `payload-guard: Power Tuning reads payloadS3 only from the bucket it was deployed for: deploy it with payloadS3Bucket=${plan.bucket} (and payloadS3Key=${plan.prefix ? plan.prefix + '*' : '*'} to narrow its access).\n`,
      );
    }
  } else if (plan.dryRun && run.fixedFiles) {
    err(`payload-guard: --fix-dry-run: ${run.fixedFiles} file${run.fixedFiles === 1 ? '' : 's'} would change; nothing was written.\n`);
  }
  return { results: run.results, failed: run.failures.length > 0 };
}

export interface InlineFlags {
  paths: string[];
  stageDir?: string;
  download?: boolean;
  endpointUrl?: string;
}

export async function runInlineCommand(flags: InlineFlags): Promise<number> {
  const cwd = process.cwd();
  const { inlineFiles } = await import('./inline.js');
  const stageDir = path.resolve(cwd, flags.stageDir ?? DEFAULT_STAGE_DIR);
  const run = await inlineFiles(flags.paths, { cwd, stageDir, download: !!flags.download, endpoint: flags.endpointUrl });
  if (!run.files.length && !run.failures.length) {
    process.stderr.write(`payload-guard: nothing to inline: ${path.relative(cwd, stageDir) || '.'}/manifest.json records no rewrite${flags.paths.length ? ' of these paths' : ''}.\n`);
  }
  for (const f of run.files) if (f.restored) process.stdout.write(`${f.filePath}: put back ${f.restored} value${f.restored === 1 ? '' : 's'}\n`);
  for (const f of run.failures) process.stderr.write(`payload-guard: ${f.filePath}: not inlined, the file is unchanged: ${f.message}\n`);
  return run.failures.length ? 2 : 0;
}
