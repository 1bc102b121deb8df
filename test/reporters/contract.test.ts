// Every reporter in the registry renders the one sample report (test/reporters/sample.ts) into its
// golden file under test/reporters/golden/; `UPDATE_FIXTURES=1 npm test` rewrites them for review.
// A reporter added to the registry without a golden fails here, as does a golden left behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepSummary } from '../../src/reporters/github.js';
import { loadReporter, REPORTER_NAMES } from '../../src/reporters/index.js';
import { SAMPLE_CONTEXT, SAMPLE_RESULTS } from './sample.js';

const goldenDir = path.join(__dirname, 'golden');
const update = process.env.UPDATE_FIXTURES === '1';
const FIX = 'run `UPDATE_FIXTURES=1 npm test` and read the diff before committing it';
/** The file name of a golden: an extension a viewer knows where there is one. */
const EXTENSIONS: Record<string, string> = { json: 'json', sarif: 'sarif.json', junit: 'xml' };
const goldenOf = (name: string) => `${name}.${EXTENSIONS[name] ?? 'txt'}`;
const EXTRA = { 'github-step-summary.md': () => stepSummary(SAMPLE_RESULTS, SAMPLE_CONTEXT.cwd, {}) };

function check(file: string, actual: string): void {
  const p = path.join(goldenDir, file);
  if (update) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(p, actual);
  }
  if (!fs.existsSync(p)) expect.fail(`test/reporters/golden/${file} is missing: ${FIX}.`);
  expect(actual, `test/reporters/golden/${file} is stale: ${FIX}.`).toBe(fs.readFileSync(p, 'utf8'));
}

describe.each(REPORTER_NAMES)('reporter %s', (name) => {
  it('renders the sample report as its golden file says', async () => {
    const reporter = await loadReporter(name);
    check(goldenOf(name), reporter(SAMPLE_RESULTS, SAMPLE_CONTEXT));
  });
  it('lists the note', async () => {
    const out = (await loadReporter(name))(SAMPLE_RESULTS, SAMPLE_CONTEXT);
    expect(out).toContain('not checked here');
  });
});

describe('golden files', () => {
  it.each(Object.keys(EXTRA))('%s', (file) => check(file, EXTRA[file as keyof typeof EXTRA]()));
  it('belong to a reporter in the registry', () => {
    const expected = new Set([...REPORTER_NAMES.map(goldenOf), ...Object.keys(EXTRA)]);
    const left = fs.existsSync(goldenDir) ? fs.readdirSync(goldenDir).filter((f) => !expected.has(f)) : [];
    expect(left, `golden files of no reporter (delete them): ${left.join(', ')}`).toEqual([]);
  });
});
