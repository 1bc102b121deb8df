// Every rule has its module, doc and fixtures; every doc has the one outline and its examples do
// what they say; the README's rule table matches the registry (UPDATE_FIXTURES=1 rewrites it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig, type ConfigFile } from '../src/config.js';
import { linkedFileReader } from '../src/io/files.js';
import { lintSource } from '../src/engine.js';
import { parsers } from './support/parsers.js';

const top = path.resolve(__dirname, '..');
const OUTLINE = ['## Why', '## Examples', '### Invalid', '### Valid', '## Options', '## Fix'];

export function ruleTable(): string {
  const rows = rules.map(
    (r) => `| [\`${r.id}\`](rules/${r.id}.md) | ${r.description} | ${r.severity} | ${r.fixable ?? ''} |`,
  );
  return ['| Rule | What it checks | Default | Fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

interface Example {
  section: 'Invalid' | 'Valid';
  lang: string;
  code: string;
  config: ConfigFile;
}

function examples(doc: string): Example[] {
  const out: Example[] = [];
  let section: Example['section'] | undefined;
  let pendingConfig: ConfigFile = {};
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) section = undefined;
    if (line === '### Invalid') section = 'Invalid';
    if (line === '### Valid') section = 'Valid';
    const cfg = /^<!-- config: (.*) -->$/.exec(line);
    if (cfg) pendingConfig = JSON.parse(cfg[1]);
    const fence = /^```(json|jsonc|yaml)$/.exec(line);
    if (fence && section) {
      const body: string[] = [];
      for (i++; lines[i] !== '```'; i++) body.push(lines[i]);
      out.push({ section, lang: fence[1], code: body.join('\n') + '\n', config: pendingConfig });
      pendingConfig = {};
    }
  }
  return out;
}

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const docPath = path.join(top, 'rules', `${id}.md`);
  it('has its module, doc and fixtures', () => {
    const missing = [`rules/${id}.ts`, `rules/${id}.md`, `fixtures/${id}`].filter(
      (p) => !fs.existsSync(path.join(top, p)),
    );
    expect(missing, `add ${missing.join(', ')} (CONTRIBUTING.md, "Add a rule")`).toEqual([]);
  });
  it('doc follows the outline and repeats the description', () => {
    const doc = fs.readFileSync(docPath, 'utf8');
    const lines = doc.split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    expect(lines[2]).toBe(rule.description);
    const headings = lines.filter((l) => /^#{2,3} /.test(l));
    expect(headings.filter((h) => OUTLINE.includes(h))).toEqual(OUTLINE);
  });
  it('doc examples do what they say', async () => {
    const list = examples(fs.readFileSync(docPath, 'utf8'));
    expect(list.some((e) => e.section === 'Invalid')).toBe(true);
    expect(list.some((e) => e.section === 'Valid')).toBe(true);
    for (const ex of list) {
      const config = await resolveConfig(ex.config, rules, top);
      const name = `example.${ex.lang}`;
      // A file an example names (DefinitionUri) is read from the rule's fixture folder.
      const files = linkedFileReader(path.join(top, 'fixtures', id, name));
      const result = lintSource(name, ex.code, { settings: config.forFile(name), registry: rules, parsers, files });
      const hits = result.diagnostics.filter((d) => d.ruleId === id);
      if (ex.section === 'Invalid') expect(hits.length, ex.code).toBeGreaterThan(0);
      else
        expect(
          hits.map((d) => d.message),
          ex.code,
        ).toEqual([]);
    }
  });
});

describe('registry', () => {
  it('lists every rule module in rules/', () => {
    const modules = fs
      .readdirSync(path.join(top, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3));
    expect(
      modules.sort(),
      'each rules/<id>.ts needs its line in rules/index.ts, and each registered rule its module',
    ).toEqual(rules.map((r) => r.id).sort());
  });
  it('has kebab-case ids', () => {
    for (const r of rules) expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('README', () => {
  it('rule table is generated from the registry', () => {
    const readmePath = path.join(top, 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const re = /(<!-- rules:start -->\n)[\s\S]*?(\n<!-- rules:end -->)/;
    expect(readme).toMatch(re);
    const fresh = readme.replace(re, `$1${ruleTable()}$2`);
    if (process.env.UPDATE_FIXTURES === '1' || process.env.UPDATE_README === '1') fs.writeFileSync(readmePath, fresh);
    else expect(readme, 'the README rule table is stale: run `UPDATE_FIXTURES=1 npm test`').toBe(fresh);
  });
});
