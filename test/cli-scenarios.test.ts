// Whole-CLI scenarios: fixtures/cli/<scenario>/ holds `args.json`, the files under `input/` (the
// working directory), optional `stdin.txt`, and the expected `stdout.txt`, `exit-code` and, where
// it matters, `stderr.txt`. UPDATE_FIXTURES=1 rewrites the expectations for review.
// Each run works on a copy of `input/` in a temporary folder, so a scenario sees neither this
// repository's .gitignore nor its config, and a fix never touches the fixtures. A file named
// `gitignore` in `input/` becomes `.gitignore` in the copy (a real one would hide the very files
// the scenario needs from git).
import fs from 'node:fs';
import os from 'node:os';
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
    const cwd = copyInput(path.join(dir, 'input'));
    const run = runCli(args, { cwd, input: fs.existsSync(stdinPath) ? fs.readFileSync(stdinPath) : '' });
    fs.rmSync(path.dirname(cwd), { recursive: true, force: true });
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

function copyInput(input: string): string {
  const cwd = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pg-cli-')), 'input');
  fs.cpSync(input, cwd, { recursive: true });
  const rename = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) rename(p);
      else if (e.name === 'gitignore') fs.renameSync(p, path.join(dir, '.gitignore'));
    }
  };
  rename(cwd);
  return cwd;
}
