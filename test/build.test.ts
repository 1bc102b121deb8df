// The bundling step rewrites two dependencies' load-time work into first-use work. These tests
// bundle the real packages with and without those plugins and check that nothing observable moved.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lazyAssert, lazyStringWidth } from '../src/build/bundle.js';
import { yamlEnvAtLoad } from '../src/build/yaml-env.js';

const root = path.resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-build-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` (resolved from the repository) and imports the result. */
async function bundled(
  name: string,
  source: string,
  plugins: import('esbuild').Plugin[],
): Promise<Record<string, unknown>> {
  const out = path.join(dir, `${name}.mjs`);
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    plugins,
  });
  expect(result.warnings).toEqual([]);
  return import(pathToFileURL(out).href) as Promise<Record<string, unknown>>;
}

const SAMPLES = [
  '',
  'plain ascii',
  '\u001b[31mred\u001b[39m',
  '古池や蛙飛び込む',
  'ｶﾀｶﾅ and ｶﾞ',
  '👍🏽 thumbs',
  '👨‍👩‍👧‍👦 family',
  '🇫🇷 flag',
  '1\u20e3 keycap',
  'e\u0301 combining',
  'a\u200bb zero width',
  '한국어 가',
  '\u0915\u093f Devanagari',
  '☺ text-style ☺\ufe0f emoji-style',
];

describe('bundle plugins', () => {
  it('string-width measures exactly as the unmodified package', async () => {
    const entry = "export { default } from 'string-width';";
    const plain = (await bundled('sw-plain', entry, [])).default as (s: string) => number;
    const lazy = (await bundled('sw-lazy', entry, [lazyStringWidth])).default as (s: string) => number;
    const expected = SAMPLES.map(plain);
    expect(expected.some((w, i) => w !== SAMPLES[i].length)).toBe(true);
    expect(SAMPLES.map(lazy)).toEqual(expected);
  });

  it('string-width no longer builds a segmenter or property-escape regexp when loaded', async () => {
    await bundled('sw-probe', "export { default } from 'string-width';", [
      lazyStringWidth,
      {
        name: 'inspect',
        setup(b) {
          b.onEnd((r) => {
            expect(r.errors).toEqual([]);
          });
        },
      },
    ]);
    const text = fs.readFileSync(path.join(dir, 'sw-probe.mjs'), 'utf8');
    // What remains of each is inside a function, run on first use.
    expect(text).not.toMatch(/^(var|const|let) \w+ = new Intl\.Segmenter\(\)/m);
    expect(text).not.toMatch(/^(var|const|let) \w+ = (\/.*\\p\{|new RegExp\(".*\\\\p\{)/m);
    expect(text).toMatch(/RGI_Emoji/);
  });

  it('yargs gets node:assert on the first check, with the same errors', async () => {
    const shimPath = path.join(root, 'node_modules/yargs/lib/platform-shims/esm.mjs');
    const entry = `export { default } from ${JSON.stringify(shimPath)};`;
    const { default: shim } = (await bundled('yargs-shim', entry, [lazyAssert])) as {
      default: { assert: typeof import('node:assert') };
    };
    const text = fs.readFileSync(path.join(dir, 'yargs-shim.mjs'), 'utf8');
    expect(text).not.toMatch(/^import .* from "(node:)?assert";$/m);
    expect(() => shim.assert.strictEqual(1, 1)).not.toThrow();
    const thrown = (f: () => void) => {
      try {
        f();
      } catch (err) {
        return err as { code?: string; message?: string };
      }
      return undefined;
    };
    const real = (await import('node:assert')).default;
    const failing = [(a: typeof real) => a.strictEqual(1, 2, 'differs'), (a: typeof real) => a.notStrictEqual(1, 1)];
    for (const call of failing) {
      const expected = thrown(() => call(real));
      expect(expected?.code).toBe('ERR_ASSERTION');
      expect(thrown(() => call(shim.assert))).toMatchObject({ code: expected?.code, message: expected?.message });
    }
  });
});

describe('yaml with its debugging switches read at load', () => {
  const entry = "export { parseDocument } from 'yaml';";
  type Parse = (text: string) => { toJS(): unknown; errors: unknown[] };
  const TEMPLATE = [
    'Resources:',
    '  Machine:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}',
    '      Tags: [{Key: "a b", Value: \'c\'}, {Key: |\n          block\n        , Value: 1}]',
    '',
  ].join('\n');

  it('reads process.env once, and parses exactly as the unmodified package', async () => {
    const plain = (await bundled('yaml-plain', entry, [])).parseDocument as Parse;
    const once = (await bundled('yaml-once', entry, [yamlEnvAtLoad])).parseDocument as Parse;
    const text = fs.readFileSync(path.join(dir, 'yaml-once.mjs'), 'utf8');
    for (const name of ['LOG_TOKENS', 'LOG_STREAM']) {
      expect(text).toMatch(new RegExp(`envAtLoad_${name} = \\w+\\.env\\.${name}[;,]`));
      // The read in yaml's per-token code is gone.
      expect(text).not.toMatch(new RegExp(`if \\(\\w+\\.env\\.${name}\\)`));
    }
    expect(once(TEMPLATE).toJS()).toEqual(plain(TEMPLATE).toJS());
    expect(once('a: [1,\n').errors.length).toBe(plain('a: [1,\n').errors.length);
  });

  it('still logs tokens when LOG_TOKENS is set before yaml loads', async () => {
    process.env.LOG_TOKENS = '1';
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const once = (await bundled('yaml-logging', entry, [yamlEnvAtLoad])).parseDocument as Parse;
      once('a: 1\n');
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
      delete process.env.LOG_TOKENS;
    }
  });
});

describe('precompiled validators', () => {
  it('the bundle judges Power Tuning inputs exactly as the schema compiled at run time does', async () => {
    const { lint } = await import('../src/api.js');
    const { runCli } = await import('./support/cli.js');
    const fixtures = path.join(root, 'fixtures/power-tuning-input');
    const files = fs.readdirSync(fixtures).filter((f) => /\.(json|ya?ml)$/.test(f) && !f.includes('.config.'));
    expect(files.length).toBeGreaterThan(5);
    const only = (messages: { ruleId: string | null; message: string; line: number; column: number }[]) =>
      messages.filter((m) => m.ruleId === 'power-tuning-input').map((m) => `${m.line}:${m.column} ${m.message}`);
    const fromSources = await lint(files, { cwd: fixtures });
    const bundled = runCli(['--no-ignore', '--format', 'json', ...files], { cwd: fixtures });
    const fromBundle = JSON.parse(bundled.stdout) as typeof fromSources;
    const byFile = new Map(fromBundle.map((r) => [r.filePath, only(r.messages)]));
    const invalid = fromSources.filter((r) => only(r.messages).length > 0);
    expect(invalid.length).toBeGreaterThan(5);
    for (const r of fromSources) expect(byFile.get(r.filePath), r.filePath).toEqual(only(r.messages));
  });
});

describe('precompiled config validator', () => {
  it('accepts and rejects configs exactly as ajv compiling the schema at run time', async () => {
    const generated = path.join(root, 'dist/src/generated/validators.js');
    const { validators } = (await import(pathToFileURL(generated).href)) as {
      validators: Record<string, ((d: unknown) => boolean) & { errors?: unknown }>;
    };
    const precompiled = validators.config;
    expect(precompiled).toBeTypeOf('function');
    const { AJV_OPTIONS, CONFIG_SCHEMA } = await import('../src/config.js');
    const { default: Ajv } = await import('ajv');
    const runtime = new (Ajv as unknown as new (o: object) => { compile(s: object): typeof precompiled })(
      AJV_OPTIONS,
    ).compile(CONFIG_SCHEMA);
    const configs = [
      {},
      { targets: [{ files: '' }] },
      { targets: [{ files: '😀' }] },
      { targets: [{ files: '\ud800' }] },
      { targets: [{ files: ['a/**', ''], target: 'sqs' }] },
      { ignores: ['', { files: 'x', reason: 'r' }] },
      { fix: { bucket: 'Bad_Bucket' } },
      { fix: { bucket: 'my-bucket', keyTemplate: '' } },
      { rules: { 'payload-size': ['warn', { warnAt: 0.9 }] } },
    ];
    for (const c of configs) {
      expect(precompiled(c), JSON.stringify(c)).toBe(runtime(c));
      expect(precompiled.errors ?? null, JSON.stringify(c)).toEqual(runtime.errors ?? null);
    }
  });
});

describe('what a clean one-file run loads', () => {
  it('never loads node:stream, node:net or node:tty (no stdout, no stderr, no node:fs facade)', async () => {
    const { CLI } = await import('./support/cli.js');
    const { spawnSync } = await import('node:child_process');
    const work = fs.mkdtempSync(path.join(dir, 'clean-'));
    fs.writeFileSync(path.join(work, 'event.json'), JSON.stringify({ detail: { orderId: 1 } }));
    // A CommonJS preload reads node:fs through require(), so it adds no facade of its own.
    const probe = path.join(work, 'probe.cjs');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('fs').writeSync(2, JSON.stringify(process.moduleLoadList)));`,
    );
    const run = spawnSync(process.execPath, ['--require', probe, CLI, 'event.json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const loaded = JSON.parse(run.stderr) as string[];
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (stream|net|tty)$/.test(m))).toEqual([]);
    // With something to report, stdout is created as usual.
    fs.writeFileSync(path.join(work, 'event.json'), JSON.stringify({ a: 'x'.repeat(300_000) }));
    const dirty = spawnSync(process.execPath, [CLI, 'event.json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toMatch(/payload-size/);
  });
});
