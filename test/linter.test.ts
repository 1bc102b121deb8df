// The composition root: a linter carries its own rules and parsers (no module holds either), and
// one repositoryRoot() answers where writes stay and where the stage folder is.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { repositoryRoot } from '../src/io/files.js';
import { builtinLinter, createLinter } from '../src/linter.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';
import { tmpDir, writeFiles } from './support/workspace.js';

const root = tmpDir('pg-linter-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const yamlText = 'StartAt: A\nStates:\n  A:\n    Type: Succeed\n';

describe('createLinter', () => {
  it('loads the YAML parser only for files that may be YAML, and only into itself', async () => {
    const linter = builtinLinter();
    await linter.prepare(['a.json', 'b.tf']);
    expect(linter.parsers.yaml).toBeUndefined();
    expect(linter.parse('sm.yaml', yamlText).ok).toBe(false);
    await linter.prepare(['a.json', 'sm.yaml']);
    expect(linter.parse('sm.yaml', yamlText).ok).toBe(true);
    // A second linter shares nothing with the first.
    expect(builtinLinter().parsers.yaml).toBeUndefined();
  });

  it('runs the rules it was given, with the fix target from the config and the command line', async () => {
    const seen: unknown[] = [];
    const probe = defineRule({
      id: 'probe',
      description: 'records what it is given',
      severity: 'error',
      messages: { found: 'found' },
      ...NO_OPTIONS,
      appliesTo: ['payload'],
      check(ctx) {
        seen.push({ fixTarget: ctx.fixTarget, staged: ctx.stagedObjects?.bytesOf('b-1', 'k') });
        ctx.report({ messageId: 'found', at: [] });
      },
    });
    const linter = createLinter({ rules: [probe] });
    const config = await resolveConfig({ fix: { bucket: 'b-1', prefix: 'p/' } }, linter.rules, root);
    expect(linter.lintFile('event.json', '{"a": 1}', config).diagnostics.map((d) => d.ruleId)).toEqual(['probe']);
    linter.lintFile('event.json', '{"a": 1}', config, 'event.json', {
      fixSettings: { prefix: 'cli/' },
      stagedObjects: { bytesOf: () => 7 },
    });
    expect(seen).toEqual([
      { fixTarget: { bucket: 'b-1', prefix: 'p/', keyTemplate: '{key}Ref' }, staged: undefined },
      { fixTarget: { bucket: 'b-1', prefix: 'cli/', keyTemplate: '{key}Ref' }, staged: 7 },
    ]);
  });

  it('follows definition links only with a reader of linked files', async () => {
    writeFiles(root, {
      'links/template.json': JSON.stringify({
        Resources: { M: { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: 'missing.asl.json' } } },
      }),
    });
    const dir = path.join(root, 'links');
    const config = await resolveConfig({}, builtinLinter().rules, dir);
    const text = fs.readFileSync(path.join(dir, 'template.json'));
    const uri = (r: { diagnostics: { ruleId: string }[] }) =>
      r.diagnostics.filter((d) => d.ruleId === 'sfn-definition-uri').length;
    expect(uri(builtinLinter().lintFile('template.json', text, config))).toBe(1);
    expect(uri(createLinter({ rules: builtinLinter().rules }).lintFile('template.json', text, config))).toBe(0);
  });
});

describe('repositoryRoot', () => {
  it('is the nearest folder up holding .git (a folder, or the file of a worktree)', () => {
    writeFiles(root, {
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/a/b/x.json': '{}',
      'wt/.git': 'gitdir: ../repo/.git/worktrees/wt\n',
      'wt/c/x.json': '{}',
    });
    expect(repositoryRoot(path.join(root, 'repo/a/b'))).toBe(path.join(root, 'repo'));
    expect(repositoryRoot(path.join(root, 'wt/c'))).toBe(path.join(root, 'wt'));
  });

  it("without a repository: the config file's folder, else cwd", () => {
    const outside = tmpDir('pg-noroot-');
    try {
      fs.mkdirSync(path.join(outside, 'sub'));
      const cwd = path.join(outside, 'sub');
      expect(repositoryRoot(cwd, { source: 'payload-guard.config.json', baseDir: outside })).toBe(outside);
      expect(repositoryRoot(cwd, { baseDir: outside })).toBe(cwd);
      expect(repositoryRoot(cwd)).toBe(cwd);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
