// --concurrency N: worker threads give exactly the single-threaded results.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

describe('--concurrency', () => {
  it('reports the same as one thread, in the same order', () => {
    const dir = tmpDir('pg-conc-');
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const kind = i % 4;
      files[`events/e${String(i).padStart(2, '0')}.json`] =
        kind === 0
          ? JSON.stringify({ payload: { file: blob(200_000 + i * 1000, i + 1) } })
          : kind === 1
            ? JSON.stringify({ n: i, photo: blob(6000, i + 1) })
            : kind === 2
              ? '{"broken": '
              : JSON.stringify({ ok: i });
    }
    files['conf/app.yaml'] =
      `# payload-guard-disable-next-line no-inline-base64 -- fine\nphoto: ${blob(6000, 99)}\nother: 1\n`;
    writeFiles(dir, files);
    const one = runCli(['.', '-f', 'json'], { cwd: dir });
    const four = runCli(['.', '-f', 'json', '--concurrency', '4'], { cwd: dir });
    // More threads than cores only share them: the run says how many it started, and why.
    expect(four.stderr).toBe(
      os.availableParallelism() < 4
        ? `payload-guard: warning: --concurrency 4: ${os.availableParallelism()} thread${os.availableParallelism() === 1 ? '' : 's'}, the cores available\n`
        : '',
    );
    expect(four.status).toBe(one.status);
    expect(four.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout)).toHaveLength(61);
    const bad = runCli(['.', '--concurrency', '0'], { cwd: dir });
    expect(bad.status).toBe(2);
  });

  it('gives the whole fixture tree the same JSON report, byte for byte, on one thread and on workers', () => {
    // Every rule's cases and every CLI scenario's inputs: templates, definitions with links, YAML,
    // broken files, suppressions. Workers read their own files; nothing may differ.
    const fixtures = path.resolve(__dirname, '../fixtures');
    const args = ['.', '--no-ignore', '-f', 'json'];
    const one = runCli(args, { cwd: fixtures });
    const two = runCli([...args, '--concurrency', '2'], { cwd: fixtures });
    expect(one.stderr).toBe('');
    expect(two.status).toBe(one.status);
    expect(JSON.parse(one.stdout).length).toBeGreaterThan(300);
    expect(two.stdout).toBe(one.stdout);
  });

  it('starts no more workers than files to lint, and says so', () => {
    const dir = tmpDir('pg-conc-cap-');
    writeFiles(dir, { 'a.json': JSON.stringify({ photo: blob(6000, 1) }), 'b.json': '{"ok": 1}' });
    const one = runCli(['.', '-f', 'json'], { cwd: dir });
    const many = runCli(['.', '-f', 'json', '--concurrency', '64'], { cwd: dir });
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toMatch(/--concurrency 64: 2 threads, (one per file to lint|the cores available)/);
  });
});
