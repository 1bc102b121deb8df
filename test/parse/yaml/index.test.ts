import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml, type YamlParse } from '../../../src/parse/yaml/index.js';

type Parsed = Extract<YamlParse, { ok: true }>;

function parsed(text: string): Parsed {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(`expected a parse, got ${result.error.message} at ${result.error.offset}`);
  return result;
}

function failed(text: string): { message: string; offset: number; code?: string; line: number } {
  const result = parseYaml(text);
  if (result.ok) throw new Error('expected a parse failure');
  const line = text.slice(0, result.error.offset).split('\n').length;
  return { ...result.error, line };
}

/** The value at a pointer, read from the parsed data. */
function valueAt(result: Parsed, segments: string[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], result.value);
}

/** The text at a pointer's value (and key), so tests read as the YAML they point into. */
function at(text: string, result: Parsed, segments: string[]): { value: string; key?: string } {
  const located = result.locate(segments);
  if (!located) throw new Error(`nothing at /${segments.join('/')}`);
  const value = text.slice(located.value.start, located.value.end);
  return located.key ? { value, key: text.slice(located.key.start, located.key.end) } : { value };
}

describe('parseYaml values', () => {
  it('reads plain data with the YAML 1.2 core schema', () => {
    const text = [
      'name: demo',
      'count: 3',
      'ratio: 0.5',
      'enabled: true',
      'nothing: null',
      'tilde: ~',
      'date: 2024-01-01',
      'yes: yes',
      'octal: 0o14',
      "quoted: '42'",
      'list: [1, two, "three"]',
      'nested:',
      '  - a: 1',
      '  - b',
      '',
    ].join('\n');
    expect(parsed(text).value).toEqual({
      name: 'demo',
      count: 3,
      ratio: 0.5,
      enabled: true,
      nothing: null,
      tilde: null,
      date: '2024-01-01',
      yes: 'yes',
      octal: 12,
      quoted: '42',
      list: [1, 'two', 'three'],
      nested: [{ a: 1 }, 'b'],
    });
  });

  it('keeps `<<` as an ordinary key (no merge) and explicit timestamps as text', () => {
    expect(parsed('base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\nwhen: !!timestamp 2024-01-01\n').value).toEqual({
      base: { x: 1 },
      use: { '<<': { x: 1 }, y: 2 },
      when: '2024-01-01',
    });
  });

  it('makes a `__proto__` key an own property without touching any prototype', () => {
    const result = parsed('__proto__:\n  polluted: true\nnested: {__proto__: {polluted: true}}\n');
    const value = result.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    const nested = value.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.keys(nested)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":true},"nested":{"__proto__":{"polluted":true}}}');
  });

  it('returns null for an empty document and for a file holding only a comment', () => {
    expect(parsed('').value).toBeNull();
    expect(parsed('# nothing here\n').value).toBeNull();
    expect(parsed('# nothing here\n').locate([])).toEqual({ value: { start: 0, end: 0 } });
  });

  it('reads the first document and ignores a second one, even a broken one', () => {
    expect(parsed('a: 1\n---\nb: [unclosed\n').value).toEqual({ a: 1 });
    expect(parsed('---\na: 1\n...\n---\nb: 2\n').value).toEqual({ a: 1 });
  });

  it('gives the offset of the first later document with content, skipping empty ones', () => {
    expect(parsed('a: 1\n---\nb: [unclosed\n').laterDocumentOffset).toBe(5);
    const text = 'a: 1\n---\n# nothing\n---\n\n--- x\n';
    expect(parsed(text).laterDocumentOffset).toBe(text.lastIndexOf('---'));
    expect(parsed('a: 1\n---\n').laterDocumentOffset).toBeUndefined();
    expect(parsed('a: 1\n...\n# end\n').laterDocumentOffset).toBeUndefined();
    expect(parsed('---\na: 1\n').laterDocumentOffset).toBeUndefined();
  });

  it('maps the later document back through the flow-indentation retry', () => {
    // The first document needs the PyYAML-lenient retry (a flow map closing left of its key).
    const text = 'A:\n  B: {\n    "x": 1\n}\n---\nc: 2\n';
    const r = parsed(text);
    expect(r.value).toEqual({ A: { B: { x: 1 } } });
    expect(r.laterDocumentOffset).toBe(text.indexOf('---'));
  });
});

