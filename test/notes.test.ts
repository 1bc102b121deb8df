// The note severity end to end: config accepts it, the engine keeps it apart from warnings (a
// report never raises a note), and a run with notes only exits 0 even under --max-warnings 0,
// while every format lists the note in its own terms.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config.js';
import { lintSource } from '../src/engine.js';
import { parsers } from './support/parsers.js';
import { runCli } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

const S3_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/sfn
      DefinitionS3Location: { Bucket: shared-definitions, Key: orders/v3.asl.json }
`;

describe('note severity', () => {
  it('is accepted by the config and keeps every finding of the rule a note', async () => {
    // no-inline-base64 reports a small blob as a warning (lower than its error default): set to note, it stays a note.
    const config = await resolveConfig(
      { rules: { 'no-inline-base64': 'note', 'payload-size': ['note', {}] } },
      rules,
      '/',
    );
    const text = JSON.stringify({ small: blob(9_000, 3), big: blob(300_000, 4) });
    const result = lintSource('event.json', text, { settings: config.forFile('event.json'), registry: rules, parsers });
    const mine = result.diagnostics.filter((d) => d.ruleId === 'no-inline-base64' || d.ruleId === 'payload-size');
    expect(mine.length).toBeGreaterThan(1);
    expect(new Set(mine.map((d) => d.severity))).toEqual(new Set(['note']));
  });

  it('is the default of sfn-definition-unread', () => {
    expect(rules.find((r) => r.id === 'sfn-definition-unread')?.severity).toBe('note');
  });

  describe('in a run', () => {
    const dir = tmpDir('pg-notes-');
    writeFiles(dir, { 'template.yaml': S3_TEMPLATE });

    it('never fails it, not even with --max-warnings 0', () => {
      const run = runCli(['.', '--max-warnings', '0'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('  7:7  note  1 state machine definition is not checked here');
      expect(run.stdout).toContain('ℹ 1 note (notes never fail the run)');
      expect(run.stdout).not.toContain('problem');
    });

    it('fails it once raised to warn in the config', () => {
      const raised = tmpDir('pg-notes-raised-');
      writeFiles(raised, {
        'template.yaml': S3_TEMPLATE,
        'payload-guard.config.json': '{"rules": {"sfn-definition-unread": "warn"}}',
      });
      const run = runCli(['.', '--max-warnings', '0'], { cwd: raised });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('1 problem (0 errors, 1 warning)');
    });

    it('is a note in every format', () => {
      const out = (format: string) => runCli(['.', '-f', format], { cwd: dir, env: { GITHUB_WORKSPACE: dir } });
      expect(out('github').stdout).toMatch(
        /^::notice file=template\.yaml,line=7,.*title=sfn-definition-unread::1 state machine/,
      );
      expect(JSON.parse(out('json').stdout)[0]).toMatchObject({
        errorCount: 0,
        warningCount: 0,
        messages: [{ severity: 'note', ruleId: 'sfn-definition-unread' }],
      });
      const sarif = JSON.parse(out('sarif').stdout).runs[0];
      expect(sarif.results[0].level).toBe('note');
      expect(
        sarif.tool.driver.rules.find((r: { id: string }) => r.id === 'sfn-definition-unread').defaultConfiguration,
      ).toEqual({ level: 'note' });
      const junit = out('junit').stdout;
      expect(junit).toContain('failures="0"');
      expect(junit).toContain('<system-out>note 1 state machine');
      expect(out('compact').stdout).toMatch(
        /^template\.yaml:7:7: note 1 state machine .* \[sfn-definition-unread\]\n$/,
      );
      for (const format of ['github', 'json', 'sarif', 'junit', 'compact']) expect(out(format).status, format).toBe(0);
    });
  });
});
