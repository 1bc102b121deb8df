// Which test files run in which tier. `npm test` (the fast tier) runs in-process tests only: no
// build, no child node, no server. `npm run test:e2e` runs the rest after a build: a file that
// spawns the built bin or imports dist/ goes there by itself (found from its text, so a file moved
// to `runMain` returns to the fast tier unasked), and so do the files listed below.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Slow for other reasons than the built bin: a real tool, a real server, npm, or minutes of work. */
const E2E_FILES = [
  'test/precommit.test.ts', // the pre-commit framework installs the hooks from this repository
  'test/install.test.ts', // npm pack, then an install in a temporary project
  'test/fix/s3-upload.test.ts', // a real S3 server (s3rver)
  'test/fix/s3-timeout.test.ts', // a server that never answers
  'test/io.test.ts', // thousands of file arguments in one call
  'test/action.test.ts', // action.yml's run step, which runs the built bin
  'test/fix/roundtrip.property.test.ts', // fix then inline over generated trees: over 10 s
];

/** The file starts the built bin (support/cli's runCli or CLI) or loads dist/. */
export function needsBuild(text: string): boolean {
  return /\b(runCli|CLI)\b[^;]*from '(\.\.?\/)+support\/cli\.js'|import\('(\.\.?\/)+support\/cli\.js'\)|['/]dist\/(src|bin)\b/.test(
    text,
  );
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every test file of the e2e tier, relative to the repository root. */
export function e2eFiles(): string[] {
  const all = (fs.readdirSync(path.join(root, 'test'), { recursive: true }) as string[])
    .map((f) => `test/${f.split(path.sep).join('/')}`)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  return all.filter((f) => E2E_FILES.includes(f) || needsBuild(fs.readFileSync(path.join(root, f), 'utf8')));
}