describe('parseYaml CloudFormation short forms', () => {
  const cases: [string, unknown][] = [
    ['!Ref Bucket', { Ref: 'Bucket' }],
    ['!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }],
    ['!Sub ["${A}-x", {A: !Ref B}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!Join ["", [a, !Ref B]]', { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }],
    ['!If [IsProd, 1, !Ref "AWS::NoValue"]', { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }],
    ["!Select [0, !GetAZs '']", { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!Base64 "hello"', { 'Fn::Base64': 'hello' }],
    ['!FindInMap [Map, !Ref "AWS::Region", Ami]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!GetAZs us-east-1', { 'Fn::GetAZs': 'us-east-1' }],
    ['!GetAZs', { 'Fn::GetAZs': '' }],
    ['!ImportValue SharedVpc', { 'Fn::ImportValue': 'SharedVpc' }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    [
      '!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      {
        'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } },
      },
    ],
    ['!ToJsonString {a: 1}', { 'Fn::ToJsonString': { a: 1 } }],
    ['!Length [1, 2]', { 'Fn::Length': [1, 2] }],
    [
      '!ForEach [Topics, [A, B], {"Topic${Topics}": {Type: AWS::SNS::Topic}}]',
      {
        'Fn::ForEach': ['Topics', ['A', 'B'], { 'Topic${Topics}': { Type: 'AWS::SNS::Topic' } }],
      },
    ],
    ['!Ref 5', { Ref: '5' }],
  ];
  it.each(cases)('%s', (yaml, expected) => {
    expect(parsed(`v: ${yaml}\n`).value).toEqual({ v: expected });
  });

  it('reads block forms of tagged collections', () => {
    const text = ['Value: !Join', '  - ":"', '  - - !Ref A', '    - !Sub', '      - "${X}"', '      - X: 1', ''].join(
      '\n',
    );
    expect(parsed(text).value).toEqual({
      Value: { 'Fn::Join': [':', [{ Ref: 'A' }, { 'Fn::Sub': ['${X}', { X: 1 }] }]] },
    });
  });

  it('keeps the plain value under an unknown tag', () => {
    expect(parsed('a: !Custom text\nb: !Other [1, 2]\nc: !!str 12\n').value).toEqual({ a: 'text', b: [1, 2], c: '12' });
  });
});

describe('parseYaml locate', () => {
  const text = [
    'Resources:',
    '  Machine:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      RoleArn: !GetAtt Role.Arn',
    '      DefinitionString: !Sub |',
    '        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}',
    '      Tags:',
    '        - Key: team',
    "          Value: 'data'",
    '        - {Key: env, Value: prod}',
    '      Empty:',
    '      Ref: !Ref Other',
    '',
  ].join('\n');
  const result = parsed(text);

  it('finds keys and values', () => {
    expect(at(text, result, ['Resources', 'Machine', 'Type'])).toEqual({
      key: 'Type',
      value: 'AWS::StepFunctions::StateMachine',
    });
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Tags', '0', 'Value'])).toEqual({
      key: 'Value',
      value: "'data'",
    });
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Tags', '1'])).toEqual({
      value: '{Key: env, Value: prod}',
    });
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Tags', '1', 'Value'])).toEqual({
      key: 'Value',
      value: 'prod',
    });
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Tags', '0'])).toEqual({
      value: "Key: team\n          Value: 'data'",
    });
    expect(result.locate([])?.value).toEqual({ start: 0, end: text.trimEnd().length });
  });

  it('gives an empty range after the key for an empty value', () => {
    const located = result.locate(['Resources', 'Machine', 'Properties', 'Empty']);
    expect(located?.value.start).toBe(located?.value.end);
    expect(text.slice(located?.key?.start, located?.key?.end)).toBe('Empty');
  });

  it('returns undefined for paths that do not exist', () => {
    expect(result.locate(['Resources', 'Nope'])).toBeUndefined();
    expect(result.locate(['Resources', 'Machine', 'Properties', 'Tags', '2'])).toBeUndefined();
    expect(result.locate(['Resources', 'Machine', 'Properties', 'Tags', '01'])).toBeUndefined();
    expect(result.locate(['Resources', 'Machine', 'Type', 'x'])).toBeUndefined();
    expect(result.locate(['Resources', 'Machine', 'Properties', 'DefinitionString', 'Fn::Join'])).toBeUndefined();
  });

  it('steps through a short-form tag by its long name', () => {
    const definition = ['Resources', 'Machine', 'Properties', 'DefinitionString'];
    const wrapper = at(text, result, definition);
    expect(wrapper.key).toBe('DefinitionString');
    expect(wrapper.value.startsWith('!Sub |\n')).toBe(true);
    const inner = at(text, result, [...definition, 'Fn::Sub']);
    expect(inner.key).toBe('!Sub');
    expect(inner.value).toBe('|\n        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}');
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Ref', 'Ref'])).toEqual({
      key: '!Ref',
      value: 'Other',
    });
    // A key literally named Ref is an ordinary key.
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'Ref'])).toEqual({
      key: 'Ref',
      value: '!Ref Other',
    });
  });

  it('points at each half of a `!GetAtt A.B` scalar', () => {
    const getAtt = ['Resources', 'Machine', 'Properties', 'RoleArn', 'Fn::GetAtt'];
    expect(at(text, result, getAtt).value).toBe('Role.Arn');
    expect(at(text, result, [...getAtt, '0']).value).toBe('Role');
    expect(at(text, result, [...getAtt, '1']).value).toBe('Arn');
    expect(result.locate([...getAtt, '2'])).toBeUndefined();
    expect(result.stringOffset([...getAtt, '1'], 0)).toBe(text.indexOf('Role.Arn') + 5);
  });

  it('follows an alias to its anchor', () => {
    const source = 'defaults: &d\n  memory: 128\nfn:\n  config: *d\n';
    const aliased = parsed(source);
    expect(aliased.value).toEqual({ defaults: { memory: 128 }, fn: { config: { memory: 128 } } });
    expect(at(source, aliased, ['fn', 'config'])).toEqual({ key: 'config', value: '*d' });
    const memory = aliased.locate(['fn', 'config', 'memory']);
    expect(memory?.value.start).toBe(source.indexOf('128'));
  });

  it('finds keys that are not strings in YAML', () => {
    const source = '1: one\ntrue: yes\n"quoted key": 2\n';
    const keyed = parsed(source);
    expect(keyed.value).toEqual({ 1: 'one', true: 'yes', 'quoted key': 2 });
    expect(at(source, keyed, ['1'])).toEqual({ key: '1', value: 'one' });
    expect(at(source, keyed, ['quoted key'])).toEqual({ key: '"quoted key"', value: '2' });
  });
});

