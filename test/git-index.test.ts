// The in-process reading of `--staged` (src/io/git-index.ts, src/io/git-objects.ts) against git
// itself, in real repositories: after every step of a seeded series of edits, stages, commits,
// packs and index rewrites, the staged set it reads must be the one `git diff --cached` lists, and
// each blob the bytes `git cat-file` prints. Where it cannot be sure (split or sparse index,
// another hash, borrowed or replaced objects, a moved repository), it must say so by answering
// nothing, and `--staged` must still lint through git.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStagedLocally } from '../src/io/git-index.js';
import { indexFiles, STAGED_DIFF } from '../src/io/git.js';
import { ObjectStore, ObjectTooLarge, UnreadableObject } from '../src/io/git-objects.js';
import { runMain } from './support/cli.js';
import { prng } from './support/random.js';
import { blob, git, initRepo, tmpDir, writeFiles } from './support/workspace.js';

interface Answer {
  root: string;
  staged: { rel: string; id: string }[];
}

function gitIn(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Buffer {
  return execFileSync('git', args, { cwd, env: { ...cleanEnv(), ...env } });
}

/** The test runner's own GIT_* variables (a hook running the tests) must not leak into the repos. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
}

/** What git says, through the same commands `--staged` used before reading `.git` itself. */
function gitAnswer(cwd: string, env: NodeJS.ProcessEnv = {}): Answer {
  const root = fs.realpathSync(gitIn(cwd, env, 'rev-parse', '--show-toplevel').toString('utf8').trim());
  const raw = gitIn(cwd, env, ...STAGED_DIFF)
    .toString('utf8')
    .split('\0');
  const staged: Answer['staged'] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const m = /^:\d+ (100644|100755) [0-9a-f]+ ([0-9a-f]+) [ACMR]/.exec(raw[i]);
    if (m) staged.push({ rel: raw[i + 1], id: m[2] });
  }
  return { root, staged: sorted(staged) };
}

