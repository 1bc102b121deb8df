// vitest globalSetup: refuse to run against a dist/ built from older sources. Several tests spawn
// the built bin or read dist/; after a source change without a rebuild they would test the old
// code and fail (or pass) for the wrong reason. `npm run test:e2e` rebuilds first (pretest:e2e).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** The newest modification time of the files under `dir` whose name matches `pattern` (0: none). */
export function newestMtime(dir: string, pattern: RegExp): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

/** Why dist/ cannot be trusted for the sources under `base`, or undefined when it is fresh. */
export function staleDist(base: string): string | undefined {
  const sources = Math.max(
    newestMtime(path.join(base, 'src'), /\.c?ts$/),
    newestMtime(path.join(base, 'rules'), /\.ts$/),
  );
  const built = newestMtime(path.join(base, 'dist'), /\.js$/);
  if (built === 0) return 'dist/ is missing: run `npm run build` (`npm run test:e2e` builds first).';
  if (built < sources) return 'dist/ is older than src/: run `npm run build` (`npm run test:e2e` builds first).';
  return undefined;
}

export default function setup(): void {
  const problem = staleDist(root);
  if (problem) throw new Error(problem);
}