describe('parseYaml stringOffset', () => {
  /** Every character of the decoded string that was copied from the text maps onto itself. */
  function expectCopiedCharsMatch(text: string, result: Parsed, segments: string[], skip: RegExp): void {
    const value = valueAt(result, segments) as string;
    for (let index = 0; index < value.length; index += 1) {
      const offset = result.stringOffset(segments, index);
      expect(offset, `index ${index}`).toBeDefined();
      if (!skip.test(value[index])) expect(text[offset as number], `index ${index}`).toBe(value[index]);
    }
  }

  it('maps a plain scalar, including a folded multi-line one', () => {
    const text = 'a: hello world\nb: first line\n  second   line\n\n  third\n';
    const result = parsed(text);
    expect(result.stringOffset(['a'], 0)).toBe(3);
    expect(result.stringOffset(['a'], 6)).toBe(text.indexOf('world'));
    expect(result.stringOffset(['a'], 11)).toBe(text.indexOf('\n'));
    expect(result.stringOffset(['a'], 12)).toBeUndefined();
    expect(result.stringOffset(['a'], -1)).toBeUndefined();
    expect((result.value as { b: string }).b).toBe('first line second   line\nthird');
    expectCopiedCharsMatch(text, result, ['b'], /\s/);
    expect(result.stringOffset(['b'], 'first line second   line\n'.length)).toBe(text.indexOf('third'));
  });

  it('maps single-quoted scalars with doubled quotes', () => {
    const text = "a: 'it''s a ''quote'''\n";
    const result = parsed(text);
    const value = (result.value as { a: string }).a;
    expect(value).toBe("it's a 'quote'");
    expectCopiedCharsMatch(text, result, ['a'], /$^/);
    expect(result.stringOffset(['a'], value.indexOf('a '))).toBe(text.indexOf('a '));
    expect(result.stringOffset(['a'], value.length)).toBe(text.lastIndexOf("'"));
  });

  it('maps double-quoted scalars with escapes to the escape', () => {
    const text = 'a: "x\\ty \\"q\\" \\u00e9\\U0001F600 end\\\n   joined\n  folded"\n';
    const result = parsed(text);
    const value = (result.value as { a: string }).a;
    expect(value).toBe('x\ty "q" é😀 endjoined folded');
    expect(result.stringOffset(['a'], 1)).toBe(text.indexOf('\\t'));
    expect(result.stringOffset(['a'], 4)).toBe(text.indexOf('\\"'));
    expect(result.stringOffset(['a'], value.indexOf('é'))).toBe(text.indexOf('\\u00e9'));
    expect(result.stringOffset(['a'], value.indexOf('😀') + 1)).toBe(text.indexOf('\\U0001F600'));
    expect(result.stringOffset(['a'], value.indexOf('joined'))).toBe(text.indexOf('joined'));
    expect(result.stringOffset(['a'], value.indexOf('folded'))).toBe(text.indexOf('folded'));
    expect(result.stringOffset(['a'], value.indexOf(' folded'))).toBe(text.indexOf('\n  folded'));
  });

  it('maps a literal block scalar holding a JSON definition', () => {
    const text = [
      'Resources:',
      '  M:',
      '    Properties:',
      '      DefinitionString: !Sub |',
      '        {',
      '          "StartAt": "A",',
      '',
      '          "States": {"A": {"Type": "Pass", "End": true}}',
      '        }',
      '      RoleArn: x',
      '',
    ].join('\n');
    const result = parsed(text);
    const segments = ['Resources', 'M', 'Properties', 'DefinitionString', 'Fn::Sub'];
    const value = valueAt(result, ['Resources', 'M', 'Properties', 'DefinitionString', 'Fn::Sub']) as string;
    expect(JSON.parse(value)).toEqual({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    expectCopiedCharsMatch(text, result, segments, /\n/);
    const offset = result.stringOffset(segments, value.indexOf('"Type"'));
    expect(text.startsWith('"Type": "Pass"', offset)).toBe(true);
    expect(result.stringOffset(segments, value.length)).toBe(text.indexOf('\n      RoleArn') + 1);
  });

  it('maps literal blocks with keep chomping, an indentation indicator and CRLF line ends', () => {
    const keep = 'a: |+\n  one\n   two\n\nb: 1\n';
    expect((parsed(keep).value as { a: string }).a).toBe('one\n two\n\n');
    expectCopiedCharsMatch(keep, parsed(keep), ['a'], /\n/);
    const indicator = 'a:\n  b: |2-\n      indented\n    text\n';
    expect(valueAt(parsed(indicator), ['a', 'b'])).toBe('  indented\ntext');
    expectCopiedCharsMatch(indicator, parsed(indicator), ['a', 'b'], /\n/);
    const crlf = 'a: |\r\n  one\r\n  two\r\nb: "x\r\n  y"\r\n';
    const crlfResult = parsed(crlf);
    expect(crlfResult.value).toEqual({ a: 'one\ntwo\n', b: 'x y' });
    expectCopiedCharsMatch(crlf, crlfResult, ['a'], /\n/);
    expect(crlfResult.stringOffset(['a'], 3)).toBe(crlf.indexOf('\r\n  two'));
  });

  it('maps a folded block scalar, folds pointing at the line break they replace', () => {
    const text = 'a: >\n  first\n  second\n\n  third\n    more indented\n  last\n';
    const result = parsed(text);
    const value = (result.value as { a: string }).a;
    expect(value).toBe('first second\nthird\n  more indented\nlast\n');
    expectCopiedCharsMatch(text, result, ['a'], /\s/);
    expect(result.stringOffset(['a'], 5)).toBe(text.indexOf('\n  second'));
  });

  it('maps every character of any string in every scalar style', () => {
    const unit = fc.constantFrom(
      'a',
      'word',
      ' ',
      '  ',
      '\n',
      '\t',
      '"',
      "'",
      '\\',
      '#',
      ':',
      '{',
      'é',
      '😀',
      '\r\n',
      '\u0007',
    );
    const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.constantFrom(...styles), (value, style) => {
        const text = stringify(
          { outer: { k: value } },
          { defaultStringType: style, lineWidth: 20, minContentWidth: 5 },
        );
        const result = parsed(text);
        // yaml's stringify does not round-trip a few whitespace-only strings; those prove nothing here.
        fc.pre((result.value as { outer: { k: string } }).outer.k === value);
        let previous = -1;
        for (let index = 0; index <= value.length; index += 1) {
          const offset = result.stringOffset(['outer', 'k'], index) as number;
          expect(offset).toBeGreaterThanOrEqual(previous);
          previous = offset;
          if (index === value.length) break;
          const char = value[index];
          // Copied characters map to themselves; escapes to their backslash; folds to a line break.
          const allowed = /\s/.test(char) ? [char, '\n', '\r', '\\'] : [char, '\\'];
          expect(allowed).toContain(text[offset]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what is not a string', () => {
    const result = parsed('n: 5\nm: {a: 1}\n');
    expect(result.stringOffset(['n'], 0)).toBeUndefined();
    expect(result.stringOffset(['m'], 0)).toBeUndefined();
    expect(result.stringOffset(['missing'], 0)).toBeUndefined();
  });
});

describe('parseYaml refusals and errors', () => {
  it('refuses the billion laughs alias bomb without expanding it', () => {
    const levels = 'abcdefghi'.split('');
    const lines = [`a: &a [${Array(9).fill('"lol"').join(',')}]`];
    for (let i = 1; i < levels.length; i += 1) {
      lines.push(
        `${levels[i]}: &${levels[i]} [${Array(9)
          .fill(`*${levels[i - 1]}`)
          .join(',')}]`,
      );
    }
    const error = failed(`${lines.join('\n')}\n`);
    expect(error.code).toBe('ALIAS_LIMIT');
    expect(error.line).toBeGreaterThan(1);
  });

  it('lets a small anchor be reused', () => {
    const result = parsed('base: &b {size: 1, tags: [x]}\none: *b\ntwo: *b\n');
    expect(result.value).toEqual({
      base: { size: 1, tags: ['x'] },
      one: { size: 1, tags: ['x'] },
      two: { size: 1, tags: ['x'] },
    });
  });

  it('refuses an alias inside its own anchor and an unknown alias', () => {
    expect(failed('a: &a [1, *a]\n').code).toBe('RECURSIVE_ALIAS');
    expect(failed('a: *missing\n')).toMatchObject({ code: 'BAD_ALIAS', offset: 3 });
  });

  it('keeps the last value of a duplicate key, as PyYAML does, and names both keys', () => {
    const text = 'Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n  A:\n    Type: z\n';
    const result = parsed(text);
    expect(result.value).toEqual({ Resources: { A: { Type: 'z' }, B: { Type: 'y' } } });
    expect(at(text, result, ['Resources', 'A', 'Type']).value).toBe('z');
    expect(result.duplicateKeys).toEqual([
      { key: 'A', firstOffset: text.indexOf('A:'), offset: text.lastIndexOf('A:') },
    ]);
    expect(parsed('a: {x: 1, y: 2, x: 3}\n').duplicateKeys).toEqual([{ key: 'x', firstOffset: 4, offset: 16 }]);
    expect(parsed('1: a\n"1": b\n').duplicateKeys).toEqual([{ key: '1', firstOffset: 0, offset: 5 }]);
    expect(parsed('a: 1\nb: 2\n').duplicateKeys).toBeUndefined();
  });

  it('reports broken block indentation with its position', () => {
    const error = failed('a:\n  b: 1\n c: 2\n');
    expect(error.line).toBe(3);
    expect(error.code).toBe('BAD_INDENT');
    expect(failed('a: 1\n  b: 2\n').line).toBe(1);
  });

  it('reports an unclosed quote or flow', () => {
    expect(failed('a: "open\nb: 1\n')).toMatchObject({ code: 'MISSING_CHAR', offset: 3 });
    // yaml ends the flow where the block structure resumes; the culprit is the bracket.
    const unclosed = failed('a: {x: 1,\n  y: 2\nb: 3\n');
    expect(unclosed).toMatchObject({ line: 1, offset: 3, message: 'the { that opens here is never closed' });
  });
});

describe('parseYaml PyYAML leniency for flow collections', () => {
  const wellIndented = [
    'Resources:',
    '  Machine:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      Definition: {',
    '        "StartAt": "A",',
    '        "States": {"A": {"Type": "Pass", "End": true}}',
    '        }',
    '      RoleArn: !GetAtt Role.Arn',
    '',
  ].join('\n');
  const expected = parsed(wellIndented).value;
  const definition = ['Resources', 'Machine', 'Properties', 'Definition'];

  const lenient: [string, string][] = [
    ['a closing brace at the key column', wellIndented.replace('        }\n', '      }\n')],
    ['a closing brace at column 0', wellIndented.replace('        }\n', '}\n')],
    [
      'inner lines indented less than the key',
      wellIndented
        .replace('        "StartAt"', '  "StartAt"')
        .replace('        "States"', '  "States"')
        .replace('        }\n', '  }\n'),
    ],
    [
      'inner lines at column 0 with a comment',
      wellIndented
        .replace('        "StartAt": "A",', '"StartAt": "A", # a { comment ]\n# full line')
        .replace('        "States"', '"States"')
        .replace('        }\n', '}\n'),
    ],
  ];

  it.each(lenient)('accepts %s', (_name, text) => {
    const result = parsed(text);
    expect(result.value).toEqual(expected);
    const states = at(text, result, [...definition, 'States']);
    expect(states).toEqual({ key: '"States"', value: '{"A": {"Type": "Pass", "End": true}}' });
    expect(at(text, result, [...definition, 'States', 'A', 'Type'])).toEqual({ key: '"Type"', value: '"Pass"' });
    expect(at(text, result, ['Resources', 'Machine', 'Properties', 'RoleArn'])).toEqual({
      key: 'RoleArn',
      value: '!GetAtt Role.Arn',
    });
    const whole = at(text, result, definition).value;
    expect(whole.startsWith('{\n')).toBe(true);
    expect(whole.endsWith('}')).toBe(true);
    expect(result.stringOffset([...definition, 'StartAt'], 0)).toBe(text.indexOf('"A"') + 1);
  });

  it('accepts a loose flow sequence and keeps strings with brackets intact', () => {
    const text = 'a:\n  list: [one,\ntwo, "th]r{ee",\n  \'fo,ur\'\n]\n  after: 1\n';
    const result = parsed(text);
    expect(result.value).toEqual({ a: { list: ['one', 'two', 'th]r{ee', 'fo,ur'], after: 1 } });
    expect(at(text, result, ['a', 'list', '1']).value).toBe('two');
    expect(at(text, result, ['a', 'list', '2']).value).toBe('"th]r{ee"');
    expect(at(text, result, ['a', 'after'])).toEqual({ key: 'after', value: '1' });
  });

  it('accepts a flow in a block sequence item and a multi-line quoted string in a flow', () => {
    const text = 'items:\n  - [a,\nb]\n  - {"k": "multi\nline"}\n';
    const result = parsed(text);
    expect(result.value).toEqual({ items: [['a', 'b'], { k: 'multi line' }] });
    expect(result.stringOffset(['items', '1', 'k'], 'multi '.length)).toBe(text.indexOf('line'));
  });

  it('accepts a tagged flow and locates through the tag', () => {
    const text = 'Outputs:\n  X:\n    Value: !Join ["", [\n"arn:",\n  !Ref A]\n]\n    Export: {Name: x}\n';
    const result = parsed(text);
    expect(result.value).toEqual({
      Outputs: { X: { Value: { 'Fn::Join': ['', ['arn:', { Ref: 'A' }]] }, Export: { Name: 'x' } } },
    });
    expect(at(text, result, ['Outputs', 'X', 'Value', 'Fn::Join', '1', '1', 'Ref'])).toEqual({
      key: '!Ref',
      value: 'A',
    });
    expect(at(text, result, ['Outputs', 'X', 'Value']).value).toBe('!Join ["", [\n"arn:",\n  !Ref A]\n]');
  });

  it('reads any JSON value however its continuation lines are indented', () => {
    const leaf = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ' ', '{', ']', '#', '"', "'", ',', ':', '\\', 'é'), maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(
          fc.string({ unit: fc.constantFrom('k', ' ', '#', '{'), minLength: 1, maxLength: 4 }),
          tie('value'),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.array(fc.nat(8), { minLength: 1, maxLength: 20 }), (inner, indents) => {
        const value = { wrap: [inner] };
        const [first, ...rest] = JSON.stringify(value, null, 1).split('\n');
        const continuation = rest.map((line, i) => `${' '.repeat(indents[i % indents.length])}${line.trimStart()}\n`);
        const text = `root:\n  key: ${first}\n${continuation.join('')}  after: 1\n`;
        const result = parsed(text);
        expect(result.value).toEqual({ root: { key: value, after: 1 } });
        expect(at(text, result, ['root', 'after'])).toEqual({ key: 'after', value: '1' });
        expect(JSON.parse(at(text, result, ['root', 'key', 'wrap', '0']).value)).toEqual(inner);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves block scalars alone while relaxing', () => {
    const text = 'a: |\n  {\n  not: [a flow\nb: {x: 1,\ny: 2}\n';
    expect(parsed(text).value).toEqual({ a: '{\nnot: [a flow\n', b: { x: 1, y: 2 } });
  });

  it('still reports genuine errors at their original position', () => {
    const lenientFlow = 'a: {\n"x": 1\n}\n';
    const broken = failed(`${lenientFlow}c:\n  d: 1\n e: 2\n`);
    expect(broken.line).toBe(6);
    const unclosed = failed('a: {\n"x": 1\nb: 2\n');
    expect(unclosed).toMatchObject({ line: 1, offset: 3 });
    // Offsets of duplicate keys come back through the relaxation table too.
    const duplicates = parsed(`${lenientFlow}b: 1\nb: {\n"y": 1,\n"y": 2\n}\n`).duplicateKeys;
    expect(duplicates).toEqual([
      { key: 'b', firstOffset: lenientFlow.length, offset: `${lenientFlow}b: 1\n`.length },
      {
        key: 'y',
        firstOffset: `${lenientFlow}b: 1\nb: {\n`.length,
        offset: `${lenientFlow}b: 1\nb: {\n"y": 1,\n`.length,
      },
    ]);
  });
});

describe('parseYaml PyYAML leniency for quoted scalars', () => {
  // PyYAML never checks the indentation of a quoted scalar's lines, so CloudFormation users
  // write `!Sub '{ ... }'` policies and `Value: "{ ... }"` outputs with lines under the key.
  const policy = ['{', '"Version": "2012-10-17",', '"Statement": [{"Effect": "Allow", "Resource": "*"}]', '}'];
  const template = (quote: string, tag: string, indents: number[]): string => {
    const [first, ...rest] = policy.map((line) => (quote === '"' ? line.replace(/"/g, '\\"') : line));
    const lines = rest.map(
      (line, i) => `${' '.repeat(indents[i % indents.length])}${line}${i === rest.length - 1 ? quote : ''}`,
    );
    return `Resources:\n  Role:\n    Properties:\n      PolicyDocument: ${tag}${quote}${first}\n${lines.join('\n')}\n      After: 1\n`;
  };
  const document = ['Resources', 'Role', 'Properties', 'PolicyDocument'];
  const policyText = policy.join(' ');

  const cases: [string, string, string, number[]][] = [
    ['single quotes, closing line at the key column', "'", '!Sub ', [10, 10, 6]],
    ['single quotes, every line at column 0', "'", '!Sub ', [0]],
    ['double quotes without a tag, lines left of the key', '"', '', [2, 4, 0]],
    ['double quotes with a tag, closing line at column 0', '"', '!Sub ', [8, 8, 0]],
  ];

  it.each(cases)('accepts %s with the value PyYAML gives', (_name, quote, tag, indents) => {
    const text = template(quote, tag, indents);
    const result = parsed(text);
    const value = tag ? { 'Fn::Sub': policyText } : policyText;
    expect(valueAt(result, document)).toEqual(value);
    expect(at(text, result, ['Resources', 'Role', 'Properties', 'After'])).toEqual({ key: 'After', value: '1' });
    const path = tag ? [...document, 'Fn::Sub'] : document;
    // Every character of the string maps to the original text, also on the pushed lines.
    const star = policyText.indexOf('*');
    expect(text[result.stringOffset(path, star)!]).toBe('*');
    expect(
      text
        .slice(result.stringOffset(path, policyText.indexOf('"Statement"')))
        .startsWith(quote === '"' ? '\\"Statement' : '"Statement'),
    ).toBe(true);
    expect(text[result.stringOffset(path, policyText.length - 1)!]).toBe('}');
  });

  it('accepts a quoted value in a block sequence item and a top-level string', () => {
    const text = 'build:\n  - sh: \'\n    if x; then\n  echo "a";\nfi\n  \'\n  - sh: b\n';
    expect(parsed(text).value).toEqual({ build: [{ sh: ' if x; then echo "a"; fi ' }, { sh: 'b' }] });
    expect(parsed("'a\nb'\n").value).toBe('a b');
  });

  it('keeps empty lines, tab-only lines and escaped line breaks as PyYAML reads them', () => {
    expect(parsed("a:\n  b: 'x\n\n\t\ny'\n").value).toEqual({ a: { b: 'x\n\ny' } });
    expect(parsed('a:\n  b: "x\\\ny\\n\nz"\n').value).toEqual({ a: { b: 'xy\n z' } });
  });

  it('reads on past an unindented `#` line in a tagged string, where yaml silently stops', () => {
    const text = 'root:\n  key: !Sub "{\n      a\n#b   "\nnext: 2\n';
    const result = parsed(text);
    expect(result.value).toEqual({ root: { key: { 'Fn::Sub': '{ a #b   ' } }, next: 2 });
    expect(result.stringOffset(['root', 'key', 'Fn::Sub'], '{ a '.length)).toBe(text.indexOf('#b'));
    expect(parsed("k: !Sub 'it''s'\n").value).toEqual({ k: { 'Fn::Sub': "it's" } });
    expect(parsed('k: !Sub "a\\\\"\n').value).toEqual({ k: { 'Fn::Sub': 'a\\' } });
  });

  it('reads any text however its continuation lines are indented', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'é', '{', '}', '#', ':', ',', '"', "'", '\\', '-'),
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 2, maxLength: 6 }),
        fc.array(fc.nat(6), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (words, indents, single) => {
          const quoted = words.map((w) => (single ? w.replace(/'/g, "''") : JSON.stringify(w).slice(1, -1)));
          // A line may not start with `---` or `...`, which ends the document for PyYAML too.
          const lines = quoted.slice(1).map((w, i) => `${' '.repeat(indents[i % indents.length])}x${w}`);
          const quote = single ? "'" : '"';
          const text = `root:\n  key: ${quote}${quoted[0]}\n${lines.join('\n')}${quote}\n  after: 1\n`;
          const expected = [words[0], ...words.slice(1).map((w) => `x${w}`)].join(' ');
          const result = parsed(text);
          expect(result.value).toEqual({ root: { key: expected, after: 1 } });
          expect(result.stringOffset(['root', 'key'], expected.length)).toBe(text.lastIndexOf(quote));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('points at the opening quote of a string that is never closed', () => {
    const eof = failed("a: 1\nb: 'abc\n  def\n");
    expect(eof).toMatchObject({ line: 2, offset: 'a: 1\nb: '.length, code: 'MISSING_CHAR' });
    expect(eof.message).toBe("the ' quote that opens here is never closed");
    const marker = failed('a: "abc\n---\ndef"\n');
    expect(marker.offset).toBe(3);
    expect(marker.message).toBe(
      'the " quote that opens here is not closed before the --- on line 2, column 1, which ends the document',
    );
    // An error of the string's own stays yaml's, at its place.
    const escape = failed('a:\n  b: "x\ny \\q"\n');
    expect(escape).toMatchObject({ code: 'BAD_DQ_ESCAPE', offset: 'a:\n  b: "x\ny '.length });
  });

  it('points at a quote that ends the string early, not at the text after it', () => {
    const early = failed("a: 'it's here'\nb: 1\n");
    expect(early.offset).toBe("a: 'it".length);
    expect(early.message).toBe(
      "the ' at line 1, column 7 closes the string that opens at line 1, column 4, and the text after it is not YAML; quote the whole value, or write a ' that belongs to the text twice ('')",
    );
    const partial = failed('x:\n  d: "RDS\n events" (tag)\n');
    expect(partial).toMatchObject({ line: 3, offset: 'x:\n  d: "RDS\n events'.length });
    expect(partial.message).toContain('escape a " that belongs to the text (\\")');
  });

  it('still reports a genuine error after a relaxed string at its own position', () => {
    const relaxedString = "a:\n  b: '{\n}'\n";
    const broken = failed(`${relaxedString}  c: 1\n d: 2\n`);
    expect(broken.line).toBe(5);
    expect(broken.code).toBe('BAD_INDENT');
    expect(failed("a: 'x\n'\nb: [1,\n").line).toBe(3);
  });
});
