// Property: on generated payloads with embedded blobs (data URIs, MIME wrapping, URL-safe,
// unpadded, nested, in arrays; JSON pretty and minified, YAML), `--fix --fix-unsafe` then `inline`
// gives back the original text byte for byte, and a second `--fix` changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig, type ConfigFile } from '../../src/config.js';
import { inlineFiles } from '../../src/io/inline.js';
import { readCheckedManifest } from '../../src/io/manifest-check.js';
import { applyFixes } from '../../src/io/fix-run.js';
import { readyLinter } from '../support/parsers.js';

const linter = await readyLinter();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-prop-'));
afterAll(() => {
  if (!process.env.KEEP_PROPERTY_DIRS) fs.rmSync(root, { recursive: true, force: true });
});

const SIGNATURES = [
  '89504e470d0a1a0a0000000d49484452',
  '255044462d312e370a25',
  '1f8b0800000000000003',
  'ffd8ffe000104a464946',
];

interface Layout {
  alphabet: 'standard' | 'url';
  padded: boolean;
  wrap: 0 | 64 | 76;
  lineBreak: '\n' | '\r\n';
  trailing: boolean;
  dataUri: boolean;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  alphabet: fc.constantFrom('standard', 'url'),
  padded: fc.boolean(),
  wrap: fc.constantFrom(0, 0, 64, 76),
  lineBreak: fc.constantFrom('\n', '\r\n'),
  trailing: fc.boolean(),
  dataUri: fc.boolean(),
});

function encode(bytes: Buffer, l: Layout, mediaType: string): string {
  let text = bytes.toString(l.alphabet === 'url' ? 'base64url' : 'base64').replace(/=+$/, '');
  if (l.padded) text += '='.repeat((4 - (text.length % 4)) % 4);
  if (l.wrap && !l.dataUri) {
    text = (text.match(new RegExp(`.{1,${l.wrap}}`, 'g')) ?? []).join(l.lineBreak);
    if (l.trailing) text += l.lineBreak;
  }
  return l.dataUri ? `data:${mediaType};base64,${text}` : text;
}

const blob = fc
  .tuple(fc.constantFrom(...SIGNATURES), fc.uint8Array({ minLength: 120, maxLength: 600 }), layout)
  .map(([sig, rest, l]) => {
    const bytes = Buffer.concat([Buffer.from(sig, 'hex'), Buffer.from(rest)]);
    const media = sig.startsWith('8950')
      ? 'image/png'
      : sig.startsWith('2550')
        ? 'application/pdf'
        : sig.startsWith('1f8b')
          ? 'application/gzip'
          : 'image/jpeg';
    return encode(bytes, l, media);
  });

const key = fc.constantFrom('file', 'image', 'body', 'data', 'attachment', '../../x', 'a b', 'données');
const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.constantFrom('plain text', 'user-42', ''), fc.constant(null));

const { value: tree } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    blob,
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
}));

const document = fc.record({
  root: fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }),
  extra: blob,
  format: fc.constantFrom('json-pretty', 'json-tabs', 'json-min', 'yaml'),
});

function render(d: { root: Record<string, unknown>; extra: string; format: string }): { name: string; text: string } {
  const value = { ...d.root, upload: { file: d.extra } };
  switch (d.format) {
    case 'json-pretty':
      return { name: 'event.json', text: JSON.stringify(value, null, 2) + '\n' };
    case 'json-tabs':
      return { name: 'event.json', text: JSON.stringify(value, null, '\t') };
    case 'json-min':
      return { name: 'event.json', text: JSON.stringify(value) + '\n' };
    default:
      return { name: 'event.yaml', text: '# generated test event\n' + yamlStringify(value, { lineWidth: 0 }) };
  }
}

const CONFIG: ConfigFile = {
  rules: { 'no-inline-base64': ['warn', { minBytes: 64 }] },
  kinds: [{ files: '**/*.yaml', kind: 'payload' }],
  fix: { bucket: 'prop-bucket', prefix: 'p/' },
};

let n = 0;
async function fixOnce(dir: string, name: string) {
  const config = await resolveConfig(CONFIG, rules, dir);
  const bytes = fs.readFileSync(path.join(dir, name));
  const result = linter.lintFile(name, bytes, config, name, { fixSettings: { bucket: 'prop-bucket', prefix: 'p/' } });
  return applyFixes([result], config, {
    linter,
    cwd: dir,
    unsafe: true,
    dryRun: false,
    bucket: 'prop-bucket',
    prefix: 'p/',
    stageDir: path.join(dir, 'stage'),
    upload: false,
  });
}

describe('fix then inline', () => {
  it('restores every file byte for byte, and a second fix is a no-op', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (d) => {
        const dir = path.join(root, String(n++));
        fs.mkdirSync(dir);
        const { name, text } = render(d);
        fs.writeFileSync(path.join(dir, name), text);
        const first = await fixOnce(dir, name);
        expect(first.failures).toEqual([]);
        // The extra blob always has a key to rename, so something moved.
        expect(first.fixedFiles).toBe(1);
        const fixed = fs.readFileSync(path.join(dir, name), 'utf8');
        expect(fixed).not.toContain(d.extra.slice(-40));
        const second = await fixOnce(dir, name);
        expect(second.fixedFiles).toBe(0);
        expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(fixed);
        const stageDir = path.join(dir, 'stage');
        const { manifest } = await readCheckedManifest(stageDir);
        const back = await inlineFiles({
          cwd: dir,
          root: dir,
          stageDir,
          manifest,
          files: [],
          scope: [],
          download: false,
        });
        expect(back.failures).toEqual([]);
        expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  }, 120_000);
});
