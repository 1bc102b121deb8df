import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { DEFAULT_IGNORED, isDefaultIgnored, readRegularFile, writeFileAtomic } from '../src/io.js';
import { runLint } from '../src/lint.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-io-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (rel: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
};

const summary = async (patterns: string[], options: { ignore?: boolean } = {}) => {
  const run = await runLint(patterns, { cwd: dir, ...options });
  return { files: run.results.map((r) => r.filePath), run };
};

describe('finding files', () => {
  it('searches directories for JSON and YAML, skipping node_modules and .git', async () => {
    write('events/a.json', '{}');
    write('events/b.asl.json', '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}');
    write('events/c.yml', 'a: 1\n');
    write('events/d.jsonc', '{}');
    write('events/e.txt', 'nope');
    write('node_modules/x/package.json', '{}');
    write('node_modules/x/f.json', '{}');
    write('.git/config.json', '{}');
    expect((await summary([])).files).toEqual(['events/a.json', 'events/b.asl.json', 'events/c.yml', 'events/d.jsonc']);
  });

  it('honours .gitignore at every level and config ignores, unless --no-ignore', async () => {
    write('.gitignore', 'build/\n*.generated.json\n');
    write('sub/.gitignore', 'local.json\n');
    write('build/x.json', '{}');
    write('a.generated.json', '{}');
    write('sub/local.json', '{}');
    write('sub/kept.json', '{}');
    write('legacy/old.json', '{}');
    write('payload-guard.config.json', JSON.stringify({ ignores: ['legacy/**'] }));
    expect((await summary(['.'])).files).toEqual(['payload-guard.config.json', 'sub/kept.json']);
    expect((await summary(['.'], { ignore: false })).files).toEqual([
      'a.generated.json',
      'build/x.json',
      'legacy/old.json',
      'payload-guard.config.json',
      'sub/kept.json',
      'sub/local.json',
    ]);
  });

  it('expands globs and reports patterns that match nothing', async () => {
    write('events/a.json', '{}');
    write('events/deep/b.json', '{}');
    expect((await summary(['events/**/*.json'])).files).toEqual(['events/a.json', 'events/deep/b.json']);
    expect((await summary(['nothing/**/*.json'])).run.missing).toEqual(['nothing/**/*.json']);
    expect((await summary(['missing.json'])).run.missing).toEqual(['missing.json']);
  });

  it('accepts thousands of file arguments in one call', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `many/f${i}.json`);
    for (const n of names) write(n, `{"i": 1}`);
    const { files } = await summary(names);
    expect(files).toHaveLength(3000);
  });

  it('never hangs on a FIFO, a device or a symlink loop, and says what each is', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    fs.symlinkSync(path.join(dir, 'loop-b.json'), path.join(dir, 'loop-a.json'));
    fs.symlinkSync(path.join(dir, 'loop-a.json'), path.join(dir, 'loop-b.json'));
    fs.mkdirSync(path.join(dir, 'cycle'));
    fs.symlinkSync(path.join(dir, 'cycle'), path.join(dir, 'cycle', 'again'));
    write('real.json', '{}');
    fs.symlinkSync(path.join(dir, 'real.json'), path.join(dir, 'link-to-real.json'));

    // A directory scan passes over special files and loops without stopping.
    const scan = await summary(['.']);
    expect(scan.files).toEqual(['link-to-real.json', 'real.json']);

    // Named explicitly, each becomes a parse-error with the reason.
    const named = await summary(['pipe.json', 'loop-a.json', '/dev/null', 'real.json/inside.json']);
    const messages = Object.fromEntries(named.run.results.map((r) => [r.filePath, r.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)]));
    expect(messages['pipe.json']).toEqual(['parse-error: Cannot read this path: not a regular file (FIFO).']);
    expect(messages['loop-a.json']).toEqual(['parse-error: Cannot read this path: symbolic link loop.']);
    expect(messages['/dev/null']).toEqual(['parse-error: Cannot read this path: not a regular file (character device).']);
    expect(messages['real.json/inside.json'][0]).toBe('parse-error: Cannot read this path: a part of the path is a file, not a directory.');
  });

  it('refuses files over the reading limit without reading them', async () => {
    write('big.json', Buffer.alloc(2048, 0x20));
    const r = await readRegularFile(path.join(dir, 'big.json'), 1024);
    expect(r).toEqual({ ok: false, detail: 'the file is 2048 bytes, over the 1024-byte reading limit' });
  });
});

describe('isDefaultIgnored', () => {
  it('reads DEFAULT_IGNORED exactly as picomatch does', () => {
    const globs = picomatch(DEFAULT_IGNORED, { dot: true });
    const segments = ['.payload-guard', 'cdk.out', 'asset.1', 'asset.', 'assetx', 'a', '..', '.', '', 'x.json', '.git'];
    let paths: string[][] = [[]];
    let checked = 0;
    for (let length = 1; length <= 4; length++) {
      paths = paths.flatMap((p) => segments.map((s) => [...p, s]));
      for (const p of paths) {
        const rel = p.join('/');
        expect(isDefaultIgnored(rel), rel).toBe(globs(rel));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(isDefaultIgnored('stacks/cdk.out/asset.abc123/template.json')).toBe(true);
    expect(isDefaultIgnored('.payload-guard/s3/bucket/key.json')).toBe(true);
    expect(isDefaultIgnored('events/cdk.out.json')).toBe(false);
  });
});

describe('reading into a reused buffer', () => {
  it('returns each file whole, whatever the order of sizes', async () => {
    const scratch = { buffer: Buffer.alloc(0) };
    const sizes = [10, 200_000, 0, 70_000, 1, 3_000_000, 5];
    for (const [i, n] of sizes.entries()) {
      const content = Buffer.from(Array.from({ length: n }, (_, k) => 97 + ((k * 7 + i) % 26)));
      fs.writeFileSync(path.join(dir, `f${i}`), content);
      const r = await readRegularFile(path.join(dir, `f${i}`), undefined, scratch);
      expect(r.ok && Buffer.compare(r.bytes, content)).toBe(0);
    }
    expect(scratch.buffer.length).toBeGreaterThan(3_000_000);
  });

  it('reads past the size fstat reports (procfs files say 0)', async () => {
    const scratch = { buffer: Buffer.alloc(0) };
    const r = await readRegularFile('/proc/self/smaps', undefined, scratch);
    expect(r.ok).toBe(true);
    const text = r.ok ? r.bytes.toString('utf8') : '';
    // Larger than the first buffer (64 KiB) for a Node process, so the buffer grew while reading.
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('Size:')).length).toBeGreaterThan(10);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, keeps its mode, and leaves no temporary file', async () => {
    const target = path.join(dir, 'out.json');
    fs.writeFileSync(target, 'old');
    fs.chmodSync(target, 0o640);
    await writeFileAtomic(target, 'new content');
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['out.json']);
  });

  it('leaves the original untouched when the rename cannot happen', async () => {
    const target = path.join(dir, 'sub');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(fs.readFileSync(path.join(target, 'keep'), 'utf8')).toBe('x');
    expect(fs.readdirSync(dir)).toEqual(['sub']);
  });
});
