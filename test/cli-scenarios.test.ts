// Whole-CLI scenarios: fixtures/cli/<scenario>/ holds `args.json`, the files under `input/` (the
// working directory), optional `stdin.txt`, and the expected `stdout.txt`, `exit-code` and, when
// the run writes to stderr, `stderr.txt`. UPDATE_FIXTURES=1 rewrites the expectations for review.
// The scenarios run `main` in this process (test/support/cli.ts); the built bin has its own smoke
// test.
// Each run works on a copy of `input/` in a temporary folder, so a scenario sees neither this
// repository's .gitignore nor its config, and a fix never touches the fixtures. A file named
// `gitignore` in `input/` becomes `.gitignore` in the copy (a real one would hide the very files
// the scenario needs from git).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runMain } from './support/cli.js';

const root = path.resolve(__dirname, '../fixtures/cli');
const update = process.env.UPDATE_FIXTURES === '1';

describe.each(fs.readdirSync(root).sort())('cli scenario %s', (name) => {
  const dir = path.join(root, name);
  it('prints what it should and exits as it should', async () => {
    const args = JSON.parse(fs.readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    const stdinPath = path.join(dir, 'stdin.txt');
    const cwd = copyInput(path.join(dir, 'input'));
    const run = await runMain(args, { cwd, input: fs.existsSync(stdinPath) ? fs.readFileSync(stdinPath) : '' });
    fs.rmSync(path.dirname(cwd), { recursive: true, force: true });
    // stderr is pinned too: empty unless the scenario keeps a stderr.txt (written on update only
    // when there is something to say, so a new note on stderr shows up as a new file to read).
    const check = (file: string, actual: string, absent?: string) => {
      const p = path.join(dir, file);
      if (update && (absent === undefined || actual !== absent || fs.existsSync(p))) fs.writeFileSync(p, actual);
      if (fs.existsSync(p)) expect(actual, file).toBe(fs.readFileSync(p, 'utf8'));
      else if (absent !== undefined)
        expect(
          actual,
          `${file} (none in ${path.relative(process.cwd(), dir)}: run \`UPDATE_FIXTURES=1 npm test\` and read it)`,
        ).toBe(absent);
      else
        expect.fail(
          `${path.relative(process.cwd(), p)} is missing: run \`UPDATE_FIXTURES=1 npm test\` to write it, then read it.`,
        );
    };
    check(
      'stdout.txt',
      withoutRuleList(args.includes('--print-config') ? withoutDefaultRules(run.stdout) : run.stdout),
    );
    check('stderr.txt', withoutRuleList(run.stderr), '');
    check('exit-code', `${run.status}\n`);
  });
});

/** The registry's ids as a message lists them ("Known rules: a, b, c"): in a golden, a placeholder. */
const RULE_LIST = rules.map((r) => r.id).join(', ');
const withoutRuleList = (text: string) => text.split(RULE_LIST).join('<every registered rule id>');

/**
 * `--print-config` prints every registered rule; a golden keeps only the rules whose settings
 * differ from the rule's own defaults (what the scenario is about), so that adding a rule does
 * not touch it. That the map names every rule, in registry order, is checked here instead.
 */
function withoutDefaultRules(stdout: string): string {
  let printed: { rules?: Record<string, [string, unknown]> };
  try {
    printed = JSON.parse(stdout) as typeof printed;
  } catch {
    return stdout;
  }
  if (!printed.rules) return stdout;
  expect(Object.keys(printed.rules), 'print-config lists every registered rule').toEqual(rules.map((r) => r.id));
  const changed = rules.filter((r) => !isDeepStrictEqual(printed.rules![r.id], [r.severity, r.defaultOptions]));
  printed.rules = {
    ...Object.fromEntries(changed.map((r) => [r.id, printed.rules![r.id]])),
    '(every other rule)': ['its defaults', {}],
  };
  return JSON.stringify(printed, null, 2) + '\n';
}

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
