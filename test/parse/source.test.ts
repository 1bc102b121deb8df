// parseSource and what the engine makes of its result for YAML edge cases: empty documents,
// duplicate keys, and findings inside a quoted string that needed the PyYAML leniency.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { lintSource } from '../../src/engine.js';
import { parseSource, formatFor } from '../../src/parse/source.js';
import { parsers } from '../support/parsers.js';

const fixtures = path.resolve(__dirname, '../../fixtures/parse-error');

async function lint(name: string, input: string | Buffer) {
  const config = await resolveConfig({}, rules, '/');
  return lintSource(name, input, { settings: config.forFile(name), registry: rules, parsers });
}

beforeAll(async () => {});

describe('empty files', () => {
  it.each([
    ['0 bytes', ''],
    ['only whitespace', '\n  \n'],
    ['only comments', '# generated later\n\n# nothing yet\n'],
    ['only a document marker', '---\n'],
    ['a byte order mark and nothing else', '\uFEFF'],
  ])('reads a YAML file holding %s as an empty document', async (_name, text) => {
    const parsed = parseSource('template.yaml', text, parsers);
    expect(parsed.ok && parsed.document.value).toBeNull();
    expect((await lint('template.yml', text)).diagnostics).toEqual([]);
  });

  it('refuses an empty JSON file, and an empty file of no known kind, without calling it a payload', async () => {
    for (const name of ['event.json', 'input.txt']) {
      const [diagnostic] = (await lint(name, '  \n')).diagnostics;
      expect(diagnostic).toMatchObject({ ruleId: 'parse-error', messageId: 'empty', line: 1, column: 1 });
      expect(diagnostic.message).not.toContain('payload');
    }
  });

  it('reads empty text as YAML when YAML is asked for by format', () => {
    const parsed = parseSource('-', '', parsers, 'yaml');
    expect(parsed.ok).toBe(true);
  });
});

describe('duplicate keys', () => {
  it('reports each duplicate with both lines and still checks the rest, the last value winning', async () => {
    const fixture = fs.readFileSync(
      path.join(fixtures, 'valid-yaml-single-quoted-definition-left-of-key.yaml'),
      'utf8',
    );
    const logo = /"logo": "([^"]+)"/.exec(fixture)![1];
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Machine:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties:',
      '      Definition:',
      '        StartAt: A',
      '        StartAt: B',
      '        States:',
      '          B:',
      '            Type: Pass',
      `            Result: {logo: "${logo}"}`,
      '            End: true',
      '',
    ].join('\n');
    const { diagnostics } = await lint('template.yaml', text);
    const duplicate = diagnostics.find((d) => d.ruleId === 'parse-error');
    expect(duplicate).toMatchObject({ messageId: 'duplicateTemplateKey', severity: 'error', line: 8, column: 9 });
    expect(duplicate?.message).toContain('(lines 7 and 8)');
    // The definition was read with `StartAt: B` and linted: the blob in B's result is found.
    expect(diagnostics.some((d) => d.ruleId === 'no-inline-base64' && d.line === 12)).toBe(true);
    const parsed = parseSource('template.yaml', text, parsers);
    expect(parsed.ok && parsed.document.value).toMatchObject({
      Resources: { Machine: { Properties: { Definition: { StartAt: 'B' } } } },
    });
  });
});

describe('findings inside quoted strings relaxed for PyYAML', () => {
  it.each([
    ['valid-yaml-single-quoted-definition-left-of-key.yaml', '"logo"'],
    ['valid-yaml-double-quoted-definition-at-column-0.yaml', '\\"logo\\"'],
  ])('%s: the base64 finding points at the key in the text', async (name, key) => {
    const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
    const { diagnostics } = await lint(name, text);
    const found = diagnostics.filter((d) => d.ruleId === 'no-inline-base64');
    expect(found).toHaveLength(1);
    const offset = text.indexOf(key);
    const before = text.slice(0, offset);
    expect(found[0]).toMatchObject({ line: before.split('\n').length, column: offset - before.lastIndexOf('\n') });
  });
});

describe('formatFor', () => {
  it('goes by the extension when it is known, whatever the text', () => {
    expect(formatFor('sm.asl.yaml', '{"StartAt": "A"}')).toBe('yaml');
    expect(formatFor('TEMPLATE.YML')).toBe('yaml');
    expect(formatFor('event.json', 'a: 1')).toBe('json');
    expect(formatFor('settings.jsonc')).toBe('jsonc');
    expect(formatFor('main.tf')).toBe('hcl');
  });

  it('reads an unknown extension (or stdin) as the text looks: JSON when it opens with { or [, else YAML', () => {
    expect(formatFor('event.txt', '  {"a": 1}')).toBe('json');
    expect(formatFor('<stdin>', '\n[1, 2]')).toBe('json');
    expect(formatFor('template.cfn', 'Resources:\n  A: {}\n')).toBe('yaml');
    expect(formatFor('Makefile', '')).toBe('yaml');
  });

  it('takes an unknown extension as JSON when there is no text to look at', () => {
    expect(formatFor('event.txt')).toBe('json');
  });
});
