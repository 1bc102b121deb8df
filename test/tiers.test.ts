// The test setup itself: which tier a file lands in, and the refusal of a stale dist/.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleDist } from './support/dist-fresh.js';
import { e2eFiles, needsBuild } from './tiers.js';
import { tmpDir, writeFiles } from './support/workspace.js';

describe('tiers', () => {
  it('puts a file that spawns the built bin or loads dist/ in the slow tier, and an in-process one in the fast tier', () => {
    // Written in pieces, so that this file's own text does not look like a file that needs the build.
    const from = (names: string, dir = './') => `import { ${names} } from '${dir}support/cli.js';`;
    expect(needsBuild(from('runCli'))).toBe(true);
    expect(needsBuild(from('CLI, runCli', '../'))).toBe(true);
    expect(needsBuild(`const { runCli } = await ${'import'}('./support/cli.js');`)).toBe(true);
    expect(needsBuild(`const api = path.resolve(__dirname, '../${'dist'}/src/api.js');`)).toBe(true);
    expect(needsBuild(from('runMain'))).toBe(false);
    expect(e2eFiles()).toContain('test/cli-bin.test.ts');
    expect(e2eFiles()).not.toContain('test/cli-scenarios.test.ts');
  });
});

describe('the dist/ freshness check', () => {
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

  it('refuses a dist/ older than src/, and a missing one, with the command that fixes it', () => {
    const base = tmpDir('pg-dist-');
    const built = path.join(base, 'dist', 'src', 'a.js');
    writeFiles(base, { 'src/a.ts': '', 'rules/r.ts': '', [path.relative(base, built)]: '' });
    at(path.join(base, 'src/a.ts'), 2_000_000);
    at(path.join(base, 'rules/r.ts'), 1_000_000);
    at(built, 1_500_000);
    expect(staleDist(base)).toBe('dist/ is older than src/: run `npm run build` (`npm run test:e2e` builds first).');
    at(built, 3_000_000);
    expect(staleDist(base)).toBeUndefined();
    at(path.join(base, 'rules/r.ts'), 4_000_000);
    expect(staleDist(base)).toMatch(/^dist\/ is older than src\//);
    fs.rmSync(path.join(base, 'dist'), { recursive: true });
    expect(staleDist(base)).toMatch(/^dist\/ is missing: run `npm run build`/);
  });
});
