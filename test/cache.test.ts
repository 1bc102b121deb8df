// --cache: unchanged files are not read again, changed content is linted (even under the old
// size and mtime), a config change drops the cache, and --cache-location never costs a file or
// the report.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

describe('--cache', () => {
  it('reuses results by size+mtime, then by content hash, and drops them when the config changes', () => {
    const dir = tmpDir('pg-cache-');
    const over = JSON.stringify({ payload: { file: blob(300_000, 4) } });
    writeFiles(dir, { 'events/a.json': over, 'events/ok.json': '{"ok": 1}\n' });
    const a = path.join(dir, 'events/a.json');
    // Whole seconds survive utimes exactly, so the same-mtime edit below is really the same mtime.
    const when = 1_700_000_000;
    fs.utimesSync(a, when, when);
    const first = runCli(['events', '--cache', '-f', 'compact'], { cwd: dir });
    expect(first.status).toBe(1);
    const cacheFile = path.join(dir, '.payload-guard/cache.json');
    expect(fs.existsSync(cacheFile)).toBe(true);

    // Same size and mtime, different content (as `touch -d`, `cp -p` and `rsync -t` leave it):
    // the ctime moved, so the content is read and judged for what it is.
    fs.writeFileSync(
      a,
      over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)),
    );
    fs.utimesSync(a, when, when);
    const fresh = runCli(['events', '--cache', '-f', 'compact'], { cwd: dir });
    expect(fresh.stdout).toBe(runCli(['events', '-f', 'compact'], { cwd: dir }).stdout);
    expect(fresh.stdout).not.toBe(first.stdout);
    fs.writeFileSync(a, over);
    fs.utimesSync(a, when, when);
    expect(runCli(['events', '--cache', '-f', 'compact'], { cwd: dir }).stdout).toBe(first.stdout);

    // A fresh checkout: same content, new mtime. Found by hash.
    fs.writeFileSync(a, over);
    fs.utimesSync(a, new Date(), new Date(Date.now() + 5000));
    expect(runCli(['events', '--cache', '-f', 'compact'], { cwd: dir }).stdout).toBe(first.stdout);

    // Changed content is linted again.
    fs.writeFileSync(a, '{"small": true}\n');
    expect(runCli(['events', '--cache', '-f', 'compact'], { cwd: dir }).stdout).toBe('');

    // A config change invalidates everything, even a file whose stat did not change.
    fs.writeFileSync(a, over);
    fs.utimesSync(a, when + 60, when + 60);
    runCli(['events', '--cache'], { cwd: dir });
    fs.writeFileSync(
      a,
      over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)),
    );
    fs.utimesSync(a, when + 60, when + 60);
    writeFiles(dir, { 'payload-guard.config.json': JSON.stringify({ rules: { 'payload-size': 'warn' } }) });
    const afterConfig = runCli(
      ['events', '--cache', '-f', 'compact', '--cache-location', '.payload-guard/cache.json'],
      { cwd: dir },
    );
    expect(afterConfig.stdout).not.toContain('[no-inline-base64]');
  });

  it('does not trust stat for a file changed in the same mtime tick as the cache write', () => {
    const dir = tmpDir('pg-cache-racy-');
    const over = JSON.stringify({ payload: { file: blob(300_000, 5) } });
    writeFiles(dir, { 'a.json': over });
    const a = path.join(dir, 'a.json');
    const now = new Date();
    fs.utimesSync(a, now, now);
    const first = runCli(['a.json', '--cache', '-f', 'compact'], { cwd: dir });
    expect(first.stdout).toContain('[no-inline-base64]');
    // Same size, same (recent) mtime, new content: only the content can tell.
    fs.writeFileSync(
      a,
      over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)),
    );
    fs.utimesSync(a, now, now);
    expect(runCli(['a.json', '--cache', '-f', 'compact'], { cwd: dir }).stdout).not.toContain('[no-inline-base64]');
  });
  it('does not keep the result of a template whose DefinitionUri file may change beside it', () => {
    const dir = tmpDir('pg-cache-links-');
    const template = [
      'Resources:',
      '  M:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      DefinitionUri: sm/flow.asl.json',
      '',
    ].join('\n');
    writeFiles(dir, {
      'template.yaml': template,
      'sm/Flow.asl.json': '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
    });
    const first = runCli(['template.yaml', '--cache', '-f', 'compact'], { cwd: dir });
    expect(first.stdout).toContain('sfn-definition-uri');
    fs.renameSync(path.join(dir, 'sm/Flow.asl.json'), path.join(dir, 'sm/flow.asl.json'));
    const second = runCli(['template.yaml', '--cache', '-f', 'compact'], { cwd: dir });
    expect(second.stdout).toBe('');
    expect(second.status).toBe(0);
  });

  it('keeps its cache inside a folder named by --cache-location and refuses to overwrite a file that is not its cache', () => {
    const dir = tmpDir('pg-cache-loc-');
    writeFiles(dir, { 'a.json': '{"a": 1}\n', 'notes.txt': 'precious\n', 'store/keep.txt': 'x\n' });
    const refused = runCli(['a.json', '--cache-location', 'notes.txt'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is not a payload-guard cache; not overwriting it');
    expect(refused.stderr).not.toContain('    at ');
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('precious\n');

    expect(runCli(['a.json', '--cache-location', 'store'], { cwd: dir }).status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'store')).sort()).toEqual(['.payload-guard-cache', 'keep.txt']);
    expect(runCli(['a.json', '--cache-location', 'new/'], { cwd: dir }).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'new')).isDirectory()).toBe(true);
    // Its own cache, from another config, is replaced without complaint.
    writeFiles(dir, { 'payload-guard.config.json': '{"rules": {"payload-size": "warn"}}\n' });
    expect(runCli(['a.json', '--cache-location', 'store'], { cwd: dir }).status).toBe(0);
  });

  it('warns when the cache cannot be written and still prints the report with the lint exit code', () => {
    const dir = tmpDir('pg-cache-unwritable-');
    // A file where the cache folder should be: unwritable even for root.
    writeFiles(dir, { 'bad.json': '{"payload": 1\n', blocked: 'not a folder\n' });
    const run = runCli(['bad.json', '-f', 'compact', '--cache-location', 'blocked/cache.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('bad.json:2:1: error');
    expect(run.stderr).toContain('warning: the cache was not saved to');
    expect(run.stderr).not.toContain('internal error');
  });
});
