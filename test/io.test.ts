import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import fc from 'fast-check';
import {
  coreIgnoreCase,
  DEFAULT_IGNORED,
  discover,
  folderMatcher,
  isDefaultIgnored,
  readRegularFile,
  relativePath,
  writeFileAtomic,
} from '../src/io/files.js';
import { runLint } from '../src/lint.js';
import { builtinLinter } from '../src/linter.js';

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
  const run = await runLint(patterns, { linter: builtinLinter(), cwd: dir, ...options });
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

  it('leaves out what git leaves out: deeper negations win, an excluded folder is never entered', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    write('.gitignore', '*.json\n!/events/*.json\ngone/\nlogs/**\n!logs/keep/\n');
    write('sub/.gitignore', '!keep.json\nnested/\n');
    write('sub/deeper/.gitignore', '!*.json\n');
    write('gone/.gitignore', '!x.json\n');
    write('.git/info/exclude', 'excluded.yaml\n');
    const files = [
      'top.json',
      'events/a.json',
      'events/more/b.json',
      'sub/keep.json',
      'sub/other.json',
      'sub/nested/keep.json',
      'sub/deeper/c.json',
      'gone/x.json',
      'logs/keep/k.yaml',
      'logs/k.yaml',
      'excluded.yaml',
      'sub/excluded.yaml',
      'kept.yaml',
    ];
    for (const f of files) write(f, '{}');
    // git's own answer: the untracked files it does not ignore.
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const byGit = status
      .split('\n')
      .filter((l) => l.startsWith('?? '))
      .map((l) => l.slice(3))
      .filter((f) => files.includes(f))
      .sort();
    expect(byGit).toEqual(['events/a.json', 'kept.yaml', 'sub/deeper/c.json', 'sub/keep.json']);
    expect((await summary(['.'])).files).toEqual(byGit);
  });

  it('matches .gitignore patterns with case, or without it when the repository sets core.ignorecase, as git does', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['config', 'core.ignorecase', 'false'], { cwd: dir });
    write('.gitignore', 'Build/\n*.JSON\n');
    const files = ['build/x.json', 'Build/y.json', 'a.json', 'b.JSON', 'c.yaml'];
    for (const f of files) write(f, '{}');
    const byGit = () =>
      execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.startsWith('?? '))
        .map((l) => l.slice(3))
        .filter((f) => files.includes(f))
        .sort();
    expect(byGit()).toEqual(['a.json', 'build/x.json', 'c.yaml']);
    expect((await summary(['.'])).files).toEqual(byGit());
    // What git init writes on a file system that ignores case.
    execFileSync('git', ['config', 'core.ignorecase', 'true'], { cwd: dir });
    expect(byGit()).toEqual(['c.yaml']);
    expect((await summary(['.'])).files).toEqual(byGit());
  });

  it('skips vendored Python trees by what sits beside them, unless --no-ignore', async () => {
    write('layer/python/botocore-1.31.57.dist-info/METADATA', 'Name: botocore\n');
    write('layer/python/botocore/data/endpoints.json', '{}');
    write('layer/python/six.json', '{}');
    write('env/pyvenv.cfg', 'version = 3.12\n');
    write('env/lib/thing.json', '{}');
    write('old/lib/legacy-1.0.egg-info/PKG-INFO', 'Name: legacy\n');
    write('old/lib/legacy/data.json', '{}');
    // A project's own source beside its egg-info (pip install -e .) is the project, not a vendored copy.
    write('app/pyproject.toml', '[project]\n');
    write('app/app.egg-info/PKG-INFO', 'Name: app\n');
    write('app/app/events/event.json', '{}');
    write('events/a.json', '{}');
    expect((await summary(['.'])).files).toEqual(['app/app/events/event.json', 'events/a.json']);
    expect((await summary(['.'], { ignore: false })).files).toEqual([
      'app/app/events/event.json',
      'env/lib/thing.json',
      'events/a.json',
      'layer/python/botocore/data/endpoints.json',
      'layer/python/six.json',
      'old/lib/legacy/data.json',
    ]);
    // As with vendor/ by name: a tree below a named directory is skipped, the named directory itself is linted.
    expect((await summary(['layer'])).files).toEqual([]);
    expect((await summary(['layer/python'])).files).toEqual([
      'layer/python/botocore/data/endpoints.json',
      'layer/python/six.json',
    ]);
  });

  it('says why a named file in a vendored tree was not linted, and stays quiet about its own stage dir', async () => {
    write('layer/python/botocore-1.31.57.dist-info/METADATA', 'Name: botocore\n');
    write('layer/python/botocore/data/endpoints.json', '{}');
    write('vendor/x.json', '{}');
    write('.payload-guard/baseline.json', '{}');
    const { run } = await summary([
      'layer/python/botocore/data/endpoints.json',
      'vendor/x.json',
      '.payload-guard/baseline.json',
    ]);
    expect(
      run.results.map((r) => [
        r.filePath,
        r.diagnostics.map((d) => `${d.severity} ${d.ruleId}/${d.messageId}: ${d.message.split(',')[0]}`),
      ]),
    ).toEqual([
      [
        'layer/python/botocore/data/endpoints.json',
        [
          'warn parse-error/ignoredFile: File ignored by default: vendored Python package (folder beside botocore-1.31.57.dist-info)',
        ],
      ],
      ['vendor/x.json', ['warn parse-error/ignoredFile: File ignored by default: vendored dependencies (vendor/)']],
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

  it('finds a folder of 130,000 files (past what a spread into push() takes)', async () => {
    fs.mkdirSync(path.join(dir, 'wide'));
    for (let i = 0; i < 130_000; i++) fs.writeFileSync(path.join(dir, 'wide', `f${i}.json`), '{}');
    const found = await discover(['wide'], { cwd: dir, useIgnores: false, ignoreGlobs: [], ignoreBase: dir });
    expect(found.files.length).toBe(130_000);
    expect(found.files).toContain(path.join(dir, 'wide', 'f129999.json'));
  }, 120_000);

  it('never hangs on a FIFO, a device or a symlink loop, and says what each is', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    fs.symlinkSync(path.join(dir, 'loop-b.json'), path.join(dir, 'loop-a.json'));
    fs.symlinkSync(path.join(dir, 'loop-a.json'), path.join(dir, 'loop-b.json'));
    fs.mkdirSync(path.join(dir, 'cycle'));
    fs.symlinkSync(path.join(dir, 'cycle'), path.join(dir, 'cycle', 'again'));
    write('real.json', '{}');
    fs.symlinkSync(path.join(dir, 'real.json'), path.join(dir, 'link-to-real.json'));

    // A directory scan does not stop at special files and loops, and reports each, as when named.
    const scan = await summary(['.']);
    expect(scan.files).toEqual(['link-to-real.json', 'loop-a.json', 'loop-b.json', 'pipe.json', 'real.json']);
    const walked = Object.fromEntries(scan.run.results.map((r) => [r.filePath, r.diagnostics.map((d) => d.message)]));
    expect(walked['pipe.json']).toEqual(['Cannot read this path: not a regular file (FIFO).']);
    expect(walked['loop-a.json']).toEqual(['Cannot read this path: symbolic link loop.']);
    expect(walked['real.json']).toEqual([]);

    // Named explicitly, each becomes a parse-error with the reason.
    const named = await summary(['pipe.json', 'loop-a.json', '/dev/null', 'real.json/inside.json']);
    const messages = Object.fromEntries(
      named.run.results.map((r) => [r.filePath, r.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)]),
    );
    expect(messages['pipe.json']).toEqual(['parse-error: Cannot read this path: not a regular file (FIFO).']);
    expect(messages['loop-a.json']).toEqual(['parse-error: Cannot read this path: symbolic link loop.']);
    expect(messages['/dev/null']).toEqual([
      'parse-error: Cannot read this path: not a regular file (character device).',
    ]);
    expect(messages['real.json/inside.json'][0]).toBe(
      'parse-error: Cannot read this path: a part of the path is a file, not a directory.',
    );
  });

  it('refuses files over the reading limit without reading them', async () => {
    write('big.json', Buffer.alloc(2048, 0x20));
    const r = await readRegularFile(path.join(dir, 'big.json'), 1024);
    expect(r).toEqual({ ok: false, detail: 'the file is 2048 bytes, over the 1024-byte reading limit' });
  });
});

