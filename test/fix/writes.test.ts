// Every write goes through a rename, and a rename replaces whatever the name pointed at. These
// tests use real links, devices, FIFOs, owners and modes in temp folders (never a system path:
// `-o /dev/null` as root once replaced the device), through the built CLI.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { png, workdir } from '../support/files.js';

const original = JSON.stringify({ photo: { file: png(7, 6000).toString('base64'), w: 2 } }, null, 2) + '\n';
const fixArgs = ['--fix', '--fix-unsafe', '--bucket', 'b-1'];
const isRoot = process.getuid?.() === 0;

/** A device node or FIFO made in `dir`, or undefined (with the reason) where this system forbids it. */
function makeNode(kind: 'char' | 'fifo', file: string): string | undefined {
  try {
    if (kind === 'fifo') execFileSync('mkfifo', [file]);
    else execFileSync('mknod', [file, 'c', '1', '3'], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('-o onto something that is not a plain file', () => {
  it('writes through a character device and leaves it a device', (ctx) => {
    const dir = workdir({ 'bad.json': '{"a": 1\n' }, 'pg-dev-');
    const node = path.join(dir, 'null');
    const why = makeNode('char', node);
    if (why) return ctx.skip(`mknod is not allowed here (${why.split('\n')[0]})`);
    const run = runCli(['bad.json', '-f', 'json', '-o', node], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    expect(fs.statSync(node).isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['bad.json', 'null']);
  });

  it('writes through a FIFO to its reader and leaves it a FIFO', async (ctx) => {
    const dir = workdir({ 'bad.json': '{"a": 1\n' }, 'pg-fifo-');
    const fifo = path.join(dir, 'report.pipe');
    const why = makeNode('fifo', fifo);
    if (why) return ctx.skip(`mkfifo failed (${why.split('\n')[0]})`);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (c: Buffer) => (got += c.toString()));
    const closed = new Promise((r) => reader.on('close', r));
    const run = runCli(['bad.json', '-f', 'compact', '-o', fifo], { cwd: dir });
    await closed;
    expect(run.status, run.stderr).toBe(1);
    expect(got).toContain('bad.json:2:1: error');
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
  });

  it('writes through a link to its own standard output, as -o /dev/stdout does (a pipe with no path)', () => {
    const dir = workdir({ 'bad.json': '{"a": 1\n' }, 'pg-stdout-');
    // /dev/stdout itself is a system path: a link of our own to the same /proc entry stands in.
    fs.symlinkSync('/proc/self/fd/1', path.join(dir, 'stdout'));
    // Through a shell pipe: a child's stdout from spawn is a socket, which /proc cannot reopen.
    const out = execFileSync('sh', ['-c', `"${process.execPath}" "${CLI}" bad.json -f compact -o stdout | cat`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(out).toContain('bad.json:2:1: error');
    expect(fs.lstatSync(path.join(dir, 'stdout')).isSymbolicLink()).toBe(true);
  });

  it('writes through a symbolic link: the link stays, its target gets the report', () => {
    const dir = workdir({ 'bad.json': '{"a": 1\n', 'reports/keep.txt': 'old\n' }, 'pg-olink-');
    fs.symlinkSync('reports/keep.txt', path.join(dir, 'latest.txt'));
    expect(runCli(['bad.json', '-f', 'compact', '-o', 'latest.txt'], { cwd: dir }).status).toBe(1);
    expect(fs.lstatSync(path.join(dir, 'latest.txt')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'reports/keep.txt'), 'utf8')).toContain('bad.json:2:1: error');
  });
});

describe('--fix on links, owners and modes', () => {
  it('edits the target of a symbolic link inside the folder and keeps the link', () => {
    const dir = workdir({ 'data/event.json': original }, 'pg-slink-');
    fs.symlinkSync('data/event.json', path.join(dir, 'event.json'));
    const run = runCli([...fixArgs, 'event.json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'event.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'data/event.json'), 'utf8')).toContain('"fileRef"');
    expect(runCli(['inline'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'data/event.json'), 'utf8')).toBe(original);
    expect(fs.lstatSync(path.join(dir, 'event.json')).isSymbolicLink()).toBe(true);
  });

  it('refuses a symbolic link to a file outside the folder it runs for', () => {
    const outside = workdir({ 'event.json': original }, 'pg-outside-');
    const dir = workdir({}, 'pg-slink-out-');
    fs.symlinkSync(path.join(outside, 'event.json'), path.join(dir, 'event.json'));
    const run = runCli([...fixArgs, 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/event\.json: not fixed, the file is unchanged: .*resolves to .*outside the repository/);
    expect(fs.readFileSync(path.join(outside, 'event.json'), 'utf8')).toBe(original);
  });

  it('refuses a hard-linked file rather than splitting the link', () => {
    const dir = workdir({ 'event.json': original }, 'pg-hlink-');
    fs.linkSync(path.join(dir, 'event.json'), path.join(dir, 'twin.json'));
    const run = runCli([...fixArgs, 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('event.json: not fixed, the file is unchanged: it has 2 hard links');
    expect(fs.statSync(path.join(dir, 'event.json')).nlink).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'twin.json'), 'utf8')).toBe(original);
  });

  it('refuses a read-only file', () => {
    const dir = workdir({ 'event.json': original }, 'pg-ro-');
    fs.chmodSync(path.join(dir, 'event.json'), 0o444);
    const run = runCli([...fixArgs, 'event.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('event.json: not fixed, the file is unchanged: it is read-only (mode 444)');
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toBe(original);
    expect(fs.statSync(path.join(dir, 'event.json')).mode & 0o777).toBe(0o444);
    // Asked to, it rewrites the file, which stays read-only.
    expect(runCli([...fixArgs, '--fix-read-only', 'event.json'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toContain('"fileRef"');
    expect(fs.statSync(path.join(dir, 'event.json')).mode & 0o777).toBe(0o444);
  });

  it('keeps the mode, and as root the owner and group, of a file it rewrites', (ctx) => {
    const dir = workdir({ 'event.json': original }, 'pg-owner-');
    const file = path.join(dir, 'event.json');
    fs.chmodSync(file, 0o640);
    if (isRoot) fs.chownSync(file, 65534, 65534);
    const run = runCli([...fixArgs, 'event.json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const st = fs.statSync(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('"fileRef"');
    expect(st.mode & 0o7777).toBe(0o640);
    if (!isRoot) return ctx.skip('not root: the owner cannot be given away, only the mode was checked');
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });

  it('never rewrites the objects in its own stage folder, even with --no-ignore', () => {
    const staged = JSON.stringify({ payload: { file: png(8, 6000).toString('base64') } }, null, 2) + '\n';
    const dir = workdir(
      { 'event.json': original, '.payload-guard/s3/b-1/moved-0123456789abcdef.json': staged },
      'pg-stage-',
    );
    const run = runCli([...fixArgs, '--no-ignore', '.'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.payload-guard/s3/b-1/moved-0123456789abcdef.json'), 'utf8')).toBe(staged);
    expect(fs.readFileSync(path.join(dir, 'event.json'), 'utf8')).toContain('"fileRef"');
  });
});
