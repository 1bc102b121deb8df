// SARIF output: valid against the official OASIS 2.1.0 schema, repository-relative URIs, regions,
// fingerprints that survive line moves, fixes from the rules' edits.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { blob, tmpDir, writeFiles } from '../support/workspace.js';
import sarif from '../../src/reporters/sarif.js';
import { SAMPLE_CONTEXT, SAMPLE_RESULTS } from './sample.js';

const repoRoot = path.resolve(__dirname, '../..');
const schemaPath = path.resolve(repoRoot, '../shared/schemas/sarif-schema-2.1.0.json');
const haveSchema = fs.existsSync(schemaPath);
if (!haveSchema)
  console.warn(
    `SKIP SARIF schema validation: ${schemaPath} is absent (it is read in place, never copied into the repo).`,
  );

async function validator() {
  // Both are CommonJS whose module.exports is also its own `.default`, so `.default.default` is the
  // class (and the plugin) both at run time and for the types.
  const Ajv4 = (await import('ajv-draft-04')).default.default;
  const addFormats = (await import('ajv-formats')).default.default;
  const ajv = new Ajv4({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
}

function sarifOf(cwd: string, args: string[]) {
  const run = runCli([...args, '-f', 'sarif'], { cwd });
  expect(run.stderr).toBe('');
  return { status: run.status, log: JSON.parse(run.stdout) };
}

const photo = blob(200_000, 7);

describe('sarif reporter', () => {
  const dir = tmpDir('pg-sarif-');
  writeFiles(dir, {
    'events/upload.json': JSON.stringify({ payload: { file: photo } }, null, 2),
    'events/clean.json': '{"ok": true}\n',
    'conf/app.yaml': 'name: app\n# payload-guard-disable-next-line payload-size -- stale\nmode: fast\n',
  });

  it.skipIf(!haveSchema)('validates against the SARIF 2.1.0 schema', async () => {
    const { status, log } = sarifOf(dir, ['events', 'conf']);
    expect(status).toBe(1);
    const validate = await validator();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.skipIf(!haveSchema)(
    'validates with a note, a suppression, a fix and a suggestion (the contract sample)',
    async () => {
      const log = JSON.parse(sarif(SAMPLE_RESULTS, SAMPLE_CONTEXT));
      expect(log.runs[0].results.map((r: { level: string }) => r.level)).toEqual(
        expect.arrayContaining(['error', 'warning', 'note']),
      );
      const validate = await validator();
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it.skipIf(!haveSchema)('gives a file outside the root an absolute file URI, still valid', async () => {
    const outside = tmpDir('pg-sarif-outside-');
    writeFiles(outside, { 'far.json': JSON.stringify({ payload: { file: photo } }) });
    const { log } = sarifOf(dir, [path.join(outside, 'far.json')]);
    const loc = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: `file://${path.join(outside, 'far.json')}` });
    const validate = await validator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes rules and points at repository-relative files with regions', () => {
    const { log } = sarifOf(dir, ['events', 'conf']);
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain('payload-size');
    for (const r of run.tool.driver.rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(10);
      expect(r.helpUri).toMatch(new RegExp(`rules/${r.id}\\.md$`));
      // A web address that works on the machine reading the report, never the one that wrote it.
      expect(r.helpUri).toMatch(
        /^https:\/\/github\.com\/payload-guard\/payload-guard\/blob\/v\d+\.\d+\.\d+[^/]*\/rules\//,
      );
    }
    const inline = run.results.find((r: { ruleId: string }) => r.ruleId === 'no-inline-base64');
    const loc = inline.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'events/upload.json', uriBaseId: '%SRCROOT%' });
    expect(loc.region).toMatchObject({ startLine: 3, startColumn: 5, endLine: 3 });
    expect(run.results[inline.ruleIndex] ?? inline).toBeTruthy();
    expect(run.tool.driver.rules[inline.ruleIndex].id).toBe('no-inline-base64');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('keeps partialFingerprints when lines move', () => {
    const before = sarifOf(dir, ['events/upload.json']).log.runs[0].results;
    const moved = tmpDir('pg-sarif-moved-');
    // The same values, reformatted and pushed down by new fields above them.
    writeFiles(moved, {
      'events/upload.json': JSON.stringify({ added: { a: 1, b: [1, 2, 3] }, payload: { file: photo } }, null, 8),
    });
    const after = sarifOf(moved, ['events/upload.json']).log.runs[0].results;
    const fp = (
      rs: {
        ruleId: string;
        partialFingerprints: Record<string, string>;
        locations: { physicalLocation: { region: { startLine: number } } }[];
      }[],
      id: string,
    ) => rs.find((r) => r.ruleId === id)!;
    const b = fp(before, 'no-inline-base64');
    const a = fp(after, 'no-inline-base64');
    expect(a.locations[0].physicalLocation.region.startLine).not.toBe(b.locations[0].physicalLocation.region.startLine);
    expect(a.partialFingerprints).toEqual(b.partialFingerprints);
  });

  it('carries a fix as artifact changes with replacements', () => {
    const { log } = sarifOf(dir, ['conf']);
    const unused = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'unused-suppression');
    expect(unused.fixes).toHaveLength(1);
    const change = unused.fixes[0].artifactChanges[0];
    expect(change.artifactLocation).toEqual({ uri: 'conf/app.yaml', uriBaseId: '%SRCROOT%' });
    const text = fs.readFileSync(path.join(dir, 'conf/app.yaml'), 'utf8');
    const { charOffset, charLength } = change.replacements[0].deletedRegion;
    expect(text.slice(charOffset, charOffset + charLength)).toBe(
      '# payload-guard-disable-next-line payload-size -- stale\n',
    );
  });

  it('lists suppressed findings with their justification', () => {
    const sup = tmpDir('pg-sarif-sup-');
    writeFiles(sup, {
      'payload-guard.config.json': JSON.stringify({
        ignores: [{ files: 'events/*.json#/payload/file', reason: 'vendor capture' }],
      }),
      'events/upload.json': JSON.stringify({ payload: { file: blob(8000, 3) } }, null, 2),
    });
    const { status, log } = sarifOf(sup, ['events']);
    expect(status).toBe(0);
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0].suppressions).toEqual([{ kind: 'external', justification: 'vendor capture' }]);
  });
});
