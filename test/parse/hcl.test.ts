import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../src/parse/hcl.js';
import { findDefinitionReferences, findDefinitions } from '../../src/definitions/index.js';
import { parseSource } from '../../src/parse/source.js';
import { parsers } from '../support/parsers.js';
import { getAt } from '../../src/pointer.js';

const at = (text: string, r: { start: number; end: number } | undefined) =>
  r ? text.slice(r.start, r.end) : undefined;

describe('parseHcl', () => {
  it('reads blocks, attributes and expressions into Terraform JSON shape with positions', () => {
    const text = [
      'resource "aws_sfn_state_machine" "m" {',
      '  name = "a\\"b"',
      '  count = 2',
      '  arn = aws_lambda_function.f.arn # comment',
      '  sum = var.a + 1',
      '  tags = { Env = "dev", "x-y": true }',
      '  list = [1, null]',
      '  path = templatefile("${path.module}/x.json", { a = 1 })',
      '  logging_configuration {',
      '    level = "ALL"',
      '  }',
      '}',
      '',
    ].join('\n');
    const p = parseHcl(text);
    if (!p.ok) throw new Error(p.error.message);
    const m = getAt(p.value, ['resource', 'aws_sfn_state_machine', 'm']);
    expect(m).toEqual({
      name: 'a"b',
      count: 2,
      arn: '${aws_lambda_function.f.arn}',
      sum: '${var.a + 1}',
      tags: { Env: 'dev', 'x-y': true },
      list: [1, null],
      path: '${templatefile("${path.module}/x.json", { a = 1 })}',
      logging_configuration: { level: 'ALL' },
    });
    const base = ['resource', 'aws_sfn_state_machine', 'm'];
    expect(at(text, p.locate([...base, 'arn'])?.value)).toBe('aws_lambda_function.f.arn');
    expect(at(text, p.locate([...base, 'tags', 'x-y'])?.key)).toBe('"x-y"');
    expect(at(text, p.locate([...base, 'list', '1'])?.value)).toBe('null');
    // The character `b` of `a"b` sits after the escape.
    expect(text[p.stringOffset([...base, 'name'], 2)!]).toBe('b');
    expect(p.calls?.get([...base, 'path'].join('\u0000'))?.args).toEqual(['${path.module}/x.json', { a: 1 }]);
  });

  it('keeps `__proto__` and `constructor` as members, and never writes to Object.prototype', () => {
    const text = [
      'resource "__proto__" "polluted" {',
      '  name = "x"',
      '}',
      'locals {',
      '  __proto__ = "own"',
      '  m = { "__proto__" = { inherited = true }, constructor = 1, after = 2 }',
      '}',
      'resource "constructor" "c" {}',
      '',
    ].join('\n');
    const p = parseHcl(text);
    if (!p.ok) throw new Error(p.error.message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(p.value)).toBe(
      JSON.stringify(
        JSON.parse(
          '{"resource":{"__proto__":{"polluted":{"name":"x"}},"constructor":{"c":{}}},' +
            '"locals":{"__proto__":"own","m":{"__proto__":{"inherited":true},"constructor":1,"after":2}}}',
        ),
      ),
    );
    const m = getAt(p.value, ['locals', 'm']) as Record<string, unknown>;
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(m.inherited).toBeUndefined();
  });

  it('reads a <<- heredoc of 130,000 lines (past what a spread into Math.min takes)', () => {
    const body = Array.from({ length: 130_000 }, (_, i) => `    "k${i}",`).join('\n');
    const text = `locals {\n  d = <<-EOT\n    [\n${body}\n    "end"]\n  EOT\n}\n`;
    const parsed = parseHcl(text);
    expect(parsed.ok).toBe(true);
    const d = getAt(parsed.ok ? parsed.value : undefined, ['locals', 'd']) as string;
    expect(d.startsWith('[\n"k0",\n"k1",')).toBe(true);
  });

  it('strips the common indentation of a <<- heredoc and maps each character back', () => {
    const text = 'locals {\n  d = <<-EOT\n    {\n      "a": 1\n    }\n  EOT\n}\n';
    const p = parseHcl(text);
    if (!p.ok) throw new Error(p.error.message);
    expect(getAt(p.value, ['locals', 'd'])).toBe('{\n  "a": 1\n}\n');
    const i = '{\n  "a": 1\n}\n'.indexOf('1');
    expect(text[p.stringOffset(['locals', 'd'], i)!]).toBe('1');
    expect(text.slice(p.stringOffset(['locals', 'd'], i)! - 5, p.stringOffset(['locals', 'd'], i)! + 1)).toBe('"a": 1');
  });

  it('says where the text stops being HCL', () => {
    const p = parseHcl('resource "x" "y" {\n  a = "open\n}\n');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error.offset).toBe(25);
    const q = parseHcl('resource "x" "y" {\n  a = 1\n');
    expect(q.ok).toBe(false);
  });

  it('gives a result, never an exception, for every prefix of a file', () => {
    const text =
      'locals {\n  d = <<-EOT\n    {"a": "${var.x}"}\n  EOT\n}\nresource "a" "b" {\n  x = jsonencode({ K = [1, "s\\n", f(a.b[0], -1)], L = (1 + 2) })\n  /* c */ y = !var.z\n}\n';
    for (let n = 0; n <= text.length; n++) {
      const p = parseHcl(text.slice(0, n));
      if (!p.ok) expect(p.error.offset).toBeLessThanOrEqual(n);
    }
    expect(parseHcl(text).ok).toBe(true);
  });

  it('reads an empty .tf file as an empty document', () => {
    const r = parseSource('variables.tf', '\n', parsers);
    expect(r.ok).toBe(true);
  });
});

describe('Terraform definitions', () => {
  it('points templatefile() and data.template_file at the ASL file, with literal variables', () => {
    const text = [
      'resource "aws_sfn_state_machine" "a" {',
      '  definition = templatefile("${path.module}/sm/a.asl.json", { fn = aws_lambda_function.f.arn, size = 10 })',
      '}',
      'resource "aws_sfn_state_machine" "b" {',
      '  definition = data.template_file.b.rendered',
      '}',
      'data "template_file" "b" {',
      '  template = file("sm/b.asl.json")',
      '  vars = { region = "eu-west-1" }',
      '}',
      '',
    ].join('\n');
    const r = parseSource('main.tf', text, parsers);
    if (!r.ok) throw new Error('no parse');
    expect(findDefinitionReferences(r.document).map((x) => [x.name, x.file, x.substitutions])).toEqual([
      ['aws_sfn_state_machine.a', 'sm/a.asl.json', { size: 10 }],
      ['aws_sfn_state_machine.b', 'sm/b.asl.json', { region: 'eu-west-1' }],
    ]);
    expect(findDefinitions(r.document, 'template')).toEqual([]);
  });

  it('counts a jsonencode definition with references as a lower bound', () => {
    const text =
      'resource "aws_sfn_state_machine" "a" {\n  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Task", Resource = aws_lambda_function.f.arn, End = true } } })\n}\n';
    const r = parseSource('main.tf', text, parsers);
    if (!r.ok) throw new Error('no parse');
    const [d] = findDefinitions(r.document, 'template');
    expect(d.form).toBe('object');
    expect(d.lowerBound).toBe(true);
    expect(
      text.slice(d.locate(['States', 'A', 'Resource'])!.value.start, d.locate(['States', 'A', 'Resource'])!.value.end),
    ).toBe('aws_lambda_function.f.arn');
  });
});
