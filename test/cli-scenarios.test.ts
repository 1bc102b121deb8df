// Whole-CLI scenarios: fixtures/cli/<scenario>/ holds `args.json`, the files under `input/` (the
// working directory), optional `stdin.txt`, and the expected `stdout.txt`, `exit-code` and, where
// it matters, `stderr.txt`. UPDATE_FIXTURES=1 rewrites the expectations for review.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const root = path.resolve(__dirname, '../fixtures/cli');
const update = process.env.UPDATE_FIXTURES === '1';

describe.each(fs.readdirSync(root).sort())('cli scenario %s', (name) => {
  const dir = path.join(root, name);
  it('prints what it should and exits as it should', () => {
    const args = JSON.parse(fs.readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    const stdinPath = path.join(dir, 'stdin.txt');
    const run = runCli(args, { cwd: path.join(dir, 'input'), input: fs.existsSync(stdinPath) ? fs.readFileSync(stdinPath) : '' });
    const check = (file: string, actual: string) => {
      const p = path.join(dir, file);
      if (update && (file !== 'stderr.txt' || fs.existsSync(p))) fs.writeFileSync(p, actual);
      if (fs.existsSync(p)) expect(actual, file).toBe(fs.readFileSync(p, 'utf8'));
    };
    check('stdout.txt', run.stdout);
    check('stderr.txt', run.stderr);
    check('exit-code', `${run.status}\n`);
    expect(fs.existsSync(path.join(dir, 'exit-code'))).toBe(true);
  });
});
