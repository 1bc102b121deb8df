// `payload-guard init`: look at the repository, write a starter config that says what was found,
// and print the snippets that wire the linter into pre-commit and CI. Never overwrites a config.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { classify, kindFromPath, type DocumentKind } from './classify.js';
import { CONFIG_FILE_NAMES, type ConfigFile } from './config.js';
import { BUCKET_PLACEHOLDER } from './fix/keys.js';
import { discover, readRegularFile, toPosix } from './io.js';
import { parseSource, loadYamlParser } from './parse/source.js';
import { packageInfo } from './reporters/package-info.js';

interface Survey {
  counts: Partial<Record<DocumentKind | 'unparsable', number>>;
  examples: Partial<Record<DocumentKind | 'unparsable', string[]>>;
  total: number;
  /** every Power Tuning input found (repository-relative) */
  powerTuning?: string[];
  /** per folder: how many of its own files are of each kind */
  byDir?: Record<string, Partial<Record<DocumentKind | 'unparsable', number>>>;
}

/** Parses at most `limit` files (a survey, not a lint). */
async function survey(cwd: string, limit = 2000): Promise<Survey> {
  await loadYamlParser();
  const found = await discover(['.'], { cwd, useIgnores: true, ignoreGlobs: [], ignoreBase: cwd });
  const out: Survey = { counts: {}, examples: {}, total: found.files.length, powerTuning: [], byDir: {} };
  for (const abs of found.files.slice(0, limit)) {
    const rel = toPosix(path.relative(cwd, abs));
    const read = await readRegularFile(abs, 64 * 1024 * 1024);
    let kind: DocumentKind | 'unparsable' = 'unparsable';
    // The path decides first, as in a run: a tsconfig.json with comments is tooling, not unparsable.
    const byPath = kindFromPath(rel);
    if (byPath) kind = byPath.kind;
    else if (read.ok) {
      const parsed = parseSource(rel, read.bytes);
      if (parsed.ok) kind = classify(rel, parsed.document.value, parsed.document.format);
    }
    out.counts[kind] = (out.counts[kind] ?? 0) + 1;
    const dir = (out.byDir![path.posix.dirname(rel)] ??= {});
    dir[kind] = (dir[kind] ?? 0) + 1;
    if (kind === 'power-tuning') out.powerTuning!.push(rel);
    const ex = (out.examples[kind] ??= []);
    if (ex.length < 3) ex.push(rel);
  }
  return out;
}

const LABELS: Record<DocumentKind | 'unparsable', string> = {
  payload: 'payloads (events, execution inputs, fixtures)',
  'power-tuning': 'Lambda Power Tuning inputs',
  'state-machine': 'Step Functions state machine definitions',
  template: 'CloudFormation / SAM / CDK templates',
  serverless: 'Serverless Framework files',
  tooling: 'tooling files (skipped)',
  other: 'other documents (configuration, OpenAPI, schemas; not payloads)',
  'template-source': 'template sources (Cookiecutter, Jinja, VTL; skipped)',
  unparsable: 'files that do not parse',
};

function starterConfig(s: Survey): ConfigFile {
  const config: ConfigFile = {
    rules: { 'payload-size': ['error', { warnAt: 0.8 }], 'no-inline-base64': 'error' },
    ignores: [],
    // Where `--fix` moves inline data; staged under .payload-guard/s3 until you pass --upload.
    fix: { bucket: BUCKET_PLACEHOLDER, prefix: 'payload-guard/' },
  };
  // Power Tuning inputs are found by content; naming them keeps a broken one recognised. A folder
  // is named only when all its payloads are Power Tuning inputs (a folder of events that holds one
  // tuning input must not turn every event into one); otherwise the files are named.
  const tuning = s.powerTuning ?? s.examples['power-tuning'] ?? [];
  const byDir = new Map<string, string[]>();
  for (const f of tuning) byDir.set(path.posix.dirname(f), [...(byDir.get(path.posix.dirname(f)) ?? []), f]);
  const kinds: NonNullable<ConfigFile['kinds']> = [];
  for (const [d, files] of byDir) {
    const here = s.byDir?.[d] ?? {};
    const onlyTuning = Object.entries(here).every(([kind, n]) => kind === 'power-tuning' || kind === 'tooling' || !n);
    if (onlyTuning && s.byDir) kinds.push({ files: d === '.' ? '*.json' : `${d}/*.json`, kind: 'power-tuning' });
    else kinds.push({ files: files.length === 1 ? files[0] : files, kind: 'power-tuning' });
  }
  if (kinds.length) config.kinds = kinds;
  return config;
}

