// `payload-guard init`: look at the repository, write a starter config that says what was found,
// and print the snippets that wire the linter into pre-commit and CI. Never overwrites a config.
import path from 'node:path';
import { classify, kindFromPath, type DocumentKind } from './classify.js';
import { CONFIG_FILE_NAMES, type ConfigFile } from './config.js';
import { BUCKET_PLACEHOLDER } from './fix/keys.js';
import {
  discover,
  pathExists,
  readRegularFile,
  readTextIfAny,
  readTextUnlessMissing,
  toPosix,
  writeFileAtomic,
  writeNewFile,
} from './io/files.js';
import { loadParsers, parseSource } from './parse/source.js';
import { packageInfo } from './io/package-info.js';

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
  const parsers = await loadParsers();
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
      const parsed = parseSource(rel, read.bytes, parsers);
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

/** Where the snippets point: package.json's `repository` and `version`, read at run time. */
export interface Coordinates {
  version: string;
  /** https URL of the repository */
  repositoryUrl: string;
  /** `owner/name` for `uses:` in a workflow */
  actionRef: string;
}

export function coordinates(): Coordinates {
  const info = packageInfo();
  const repositoryUrl = info.repositoryUrl ?? 'https://github.com/payload-guard/payload-guard';
  return { version: info.version, repositoryUrl, actionRef: repositoryUrl.replace(/^https:\/\/github\.com\//, '') };
}

/**
 * The wiring snippets, the same text the README shows between its `<!-- snippet: NAME -->`
 * markers (test/snippets.test.ts compares them and runs them in scratch repositories).
 */
export function snippetTexts(c: Coordinates = coordinates()): Record<SnippetName, string> {
  return {
    'pre-commit': `# .pre-commit-config.yaml
repos:
  - repo: ${c.repositoryUrl}
    rev: v${c.version}
    hooks:
      - id: payload-guard         # check the staged JSON and YAML files
      # - id: payload-guard-fix   # apply safe fixes (needs fix.bucket), then check
`,
    'lint-staged-install': `npm i -D payload-guard husky lint-staged
`,
    'lint-staged': `// package.json
{
  "scripts": { "prepare": "husky" },
  "lint-staged": { "*.{json,jsonc,yaml,yml,tf}": "payload-guard" }
}
`,
    husky: `# .husky/pre-commit
npx lint-staged
`,
    'plain-hook': `#!/bin/sh
# .git/hooks/pre-commit (chmod +x): lint what is staged. Needs \`npm i -D payload-guard\` first.
if [ ! -x node_modules/.bin/payload-guard ]; then
  echo 'pre-commit: payload-guard is not installed here; run: npm i -D payload-guard' >&2
  exit 1
fi
exec node_modules/.bin/payload-guard --staged
`,
    'action-annotations': workflow(c, '', '          paths: .\n', ''),
    'action-sarif': workflow(
      c,
      '  security-events: write   # upload SARIF to code scanning\n',
      '          paths: .\n          sarif-file: payload-guard.sarif\n',
      `      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: payload-guard.sarif
          category: payload-guard
`,
    ),
    gitignore: GITIGNORE_BLOCK,
  };
}

/** A workflow that runs the action: more permissions, its `with:` lines, the steps after it. */
function workflow(c: Coordinates, permissions: string, inputs: string, after: string): string {
  return `# .github/workflows/payload-guard.yml
name: payload-guard
on: [push, pull_request]
permissions:
  contents: read
${permissions}jobs:
  payload-guard:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ${c.actionRef}@v${c.version}
        with:
${inputs}${after}`;
}

export type SnippetName =
  | 'pre-commit'
  | 'lint-staged-install'
  | 'lint-staged'
  | 'husky'
  | 'plain-hook'
  | 'action-annotations'
  | 'action-sarif'
  | 'gitignore';

/**
 * What of .payload-guard/ belongs in git: the baseline and the manifest (`inline` needs it to
 * put data back) do; the cache and the staged objects (they go to S3) do not. A folder's
 * contents are ignored with `/*`, not the folder itself: git cannot re-include a file below an
 * ignored folder.
 */
export const GITIGNORE_BLOCK = `# payload-guard: commit the baseline and the manifest; the cache and staged objects stay out
.payload-guard/*
!.payload-guard/baseline.json
!.payload-guard/s3/
.payload-guard/s3/*
!.payload-guard/s3/manifest.json
.payload-guard-cache
`;

function snippets(): string {
  const t = snippetTexts();
  const indent = (text: string) => text.trimEnd().replace(/^(?=.)/gm, '  ');
  return `pre-commit:

${indent(t['pre-commit'])}

husky + lint-staged (${t['lint-staged-install'].trim()}):

${indent(t['lint-staged'])}

${indent(t.husky)}

Plain git hook:

${indent(t['plain-hook'])}

GitHub Actions, annotations on the pull request and a job summary:

${indent(t['action-annotations'])}

GitHub Actions, findings in code scanning (SARIF):

${indent(t['action-sarif'])}

What to commit: .payload-guard/baseline.json and .payload-guard/s3/manifest.json belong in git;
the cache and the staged objects do not (\`payload-guard init --gitignore\` appends these lines):

${indent(t.gitignore)}

${referenceSetup()}`;
}

interface GitignoreOutcome {
  status: 'appended' | 'present';
  /** 1-based lines of .gitignore that ignore the whole .payload-guard folder (nothing below it can be committed then) */
  wholeFolder: number[];
  report: string;
}

/**
 * Appends GITIGNORE_BLOCK to `.gitignore` unless its rules are all there already. The other lines
 * stay as they are; the file keeps its mode (an atomic rewrite that copies it), a link is written
 * through. A line that ignores the whole folder is named, not removed: it is the user's.
 */
async function addGitignoreLines(cwd: string): Promise<GitignoreOutcome> {
  const file = path.join(cwd, '.gitignore');
  const text = await readTextUnlessMissing(file);
  const lines = (text ?? '').split(/\r?\n/).map((l) => l.trim());
  const wholeFolder = lines.flatMap((l, i) => (/^\/?\.payload-guard\/?$/.test(l) ? [i + 1] : []));
  const rules = GITIGNORE_BLOCK.split('\n').filter((l) => l && !l.startsWith('#'));
  const present = rules.every((r) => lines.includes(r));
  let report: string;
  if (present) report = '.gitignore already has the payload-guard lines; left as it is.\n';
  else {
    const before = text === undefined || text === '' ? '' : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
    await writeFileAtomic(file, before + GITIGNORE_BLOCK);
    report = `Appended the payload-guard lines to .gitignore.\n`;
  }
  for (const n of wholeFolder)
    report += `.gitignore line ${n} ignores the whole .payload-guard folder, so the baseline and the manifest cannot be committed; remove that line to keep them.\n`;
  return { status: present ? 'present' : 'appended', wholeFolder, report };
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
  /** what --gitignore did */
  gitignore?: GitignoreOutcome['status'];
  report: string;
}

export interface InitOptions {
  /** append the .gitignore lines (once) */
  gitignore?: boolean;
}

export async function init(cwd: string, options: InitOptions = {}): Promise<InitOutcome> {
  const ignore = options.gitignore ? await addGitignoreLines(cwd) : undefined;
  const ignoreReport = ignore ? `${ignore.report}\n` : '';
  for (const name of CONFIG_FILE_NAMES) {
    const p = path.join(cwd, name);
    if (await pathExists(p))
      return {
        existing: name,
        gitignore: ignore?.status,
        report: `${ignoreReport}${name} already exists; init leaves it alone.\n\n${snippets()}`,
      };
  }
  const pkg = await readTextIfAny(path.join(cwd, 'package.json'));
  if (pkg && /"payload-guard"\s*:\s*\{/.test(pkg))
    return {
      existing: 'package.json',
      gitignore: ignore?.status,
      report: `${ignoreReport}package.json already has a "payload-guard" config; init leaves it alone.\n\n${snippets()}`,
    };

  const s = await survey(cwd);
  const config = starterConfig(s);
  const target = path.join(cwd, CONFIG_FILE_NAMES[0]);
  try {
    // `wx`: even a config created a moment ago by someone else is never overwritten.
    await writeNewFile(target, JSON.stringify(config, null, 2) + '\n');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return {
        existing: CONFIG_FILE_NAMES[0],
        gitignore: ignore?.status,
        report: `${ignoreReport}${CONFIG_FILE_NAMES[0]} already exists; init leaves it alone.\n`,
      };
    throw err;
  }
  const kinds = (Object.keys(s.counts) as (DocumentKind | 'unparsable')[]).sort(
    (a, b) => (s.counts[b] ?? 0) - (s.counts[a] ?? 0),
  );
  let report = `Found ${s.total} JSON/YAML file${s.total === 1 ? '' : 's'}:\n`;
  for (const k of kinds)
    report += `  ${String(s.counts[k]).padStart(5)}  ${LABELS[k]}  (e.g. ${s.examples[k]!.join(', ')})\n`;
  if (!s.total) report += '  none yet\n';
  report += `\nWrote ${CONFIG_FILE_NAMES[0]}. Set fix.bucket (now "${BUCKET_PLACEHOLDER}") to the bucket --fix should move inline data to.\n\n${ignoreReport}${snippets()}`;
  return { written: CONFIG_FILE_NAMES[0], gitignore: ignore?.status, report };
}