function sorted(staged: Answer['staged']): Answer['staged'] {
  return [...staged].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Reads locally, checks it against git, and checks every staged blob's bytes. */
function expectSameAsGit(cwd: string, env: NodeJS.ProcessEnv = {}): Answer {
  const local = readStagedLocally(cwd, env);
  expect(local, `read locally in ${cwd}`).toBeDefined();
  try {
    const answer = gitAnswer(cwd, env);
    expect({ root: local!.root, staged: sorted(local!.staged) }).toEqual(answer);
    for (const { id } of answer.staged) {
      const object = local!.store.read(id);
      expect(object?.type).toBe('blob');
      expect(object!.data.equals(gitIn(cwd, env, 'cat-file', 'blob', id))).toBe(true);
    }
    return answer;
  } finally {
    local!.store.close();
  }
}

const PATHS = [
  'a.json',
  'b.yaml',
  'events/e1.json',
  'events/e2.json',
  'events/deep/x/y/z.json',
  'events-x.json',
  'events0.json',
  'templates/state machine.asl.json',
  'templates/sub/t.template.json',
  'données/é.json',
  'emoji/🎉.json',
  'bin/run.sh',
  // Long enough that index version 4 strips more than 127 bytes to reach the next path.
  `events/deep/${'n'.repeat(150)}.json`,
];

describe('reading --staged from .git', () => {
  for (const seed of [1, 2, 3]) {
    it(`lists what git diff --cached lists, after every step of series ${seed}`, () => {
      const dir = tmpDir('pg-git-index-');
      initRepo(dir);
      const next = prng(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
      // Makes room for `file`: an ancestor that is a file or a link, or a directory at its place.
      const clear = (file: string): void => {
        const parts = file.split('/');
        for (let i = 1; i < parts.length; i++) {
          const at = path.join(dir, ...parts.slice(0, i));
          const stat = fs.lstatSync(at, { throwIfNoEntry: false });
          if (stat && !stat.isDirectory()) fs.rmSync(at);
        }
        fs.rmSync(path.join(dir, file), { recursive: true, force: true });
      };
      const write = (file: string): void => {
        clear(file);
        writeFiles(dir, { [file]: content(file) });
      };
      // Content that shares most of its bytes between versions, so that packs hold deltas.
      const content = (file: string): string =>
        JSON.stringify({ file, shared: blob(3000, 7), version: Math.floor(next() * 1e6) }, null, 2) + '\n';
      // Unborn HEAD: everything staged is new.
      expectSameAsGit(dir);
      writeFiles(dir, { 'a.json': content('a.json') });
      git(dir, 'add', 'a.json');
      expectSameAsGit(dir);
      const tracked = (file: string): boolean => git(dir, 'ls-files', '--', file) !== '';
      const steps: [string, () => void][] = [
        [
          'edit and stage',
          () => {
            const file = pick(PATHS);
            write(file);
            git(dir, 'add', '-A', '--', file);
          },
        ],
        ['edit without staging', () => write(pick(PATHS))],
        ['stage everything', () => git(dir, 'add', '-A')],
        ['commit', () => git(dir, 'commit', '-q', '--allow-empty', '-m', 'step')],
        ['unstage', () => git(dir, 'reset', '-q')],
        // The index keeps the cache tree of the commit left behind, valid, but not HEAD's.
        [
          'move HEAD back, keeping the index',
          () => {
            if (Number(git(dir, 'rev-list', '--count', '--all').trim()) > 1)
              git(dir, 'reset', '-q', '--soft', 'HEAD~1');
          },
        ],
        [
          'remove from the index',
          () => {
            const file = pick(PATHS);
            if (tracked(file)) git(dir, 'rm', '-q', '-r', '--cached', '--', file);
          },
        ],
        [
          'make executable',
          () => {
            const file = pick(PATHS);
            if (fs.lstatSync(path.join(dir, file), { throwIfNoEntry: false })?.isFile()) {
              fs.chmodSync(path.join(dir, file), 0o755);
              git(dir, 'add', '--', file);
            }
          },
        ],
        [
          'replace by a link',
          () => {
            const file = pick(PATHS);
            clear(file);
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.symlinkSync('a.json', path.join(dir, file));
            git(dir, 'add', '-A', '--', file);
          },
        ],
        [
          'submodule entry',
          () => {
            const commit = git(dir, 'log', '-1', '--format=%H', '--all').trim();
            const file = `sub-${Math.floor(next() * 3)}`;
            if (commit && !fs.existsSync(path.join(dir, file)))
              git(dir, 'update-index', '--add', '--cacheinfo', `160000,${commit},${file}`);
          },
        ],
        [
          'intent to add',
          () => {
            const file = `ita-${Math.floor(next() * 3)}.json`;
            if (!tracked(file)) {
              write(file);
              git(dir, 'add', '-N', '--', file);
            }
          },
        ],
        ['pack everything', () => git(dir, 'gc', '-q', '--prune=now')],
        [
          'pack with ids as delta bases',
          () => {
            git(dir, '-c', 'repack.useDeltaBaseOffset=false', 'repack', '-q', '-a', '-d', '-f');
          },
        ],
        ['index version 4', () => git(dir, 'update-index', '--index-version', '4')],
        ['index version 2', () => git(dir, 'update-index', '--index-version', '2')],
        [
          'a directory where a file was',
          () => {
            write('a.json/inner.json');
            git(dir, 'add', '-A');
          },
        ],
      ];
      for (let i = 0; i < 40; i++) {
        const [name, step] = pick(steps);
        step();
        try {
          expectSameAsGit(dir);
          // From a subdirectory, the same answer with the same root.
          if (fs.existsSync(path.join(dir, 'events')) && fs.statSync(path.join(dir, 'events')).isDirectory())
            expectSameAsGit(path.join(dir, 'events'));
        } catch (err) {
          throw new Error(`seed ${seed}, step ${i} (${name}): ${(err as Error).message}`, { cause: err });
        }
      }
    });
  }

  it("walks a directory whose cache tree is valid but not HEAD's (after reset --soft)", () => {
    const dir = tmpDir('pg-git-index-soft-');
    initRepo(dir);
    writeFiles(dir, { 'events/a.json': '{"v": 0}\n', 'other/b.json': '{}\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFiles(dir, { 'events/a.json': '{"v": 1}\n' });
    git(dir, 'commit', '-q', '-am', 'next');
    git(dir, 'reset', '-q', '--soft', 'HEAD~1');
    expect(expectSameAsGit(dir).staged.map((s) => s.rel)).toEqual(['events/a.json']);
  });

  it("walks HEAD's trees where the index has no cache tree at all", () => {
    const dir = tmpDir('pg-git-index-trees-');
    initRepo(dir);
    writeFiles(dir, { 'a.json': '{}\n', 'x/y/z.json': '{"z": 1}\n', 'x/b.yaml': 'b: 1\n', 'x-y.json': '[]\n' });
    fs.chmodSync(path.join(dir, 'x/b.yaml'), 0o755);
    fs.symlinkSync('a.json', path.join(dir, 'x/link'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    // Rebuilt by `git add` alone, the index has no cache tree.
    fs.rmSync(path.join(dir, '.git/index'));
    writeFiles(dir, { 'x/y/z.json': '{"z": 2}\n' });
    git(dir, 'add', '.');
    expect(fs.readFileSync(path.join(dir, '.git/index')).includes('TREE')).toBe(false);
    expect(expectSameAsGit(dir).staged.map((s) => s.rel)).toEqual(['x/y/z.json']);
  });

  it('leaves a large index to git', () => {
    const dir = tmpDir('pg-git-index-large-');
    initRepo(dir);
    writeFiles(dir, Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`d${i % 40}/f${i}.json`, '{}\n'])));
    git(dir, 'add', '.');
    expect(readStagedLocally(dir, {})).toBeUndefined();
  });

  it('answers for an unmerged path as git does: not listed', () => {
    const dir = tmpDir('pg-git-index-merge-');
    initRepo(dir);
    writeFiles(dir, { 'a.json': '{"v": 0}\n', 'b.json': '{"b": 0}\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'other');
    writeFiles(dir, { 'a.json': '{"v": 1}\n' });
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'a.json': '{"v": 2}\n', 'b.json': '{"b": 2}\n' });
    git(dir, 'commit', '-q', '-am', 'main');
    try {
      git(dir, 'merge', '-q', 'other');
    } catch {
      // the conflict is the point
    }
    writeFiles(dir, { 'c.json': '{}\n' });
    git(dir, 'add', 'c.json');
    expect(expectSameAsGit(dir).staged.map((s) => s.rel)).toEqual(['c.json']);
  });

  it('reads a linked worktree, from its hook environment and without it', () => {
    const dir = tmpDir('pg-git-index-wt-');
    initRepo(dir);
    writeFiles(dir, { 'a.json': '{}\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'gc', '-q');
    const wt = path.join(tmpDir('pg-git-index-wt2-'), 'tree');
    git(dir, 'worktree', 'add', '-q', wt);
    writeFiles(wt, { 'a.json': '{"wt": 1}\n', 'n/b.json': '{}\n' });
    git(wt, 'add', '.');
    expect(expectSameAsGit(wt).staged).toHaveLength(2);
    const gitDir = git(wt, 'rev-parse', '--absolute-git-dir').trim();
    expectSameAsGit(wt, { GIT_DIR: gitDir, GIT_INDEX_FILE: path.join(gitDir, 'index') });
    // The main tree has nothing staged.
    expect(expectSameAsGit(dir).staged).toEqual([]);
  });

  it('reads the index git commit -a writes for its hook (GIT_INDEX_FILE)', () => {
    const dir = tmpDir('pg-git-index-file-');
    initRepo(dir);
    writeFiles(dir, { 'a.json': '{}\n', 'b.json': '{}\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFiles(dir, { 'b.json': '{"b": 1}\n' });
    const env = { GIT_INDEX_FILE: '.git/other-index' };
    gitIn(dir, env, 'read-tree', 'HEAD');
    gitIn(dir, env, 'add', 'b.json');
    expect(expectSameAsGit(dir, env).staged.map((s) => s.rel)).toEqual(['b.json']);
    // The repository's own index has nothing staged.
    expect(expectSameAsGit(dir).staged).toEqual([]);
  });

  it('finds the top of the working tree through a linked directory, as git does', () => {
    const dir = tmpDir('pg-git-index-link-');
    initRepo(dir);
    writeFiles(dir, { 'sub/a.json': '{}\n' });
    git(dir, 'add', '.');
    const link = path.join(tmpDir('pg-git-index-link2-'), 'here');
    fs.symlinkSync(path.join(dir, 'sub'), link);
    expect(expectSameAsGit(link).root).toBe(fs.realpathSync(dir));
  });

  describe('answers nothing where it cannot be sure, and --staged still lints through git', () => {
    const over = () => JSON.stringify({ payload: { file: blob(300_000, 3) } }) + '\n';
    const cases: [string, (dir: string) => NodeJS.ProcessEnv | void][] = [
      ['a split index', (dir) => void git(dir, 'update-index', '--split-index')],
      ['a sparse index', (dir) => void git(dir, 'sparse-checkout', 'set', '--cone', '--sparse-index', 'events')],
      [
        'borrowed objects (alternates)',
        (dir) => fs.writeFileSync(path.join(dir, '.git/objects/info/alternates'), '/nowhere\n'),
      ],
      [
        'replaced objects',
        (dir) => {
          const other = git(dir, 'commit-tree', 'HEAD^{tree}', '-m', 'other').trim();
          git(dir, 'replace', git(dir, 'rev-parse', 'HEAD').trim(), other);
        },
      ],
      ['a configured work tree', (dir) => void git(dir, 'config', 'core.worktree', dir)],
      ['GIT_WORK_TREE', (dir) => ({ GIT_WORK_TREE: dir })],
      [
        'a FIFO for an index',
        (dir) => {
          fs.rmSync(path.join(dir, '.git/index'));
          execFileSync('mkfifo', [path.join(dir, '.git/index')]);
        },
      ],
    ];
    for (const [name, arrange] of cases)
      it(name, async () => {
        const dir = tmpDir('pg-git-index-no-');
        initRepo(dir);
        writeFiles(dir, { 'events/keep.json': '{}\n' });
        git(dir, 'add', '.');
        git(dir, 'commit', '-q', '-m', 'base');
        writeFiles(dir, { 'events/big.json': over() });
        git(dir, 'add', '.');
        const env = arrange(dir) ?? {};
        expect(readStagedLocally(dir, env)).toBeUndefined();
        // git itself would wait on the FIFO; a variable set here is not the linter's environment.
        if (name.includes('FIFO') || Object.keys(env).length) return;
        const run = await runMain(['--staged', '-f', 'compact'], { cwd: dir });
        expect(run.stdout).toMatch(/events\/big\.json:1:1: error .*\[payload-size\]/);
      });

    it('a repository with SHA-256 ids', async () => {
      const dir = tmpDir('pg-git-index-sha256-');
      git(dir, 'init', '-q', '--object-format=sha256');
      writeFiles(dir, { 'events/big.json': over() });
      git(dir, 'add', '.');
      expect(readStagedLocally(dir, {})).toBeUndefined();
      expect((await runMain(['--staged', '-f', 'compact'], { cwd: dir })).stdout).toMatch(/big\.json:1:1: error/);
    });

    it('outside any repository', () => {
      expect(readStagedLocally(tmpDir('pg-git-index-none-'), {})).toBeUndefined();
    });
  });

  it('refuses a loose object whose stream is corrupt, and finds no object that is not there', () => {
    const dir = tmpDir('pg-git-index-bad-');
    initRepo(dir);
    writeFiles(dir, { 'a.json': JSON.stringify({ a: 'x'.repeat(300) }) + '\n', 'b.json': '{"b": 2}\n' });
    git(dir, 'add', '.');
    const [a, b] = ['a.json', 'b.json'].map((f) => git(dir, 'rev-parse', `:${f}`).trim());
    const objects = path.join(dir, '.git/objects');
    const loose = path.join(objects, a.slice(0, 2), a.slice(2));
    fs.chmodSync(loose, 0o644);
    const bytes = fs.readFileSync(loose);
    // One byte of the literal run changed: the stream still inflates, its Adler-32 no longer matches.
    bytes[bytes.length - 8] ^= 0x01;
    fs.writeFileSync(loose, bytes);
    const store = new ObjectStore(objects);
    try {
      expect(() => store.read(a)).toThrow(UnreadableObject);
      expect(store.read(b)?.data.toString()).toBe('{"b": 2}\n');
      expect(store.read('0'.repeat(40))).toBeUndefined();
    } finally {
      store.close();
    }
  });

  describe('holds nothing over the reading limit', () => {
    const limit = 20_000;
    // Under and over the limit; `near` is `over` with a line more, so a repack stores one of the
    // two as a delta of the other.
    const files = {
      'a.json': JSON.stringify({ a: blob(3_000, 5) }) + '\n',
      'over.json': JSON.stringify({ big: blob(200_000, 6) }) + '\n',
      'near.json': JSON.stringify({ big: blob(200_000, 6), more: 1 }) + '\n',
      'z.json': '{"z": 1}\n',
    };

    function stagedRepo(): { dir: string; ids: Record<string, string> } {
      const dir = tmpDir('pg-git-index-limit-');
      initRepo(dir);
      writeFiles(dir, files);
      git(dir, 'add', '.');
      const ids = Object.fromEntries(Object.keys(files).map((f) => [f, git(dir, 'rev-parse', `:${f}`).trim()]));
      return { dir, ids };
    }

    /** Each object read with the limit: its bytes when under it, else never bytes, and a size only if exact. */
    function expectBounded(dir: string, ids: Record<string, string>): (number | undefined)[] {
      const store = new ObjectStore(path.join(dir, '.git/objects'));
      try {
        return Object.entries(ids).map(([file, id]) => {
          const size = Buffer.byteLength(files[file as keyof typeof files]);
          if (size <= limit) {
            expect(store.read(id, limit)?.data.toString()).toBe(files[file as keyof typeof files]);
            return undefined;
          }
          let thrown: unknown;
          try {
            store.read(id, limit);
          } catch (err) {
            thrown = err;
          }
          expect(thrown, file).toBeInstanceOf(ObjectTooLarge);
          const known = (thrown as ObjectTooLarge).size;
          if (known !== undefined) expect(known, file).toBe(size);
          return known;
        });
      } finally {
        store.close();
      }
    }

    it('loose, and packed whole or as deltas', () => {
      const { dir, ids } = stagedRepo();
      // Loose: the size comes from the header, read from the stream's opening bytes.
      expect(expectBounded(dir, ids).filter((k) => k !== undefined)).toHaveLength(2);
      // Packed with deltas: the base of the pair is whole (its size is known), the other is a
      // delta over the limit, or built from a base over it (its size is then left to git).
      git(dir, 'repack', '-a', '-d', '-f', '-q', '--window=10', '--depth=5');
      git(dir, 'prune-packed');
      expect(fs.readdirSync(path.join(dir, '.git/objects/pack')).some((f) => f.endsWith('.pack'))).toBe(true);
      const packed = expectBounded(dir, ids);
      expect(packed.filter((k) => k !== undefined).length).toBeGreaterThanOrEqual(1);
    });

    it('--staged gives the size of a blob over the limit and reads the rest, from .git or through git', async () => {
      const { dir, ids } = stagedRepo();
      const want = Object.keys(files)
        .sort()
        .map((f) => {
          const size = Buffer.byteLength(files[f as keyof typeof files]);
          return size > limit ? { rel: f, tooLarge: size } : { rel: f, bytes: files[f as keyof typeof files] };
        });
      const staged = async () =>
        (
          await indexFiles({
            cwd: dir,
            patterns: [],
            ignoreGlobs: [],
            ignoreBase: dir,
            useIgnores: true,
            maxBytes: limit,
          })
        ).map((f) =>
          f.bytes
            ? { rel: path.relative(fs.realpathSync(dir), f.abs), bytes: f.bytes.toString() }
            : { rel: path.relative(fs.realpathSync(dir), f.abs), tooLarge: f.tooLarge },
        );
      expect(readStagedLocally(dir, {})).toBeDefined();
      expect(await staged()).toEqual(want);
      // A split index is left to git: `git cat-file --batch` streams the objects, and the bytes of
      // the two over the limit (several pipe reads each) are passed over.
      git(dir, 'update-index', '--split-index');
      expect(readStagedLocally(dir, {})).toBeUndefined();
      expect(await staged()).toEqual(want);
      expect(Object.keys(ids)).toHaveLength(4);
    });
  });
});