function snippets(): string {
  const info = packageInfo();
  const repo = info.repositoryUrl ?? 'https://github.com/OWNER/payload-guard';
  return `pre-commit (.pre-commit-config.yaml):

  repos:
    - repo: ${repo}
      rev: v${info.version}
      hooks:
        - id: payload-guard
        # - id: payload-guard-fix   # applies safe fixes, then checks

Plain git hook (.git/hooks/pre-commit, executable):

  #!/bin/sh
  exec npx --no-install payload-guard --staged

GitHub Actions (.github/workflows/payload-guard.yml):

  on: [push, pull_request]
  permissions: { contents: read, security-events: write }
  jobs:
    payload-guard:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
        - uses: ${repo.replace(/^https:\/\/github\.com\//, '')}@v${info.version}
          with: { paths: ., format: sarif, sarif-file: payload-guard.sarif }
        - uses: github/codeql-action/upload-sarif@v3
          if: always()
          with: { sarif_file: payload-guard.sarif }

${referenceSetup()}`;
}

/**
 * What the receiving side needs once `--fix` moves data to S3: the function's read permission for
 * `fileRef` references (payload-guard/runtime), and Power Tuning's deployment parameters for
 * `payloadS3` (its template grants s3:GetObject on payloadS3Bucket/payloadS3Key).
 */
function referenceSetup(bucket = BUCKET_PLACEHOLDER, prefix = ''): string {
  return `The function that reads fileRef references (payload-guard/runtime resolveRefs) needs, in its role:

  { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/${prefix}*" }

Power Tuning reads payloadS3 objects when deployed with these parameters:

  payloadS3Bucket=${bucket}  payloadS3Key=${prefix}*
`;
}

export interface InitOutcome {
  written?: string;
  existing?: string;
  report: string;
}

export async function init(cwd: string): Promise<InitOutcome> {
  for (const name of CONFIG_FILE_NAMES) {
    const p = path.join(cwd, name);
    if (await fs.stat(p).then(() => true, () => false)) return { existing: name, report: `${name} already exists; init leaves it alone.\n\n${snippets()}` };
  }
  const pkg = await fs.readFile(path.join(cwd, 'package.json'), 'utf8').catch(() => undefined);
  if (pkg && /"payload-guard"\s*:\s*\{/.test(pkg)) return { existing: 'package.json', report: `package.json already has a "payload-guard" config; init leaves it alone.\n\n${snippets()}` };

  const s = await survey(cwd);
  const config = starterConfig(s);
  const target = path.join(cwd, CONFIG_FILE_NAMES[0]);
  try {
    // `wx`: even a config created a moment ago by someone else is never overwritten.
    await fs.writeFile(target, JSON.stringify(config, null, 2) + '\n', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { existing: CONFIG_FILE_NAMES[0], report: `${CONFIG_FILE_NAMES[0]} already exists; init leaves it alone.\n` };
    throw err;
  }
  const kinds = (Object.keys(s.counts) as (DocumentKind | 'unparsable')[]).sort((a, b) => (s.counts[b] ?? 0) - (s.counts[a] ?? 0));
  let report = `Found ${s.total} JSON/YAML file${s.total === 1 ? '' : 's'}:\n`;
  for (const k of kinds) report += `  ${String(s.counts[k]).padStart(5)}  ${LABELS[k]}  (e.g. ${s.examples[k]!.join(', ')})\n`;
  if (!s.total) report += '  none yet\n';
  report += `\nWrote ${CONFIG_FILE_NAMES[0]}. Set fix.bucket (now "${BUCKET_PLACEHOLDER}") to the bucket --fix should move inline data to.\n\n${snippets()}`;
  return { written: CONFIG_FILE_NAMES[0], report };
}
