// --concurrency N: worker threads give exactly the single-threaded results.
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
        kind === 0 ? JSON.stringify({ payload: { file: blob(200_000 + i * 1000, i + 1) } }) : kind === 1 ? JSON.stringify({ n: i, photo: blob(6000, i + 1) }) : kind === 2 ? '{"broken": ' : JSON.stringify({ ok: i });
    }
    files['conf/app.yaml'] = `# payload-guard-disable-next-line no-inline-base64 -- fine\nphoto: ${blob(6000, 99)}\nother: 1\n`;
    writeFiles(dir, files);
    const one = runCli(['.', '-f', 'json'], { cwd: dir });
    const four = runCli(['.', '-f', 'json', '--concurrency', '4'], { cwd: dir });
    expect(four.stderr).toBe('');
    expect(four.status).toBe(one.status);
    expect(four.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout)).toHaveLength(61);
    const bad = runCli(['.', '--concurrency', '0'], { cwd: dir });
    expect(bad.status).toBe(2);
  });
});
