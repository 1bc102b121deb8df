// The reporters' registry is the one list of formats: the README's format table and action.yml's
// `format` input are generated from it (`UPDATE_FIXTURES=1 npm test` rewrites both), and the
// reporter modules stay leaves: none imports the registry (no cycle) nor the rules.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTER_NAMES, REPORTERS } from '../../src/reporters/index.js';

const top = path.resolve(__dirname, '../..');
const update = process.env.UPDATE_FIXTURES === '1';
const FIX = 'run `UPDATE_FIXTURES=1 npm test`';

export function formatTable(): string {
  const rows = REPORTER_NAMES.map((name) => `| \`${name}\` | ${REPORTERS[name].description} |`);
  return ['| Format | What it is for |', '| --- | --- |', ...rows].join('\n');
}

export function actionFormatLine(): string {
  return `    description: Report format on the log (${REPORTER_NAMES.join(', ')}); github annotates the pull request and writes a job summary`;
}

/** `text` with the part `re` matches (groups 1 and 2 kept around it) replaced by `fresh`; written back under UPDATE_FIXTURES. */
function regenerate(file: string, re: RegExp, fresh: string): { text: string; expected: string } {
  const p = path.join(top, file);
  const text = fs.readFileSync(p, 'utf8');
  expect(text, `${file} has lost the generated part's markers (${re})`).toMatch(re);
  const expected = text.replace(re, `$1${fresh}$2`);
  if (update) fs.writeFileSync(p, expected);
  return { text, expected };
}

describe('reporters registry', () => {
  it('names the README format list', () => {
    const { text, expected } = regenerate(
      'README.md',
      /(<!-- formats:start -->\n)[\s\S]*?(\n<!-- formats:end -->)/,
      formatTable(),
    );
    expect(text, `the README's format list is stale: ${FIX}`).toBe(expected);
  });

  it("names action.yml's format input", () => {
    // The `format` input's description line only: the rest of action.yml is not generated.
    const { text, expected } = regenerate(
      'action.yml',
      /(\n {2}format:\n) {4}description: [^\n]*(\n)/,
      actionFormatLine(),
    );
    expect(text, `action.yml's format input is stale: ${FIX}`).toBe(expected);
  });

  it('has reporter modules that import neither the registry nor the rules', () => {
    const dir = path.join(top, 'src/reporters');
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .flatMap((f) => {
        const imports = [
          ...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g),
        ].map((m) => m[1] ?? m[2]);
        return imports.filter((i) => i === './index.js' || /(^|\/)rules\//.test(i)).map((i) => `${f} imports ${i}`);
      });
    expect(offenders).toEqual([]);
  });
});
