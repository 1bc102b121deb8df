// A FIFO, a device or a symbolic link loop found by walking a folder is reported, as a named one
// is: never read (a FIFO would hang the run), never passed over in silence.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { tmpDir } from './support/workspace.js';

const root = process.getuid?.() === 0;

describe('special files under a walked folder', () => {
  it('are each reported with what they are, and the regular files are linted', () => {
    const dir = tmpDir('pg-walk-special-');
    fs.mkdirSync(path.join(dir, 'events'));
    fs.writeFileSync(path.join(dir, 'events/ok.json'), '{"a": 1}\n');
    execFileSync('mkfifo', [path.join(dir, 'events/pipe.json')]);
    fs.symlinkSync('loop-b.json', path.join(dir, 'events/loop-a.json'));
    fs.symlinkSync('loop-a.json', path.join(dir, 'events/loop-b.json'));
    fs.symlinkSync('gone.json', path.join(dir, 'events/dangling.json'));
    if (root) execFileSync('mknod', [path.join(dir, 'events/dev.json'), 'c', '1', '3']);
    const run = runCli(['events', '-f', 'compact'], { cwd: dir });
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain(
      'events/pipe.json:1:1: error Cannot read this path: not a regular file (FIFO). [parse-error]',
    );
    expect(lines).toContain('events/loop-a.json:1:1: error Cannot read this path: symbolic link loop. [parse-error]');
    if (root)
      expect(lines).toContain(
        'events/dev.json:1:1: error Cannot read this path: not a regular file (character device). [parse-error]',
      );
    // A dangling link points at nothing to lint; the regular file is linted and clean.
    expect(run.stdout).not.toContain('dangling.json');
    expect(run.stdout).not.toContain('ok.json');
  });
});
