import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import github, { escapeData, escapeProperty, stepSummary } from '../../src/reporters/github.js';
import type { Diagnostic, FileResult } from '../../src/types.js';
import { runCli } from '../support/cli.js';
import { blob, tmpDir, writeFiles } from '../support/workspace.js';

function diag(over: Partial<Diagnostic>): Diagnostic {
  return {
    ruleId: 'payload-size',
    messageId: 'tooLarge',
    message: 'too big',
    severity: 'error',
    filePath: 'events/a.json',
    path: '$',
    pointer: '',
    line: 2,
    column: 3,
    endLine: 4,
    endColumn: 5,
    ...over,
  };
}

describe('github reporter', () => {
  it('escapes data and properties as GitHub expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('writes one workflow command per finding, paths relative to GITHUB_WORKSPACE', () => {
    const cwd = '/work/repo/sub';
    const results: FileResult[] = [
      {
        filePath: 'events/a,b:c.json',
        diagnostics: [
          diag({ message: '100% over\nsecond line' }),
          diag({ severity: 'warn', ruleId: 'no-inline-base64', line: 7, column: 1, endLine: 7, endColumn: 9 }),
        ],
      },
    ];
    const out = github(results, { color: false, cwd, env: { GITHUB_WORKSPACE: '/work/repo' } });
    expect(out).toBe(
      '::error file=sub/events/a%2Cb%3Ac.json,line=2,endLine=4,col=3,endColumn=5,title=payload-size::100%25 over%0Asecond line\n' +
        '::warning file=sub/events/a%2Cb%3Ac.json,line=7,endLine=7,col=1,endColumn=9,title=no-inline-base64::too big\n',
    );
    // Without GITHUB_WORKSPACE, the working directory is the root.
    expect(github(results, { color: false, cwd, env: {} })).toContain('file=events/a%2Cb%3Ac.json,');
  });

  it('appends a markdown summary to GITHUB_STEP_SUMMARY', () => {
    const dir = tmpDir('pg-gh-');
    writeFiles(dir, { 'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }) });
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const run = runCli(['-f', 'github', 'events'], {
      cwd: dir,
      env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=events\/big\.json,line=1,/m);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## payload-guard\n')).toBe(true);
    expect(md).toContain('| `events/big.json` | 1 | error | `payload-size` |');
    expect(stepSummary([], dir, {})).toContain('No problems in 0 files.');
  });
});
