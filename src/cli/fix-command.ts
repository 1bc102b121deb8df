// The command-line side of fixing and inlining, kept out of src/cli/ (which only wires flags to
// these functions). Notes for the user go to stderr so that `--format json` stays parseable.
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { FileResult } from '../types.js';
import { BUCKET_NAME, BUCKET_PLACEHOLDER, realBucket, type FixSettings } from '../fix/keys.js';
import { repositoryRoot, stageDirOf } from '../io/files.js';
import type { Linter } from '../linter.js';

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
  /** the path arguments: places named on the command line may be written even outside the root */
  paths?: string[];
}

/** Where notes and the dry-run diff go: the CLI's streams. */
export interface CommandStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface FixPlan {
  /** absent: fixes that move data to S3 are a usage error, the others still apply */
  bucket?: string;
  /** the bucket set is init's placeholder (treated as unset) */
  placeholderBucket?: boolean;
  prefix?: string;
  keyTemplate?: string;
  stageDir: string;
  /** the repository root (git top level, else the config's folder): writes stay inside it */
  root: string;
  /** places the command line names, allowed even outside the root */
  named: string[];
  unsafe: boolean;
  dryRun: boolean;
  upload: boolean;
  endpoint?: string;
  /** rewrite read-only files too (--fix-read-only) */
  readOnly: boolean;
  /** the dry-run diff goes to stderr: a machine-readable report holds stdout */
  diffToStderr?: boolean;
}

/** A bucket name that only stands in for the real one in a dry-run diff (nothing is written). */
const DRY_RUN_BUCKET = BUCKET_PLACEHOLDER;

function bucketToSet(placeholder: boolean | undefined): string {
  return placeholder
    ? `the config's fix.bucket is still the placeholder "${BUCKET_PLACEHOLDER}" that init wrote: set it to your bucket's name in payload-guard.config.json, or pass --bucket NAME`
    : 'pass --bucket NAME (and optionally --prefix PATH/), or set "fix": {"bucket": "NAME", "prefix": "PATH/"} in payload-guard.config.json';
}

const needsBucket = (placeholder: boolean | undefined) =>
  `fixing moves data to S3 and needs a bucket: ${bucketToSet(placeholder)} (--fix-dry-run shows the changes without one).`;

/** The destination (a wrong bucket name is a usage error; a missing one is checked per fix). */
export async function planFix(flags: FixFlags, config: ResolvedConfig, cwd: string): Promise<FixPlan> {
  const set = flags.bucket ?? config.file.fix?.bucket;
  if (set !== undefined && !BUCKET_NAME.test(set))
    throw new UsageError(
      `--bucket ${JSON.stringify(set)} is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).`,
    );
  if (flags.upload && flags.fixDryRun)
    throw new UsageError('--upload and --fix-dry-run do not go together: a dry run writes and uploads nothing.');
  // A missing SDK is found before any file is rewritten, not once per file after staging.
  if (flags.upload) await (await import('../io/s3.js')).loadSdk('--upload');
  const root = repositoryRoot(cwd, config);
  const stageDir = stageDirOf(flags.stageDir, config, cwd, root);
  return {
    bucket: realBucket(set),
    placeholderBucket: set === BUCKET_PLACEHOLDER,
    prefix: flags.prefix ?? config.file.fix?.prefix,
    keyTemplate: config.file.fix?.keyTemplate,
    stageDir,
    root,
    named: [...(flags.paths ?? []).map((p) => path.resolve(cwd, p)), ...(flags.stageDir ? [stageDir] : [])],
    unsafe: !!flags.fixUnsafe,
    dryRun: !!flags.fixDryRun,
    upload: !!flags.upload,
    endpoint: flags.endpointUrl,
    readOnly: !!flags.fixReadOnly,
  };
}