describe('folderMatcher', () => {
  it('skips the folders the default ignores name, at the top and below, and nothing beside them', () => {
    const skip = folderMatcher([...DEFAULT_IGNORED, '**/node_modules/**']);
    for (const rel of [
      'node_modules',
      'a/node_modules',
      'cdk.out/asset.1a2b',
      'app/cdk.out/asset.x',
      '.aws-sam',
      'x/.venv',
    ])
      expect(skip(rel), rel).toBe(true);
    for (const rel of ['cdk.out', 'a/node_modules_old', 'vendors', 'a/cdk.out/assets', 'events'])
      expect(skip(rel), rel).toBe(false);
    // The walk enters folders by these globs: one not of the `**/<folder>/**` form would be misread.
    expect(() => folderMatcher(['**/*.min.json'])).toThrow(/must be \*\*\/<folder>\/\*\*/);
    expect(() => folderMatcher(['**/{a,b}/**'])).toThrow(/no glob character but \*/);
  });

  it('agrees with picomatch on the folder paths a walk meets', () => {
    const globs = [...DEFAULT_IGNORED, '**/node_modules/**', '**/.git/**'];
    const skip = folderMatcher(globs);
    const byPicomatch = picomatch(
      globs.map((g) => g.slice(0, -3)),
      { dot: true },
    );
    const segment = fc.constantFrom(
      'a',
      'node_modules',
      'cdk.out',
      'asset.1',
      'asset.',
      'assets',
      '.venv',
      'venv',
      '.git',
      'vendor',
      'x.vendor',
      '.payload-guard',
      'site-packages',
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const rel = segments.join('/');
        return skip(rel) === byPicomatch(rel);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('coreIgnoreCase', () => {
  it('reads [core] ignorecase as git does: booleans, a bare key, the last one, not a subsection', () => {
    expect(coreIgnoreCase(undefined)).toBe(false);
    expect(coreIgnoreCase('[core]\n\trepositoryformatversion = 0\n')).toBe(false);
    expect(coreIgnoreCase('[core]\n\tignorecase = true\n')).toBe(true);
    expect(coreIgnoreCase('[Core]\n\tIgnoreCase = Yes ; set by git init\n')).toBe(true);
    expect(coreIgnoreCase('[core]\n\tignorecase\n')).toBe(true);
    expect(coreIgnoreCase('[core]\n\tignorecase = true\n[core]\n\tignorecase = off\n')).toBe(false);
    expect(coreIgnoreCase('[core "x"]\n\tignorecase = true\n')).toBe(false);
    expect(coreIgnoreCase('[user]\n\tignorecase = true\n')).toBe(false);
    expect(coreIgnoreCase('[core]\r\n\tignorecase = "1"\r\n')).toBe(true);
  });
});

describe('relativePath', () => {
  it('is path.relative, on paths below the base and on every other shape', () => {
    const cases: [string, string][] = [
      ['/a/b', '/a/b/c.json'],
      ['/a/b', '/a/bc/d.json'],
      ['/a/b', '/a/b'],
      ['/a/b/', '/a/b/c.json'],
      ['/', '/c.json'],
      ['/a/b', '/a/b/./c.json'],
      ['/a/b', '/a/b/../c.json'],
      ['/a/b', '/a/b//c.json'],
      ['/a/b', '/a/b/.github/c.json'],
      ['/a/./b', '/a/b/c.json'],
      ['/a/b', '/x/y.json'],
      ['/a/b', '/a/b/c/'],
      ['a/b', 'a/b/c.json'],
    ];
    for (const [base, abs] of cases) expect(relativePath(base, abs), `${base} ${abs}`).toBe(path.relative(base, abs));
    const segment = fc.constantFrom('a', 'b', '.', '..', '...', '', '.git', 'c.json', 'a b', '.a');
    const abs = fc.array(segment, { maxLength: 6 }).map((s) => '/' + s.join('/'));
    fc.assert(fc.property(abs, abs, (base, p) => relativePath(base, p) === path.relative(base, p)));
  });
});

describe('isDefaultIgnored', () => {
  it('reads DEFAULT_IGNORED exactly as picomatch does', () => {
    const globs = picomatch(DEFAULT_IGNORED, { dot: true });
    const segments = [
      '.payload-guard',
      'cdk.out',
      'asset.1',
      'asset.',
      'assetx',
      'a',
      '..',
      '.',
      '',
      'x.json',
      '.git',
      'vendor',
      '.venv',
      'site-packages',
    ];
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
    for (const dir of [
      'site-packages',
      'vendor',
      'venv',
      '.venv',
      'bower_components',
      '.aws-sam',
      '.serverless',
      '.terraform',
    ]) {
      expect(isDefaultIgnored(`app/${dir}/x/y.json`), dir).toBe(true);
      expect(globs(`app/${dir}/x/y.json`), dir).toBe(true);
    }
    expect(isDefaultIgnored('events/vendor.json')).toBe(false);
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
