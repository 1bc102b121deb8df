// The launcher (src/cli/launch.cts) runs the bundled CLI from V8's code cache. Each test works on
// its own copy of the package's dist/bin (with package.json above it, as installed), in real
// processes, and checks what a user sees: the same output whatever state the cache is in.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runMain } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

const root = path.resolve(__dirname, '..');

interface Copy {
  bin: string;
  cache: string;
  cwd: string;
}

/** dist/bin copied under a fresh package folder, without its cache, and a tree to lint. */
function copy(): Copy {
  const pkg = tmpDir('pg-launch-');
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  fs.cpSync(path.join(root, 'dist/bin'), path.join(pkg, 'dist/bin'), { recursive: true });
  const cache = path.join(pkg, 'dist/bin/cli.js.v8-cache');
  fs.rmSync(cache, { force: true });
  const cwd = path.join(pkg, 'work');
  writeFiles(cwd, {
    'small.json': '{"orderId": "o-1"}\n',
    'big.json': JSON.stringify({ image: blob(300 * 1024) }),
    'template.yaml':
      'Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, End: true}\n',
  });
  return { bin: path.join(pkg, 'dist/bin/payload-guard.js'), cache, cwd };
}

const ARGS = ['-f', 'compact', '.'];

function run(c: Copy, args = ARGS) {
  const r = spawnSync(process.execPath, [c.bin, ...args], {
    cwd: c.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What identifies one write of the cache: a rewrite renames a new file over it. */
const identity = (file: string) => {
  const s = fs.statSync(file);
  return `${s.ino}:${s.mtimeMs}:${s.size}`;
};

const binDir = (c: Copy) => path.dirname(c.cache);

const leftovers = (c: Copy) =>
  (fs.readdirSync(binDir(c), { recursive: true }) as string[]).filter((n) => n.endsWith('.tmp'));

/** The caches of the chunks, by file name, with the identity of each. */
const chunkCaches = (c: Copy) =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(binDir(c), 'chunks'))
      .filter((n) => n.endsWith('.v8-cache'))
      .map((n) => [n, identity(path.join(binDir(c), 'chunks', n))]),
  );

describe('the launcher and its code cache', () => {
  it('a first run writes the caches, and the next runs take them as they are, with the same output', () => {
    const c = copy();
    for (const n of fs.readdirSync(path.join(binDir(c), 'chunks')))
      if (n.endsWith('.v8-cache')) fs.rmSync(path.join(binDir(c), 'chunks', n));
    const first = run(c);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/^big\.json:\d+:\d+: /m);
    expect(fs.statSync(c.cache).size).toBeGreaterThan(10_000);
    const written = identity(c.cache);
    // The chunks this run loaded on demand (the YAML parser for template.yaml among them).
    const chunks = chunkCaches(c);
    expect(Object.keys(chunks).some((n) => n.startsWith('yaml-'))).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(run(c)).toEqual(first);
      // V8 took the caches: a rejected one is written again.
      expect(identity(c.cache)).toBe(written);
      expect(chunkCaches(c)).toEqual(chunks);
    }
    expect(leftovers(c)).toEqual([]);
  });

  it('a cache V8 refuses (garbage, cut short, made from other code) is replaced, and the run is the same', () => {
    const c = copy();
    const expected = run(c);
    const good = fs.readFileSync(c.cache);
    const other = new vm.Script('(function () { return 1 + 1; })').createCachedData();
    const bad = [Buffer.from('not a code cache at all'), good.subarray(0, good.length >> 1), other, Buffer.alloc(0)];
    for (const content of bad) {
      fs.writeFileSync(c.cache, content);
      expect(run(c)).toEqual(expected);
      const replaced = fs.readFileSync(c.cache);
      expect(replaced.equals(content)).toBe(false);
      const written = identity(c.cache);
      expect(run(c)).toEqual(expected);
      expect(identity(c.cache)).toBe(written);
    }
  });

  it('a FIFO at the cache path does not stall the start', () => {
    const c = copy();
    execFileSync('mkfifo', [c.cache]);
    const r = run(c, ['small.json']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(fs.statSync(c.cache).isFile()).toBe(true);
  });

  it('a cache that cannot be written leaves the run as it is, silent, with nothing left behind', () => {
    const c = copy();
    // A folder with a file in it: no rename can put the cache there.
    writeFiles(c.cache, { keep: 'x' });
    const r = run(c);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(run(c)).toEqual(r);
    expect(fs.readdirSync(c.cache)).toEqual(['keep']);
    expect(leftovers(c)).toEqual([]);
  });

  it('first runs at once all give the same output and leave one cache that V8 takes', async () => {
    const c = copy();
    const expected = run(c);
    fs.rmSync(c.cache);
    const runs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [c.bin, ...ARGS], {
              cwd: c.cwd,
              env: { ...process.env, NO_COLOR: '1' },
            });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (status) => resolve({ status, stdout, stderr }));
          }),
      ),
    );
    for (const r of runs) expect(r).toEqual(expected);
    expect(leftovers(c)).toEqual([]);
    const written = identity(c.cache);
    expect(run(c)).toEqual(expected);
    expect(identity(c.cache)).toBe(written);
  });

  it('the chunks a run loads on demand share the bundle it runs: each output once, as main() in-process gives it', async () => {
    const c = copy();
    writeFiles(c.cwd, { 'big.yaml': `image: ${blob(300 * 1024, 7)}\n` });
    // YAML loads the YAML chunk, json the reporter's, --fix-dry-run the fix chunks; a chunk that
    // evaluated a second copy of the bundle would run the command twice.
    for (const args of [
      ['-f', 'compact', 'big.yaml', 'template.yaml'],
      ['-f', 'json', 'big.yaml'],
      ['--fix-dry-run', '--fix-unsafe', '--bucket', 'my-bucket', '-f', 'compact', 'big.json'],
    ]) {
      const inProcess = await runMain(args, { cwd: c.cwd, env: { NO_COLOR: '1' } });
      expect((inProcess.stdout + inProcess.stderr).length).toBeGreaterThan(0);
      expect(run(c, args)).toEqual(inProcess);
    }
  });
});