/** The settings rules build fixes from; a dry run without a bucket shows a placeholder. */
export function fixSettingsOf(plan: FixPlan): FixSettings {
  const bucket = plan.bucket ?? (plan.dryRun ? DRY_RUN_BUCKET : undefined);
  return {
    ...(bucket ? { bucket, ...(plan.bucket ? {} : { placeholderBucket: true }) } : { bucketMissing: true }),
    ...(plan.prefix !== undefined ? { prefix: plan.prefix } : {}),
    ...(plan.keyTemplate ? { keyTemplate: plan.keyTemplate } : {}),
  };
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** Apply the fixes, print the diff (dry run) and the notes; returns the results to report. */
export async function runFixes(
  results: FileResult[],
  config: ResolvedConfig,
  plan: FixPlan,
  cwd: string,
  out: CommandStreams,
  linter: Linter,
): Promise<{ results: FileResult[]; failed: boolean }> {
  const { applyFixes } = await import('../io/fix-run.js');
  // Without a bucket, a fix that would move data is a usage error, found before anything is written.
  if (
    !plan.bucket &&
    !plan.dryRun &&
    results.some((r) => r.diagnostics.some((d) => d.fix?.artifacts?.length && (d.fix.kind === 'safe' || plan.unsafe)))
  ) {
    throw new UsageError(needsBucket(plan.placeholderBucket));
  }
  const bucket = plan.bucket ?? (plan.dryRun ? DRY_RUN_BUCKET : '');
  const run = await applyFixes(results, config, { linter, cwd, ...plan, bucket });
  const err = (s: string) => out.stderr.write(s);
  if (plan.dryRun) (plan.diffToStderr ? out.stderr : out.stdout).write(run.diff);
  for (const f of run.failures) err(`payload-guard: ${f.filePath}: not fixed, the file is unchanged: ${f.message}\n`);
  const stageRel = path.relative(cwd, plan.stageDir) || '.';
  if (plan.dryRun) {
    if (run.fixedFiles) {
      err(`payload-guard: --fix-dry-run: ${plural(run.fixedFiles, 'file')} would change; nothing was written.\n`);
      if (!plan.bucket && run.objects)
        err(
          `payload-guard: the diff names the placeholder bucket "${DRY_RUN_BUCKET}": before --fix, ${bucketToSet(plan.placeholderBucket)}.\n`,
        );
    }
    return { results: run.results, failed: run.failures.length > 0 };
  }
  if (run.fixedFiles || run.failures.length) {
    const notFixed = run.failures.length ? `; ${plural(run.failures.length, 'file')} not fixed (see above)` : '';
    err(`payload-guard: fixed ${plural(run.fixedFiles, 'file')}${notFixed}.\n`);
  }
  if (run.objects) {
    err(
      `payload-guard: ${run.objects} object${run.objects === 1 ? ' is' : 's are'} staged under ${stageRel}/${plan.bucket} (manifest: ${stageRel}/manifest.json).\n`,
    );
    if (plan.upload)
      err(
        `payload-guard: uploaded ${plural(run.uploadedObjects, 'new object')} to s3://${plan.bucket} and verified each one${run.objects > run.uploadedObjects ? ` (${run.objects - run.uploadedObjects} already there)` : ''}.\n`,
      );
    else
      err(
        `payload-guard: upload them before using the files:\n  aws s3 sync ${stageRel}/${plan.bucket} s3://${plan.bucket}\n`,
      );
    if (run.movedPayloads) {
      err(
        `payload-guard: Power Tuning reads payloadS3 only from the bucket it was deployed for: deploy it with payloadS3Bucket=${plan.bucket} (and payloadS3Key=${plan.prefix ? plan.prefix + '*' : '*'} to narrow its access).\n`,
      );
    }
  }
  return { results: run.results, failed: run.failures.length > 0 };
}

export interface InlineFlags {
  paths: string[];
  stageDir?: string;
  download?: boolean;
  endpointUrl?: string;
}

export async function runInlineCommand(
  flags: InlineFlags,
  cwd: string,
  out: CommandStreams,
  linter: Linter,
): Promise<number> {
  const { inlineFiles } = await import('../io/inline.js');
  const { readCheckedManifest, ManifestError } = await import('../io/manifest-check.js');
  const { getConfig } = await import('../lint.js');
  const { discover } = await import('../io/files.js');
  const config = await getConfig({ linter, cwd });
  const root = repositoryRoot(cwd, config);
  // The same stage dir --fix uses: --stage-dir, else the config's fix.stageDir, else the root's.
  const stageDir = stageDirOf(flags.stageDir, config, cwd, root);
  if (flags.download) await (await import('../io/s3.js')).loadSdk('inline --download');
  const err = (s: string) => out.stderr.write(s);
  let manifest;
  try {
    ({ manifest } = await readCheckedManifest(stageDir));
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    err(`payload-guard: ${e.message}\n`);
    return 2;
  }
  // References are looked for in the files themselves: a file may have moved, the manifest may be gone.
  const found = await discover(flags.paths.length ? flags.paths : ['.'], {
    cwd: flags.paths.length ? cwd : root,
    useIgnores: true,
    ignoreGlobs: [],
    ignoreBase: root,
  });
  if (found.missing.length)
    throw new UsageError(`No files matching ${found.missing.map((m) => `'${m}'`).join(', ')} were found.`);
  const scope = flags.paths.map((p) => path.resolve(cwd, p));
  const run = await inlineFiles({
    cwd,
    root,
    stageDir,
    manifest,
    files: found.files,
    scope,
    download: !!flags.download,
    endpoint: flags.endpointUrl,
    keyTemplate: config.file.fix?.keyTemplate,
  });
  const restored = run.files.reduce((n, f) => n + f.restored, 0);
  for (const f of run.files)
    if (f.restored) out.stdout.write(`${f.filePath}: put back ${plural(f.restored, 'value')}\n`);
  for (const f of run.failures) err(`payload-guard: ${f.filePath}: ${f.message}\n`);
  for (const g of run.gone)
    err(
      `payload-guard: note: the manifest records ${g}, which is gone (moved or deleted?); a moved file is put back when inline looks at its new place.\n`,
    );
  const where = flags.paths.length ? flags.paths.join(', ') : path.relative(cwd, root) || '.';
  if (!restored && !run.failures.length) {
    err(
      `payload-guard: nothing to inline: no file in ${where} points at an object --fix moved${manifest.entries.length ? '' : `, and ${path.relative(cwd, stageDir) || '.'}/manifest.json records no rewrite`}.\n`,
    );
  } else if (run.failures.length) {
    err(
      `payload-guard: inline put back ${plural(restored, 'value')}; ${plural(run.failures.length, 'reference')} ${run.failures.length === 1 ? 'is' : 'are'} not put back (listed above).\n`,
    );
  }
  return run.failures.length ? 2 : 0;
}
