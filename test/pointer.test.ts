import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config.js';
import { lintSource } from '../src/engine.js';
import { jsonPathIn, MESSAGE_PATH_CHARS, shortJsonPath } from '../src/pointer.js';
import { png } from './support/files.js';
import { parsers } from './support/parsers.js';

describe('shortJsonPath', () => {
  it('keeps a path up to the limit whole', () => {
    const path = '$.' + 'a'.repeat(MESSAGE_PATH_CHARS - 2);
    expect(shortJsonPath(path)).toBe(path);
    expect(shortJsonPath('$.payload[0].image')).toBe('$.payload[0].image');
  });

  it('keeps the first and last 3 segments of a longer one, brackets and quotes included', () => {
    const path = jsonPathIn({}, [
      'Resources',
      'my key',
      ...Array.from({ length: 60 }, (_, i) => `k${i}`),
      "it's",
      'end',
    ]);
    expect(shortJsonPath(path)).toBe("$.Resources['my key'].k0….k59['it\\'s'].end");
    expect(shortJsonPath('$' + '[1]'.repeat(100) + '.x')).toBe('$[1][1][1]…[1][1].x');
  });

  it('leaves text that is not a whole JSONPath alone', () => {
    const text = '$.a b ' + 'c'.repeat(200);
    expect(shortJsonPath(text)).toBe(text);
    expect(shortJsonPath('x'.repeat(500))).toBe('x'.repeat(500));
  });
});

describe('a finding deep in a document', () => {
  it('has a short message and its whole path in the `path` field', async () => {
    const depth = 200_000;
    const blob = png(11, 300_000).toString('base64');
    const text = '{"a":'.repeat(depth) + JSON.stringify(blob) + '}'.repeat(depth);
    const config = await resolveConfig({}, rules, '/');
    const result = lintSource('deep.json', Buffer.from(text), {
      settings: config.forFile('deep.json'),
      registry: rules,
      parsers,
    });
    const found = result.diagnostics.filter((d) => d.ruleId === 'payload-size' || d.ruleId === 'no-inline-base64');
    expect(found.map((d) => d.ruleId).sort()).toEqual(['no-inline-base64', 'payload-size']);
    for (const d of found) {
      expect(d.message.length).toBeLessThan(600);
      expect(d.message).toContain('`$.a.a.a….a.a.a`');
    }
    expect(found.find((d) => d.ruleId === 'no-inline-base64')!.path).toBe('$' + '.a'.repeat(depth));
  });
});
