// --cache: unchanged files are not read again (a same-size, same-mtime edit is proof: the cached
// result comes back), changed content is linted, a config change drops the cache.
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

    // Same size and mtime, different content: the run trusts stat and does not read the file.
    fs.writeFileSync(a, over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)));
    fs.utimesSync(a, when, when);
    const cached = runCli(['events', '--cache', '-f', 'compact'], { cwd: dir });
    expect(cached.stdout).toBe(first.stdout);
    expect(cached.status).toBe(1);
    // Without the cache the new content is judged for what it is.
    expect(runCli(['events', '-f', 'compact'], { cwd: dir }).stdout).not.toBe(first.stdout);

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
    fs.writeFileSync(a, over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)));
    fs.utimesSync(a, when + 60, when + 60);
    writeFiles(dir, { 'payload-guard.config.json': JSON.stringify({ rules: { 'payload-size': 'warn' } }) });
    const afterConfig = runCli(['events', '--cache', '-f', 'compact', '--cache-location', '.payload-guard/cache.json'], { cwd: dir });
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
    fs.writeFileSync(a, over.replace(/[A-Za-z0-9+/]{300000}/, (m) => ' '.repeat(m.length)));
    fs.utimesSync(a, now, now);
    expect(runCli(['a.json', '--cache', '-f', 'compact'], { cwd: dir }).stdout).not.toContain('[no-inline-base64]');
  });
  it('does not keep the result of a template whose DefinitionUri file may change beside it', () => {
    const dir = tmpDir('pg-cache-links-');
    const template = ['Resources:', '  M:', '    Type: AWS::Serverless::StateMachine', '    Properties:', '      DefinitionUri: sm/flow.asl.json', ''].join('\n');
    writeFiles(dir, { 'template.yaml': template, 'sm/Flow.asl.json': '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}' });
    const first = runCli(['template.yaml', '--cache', '-f', 'compact'], { cwd: dir });
    expect(first.stdout).toContain('sfn-definition-uri');
    fs.renameSync(path.join(dir, 'sm/Flow.asl.json'), path.join(dir, 'sm/flow.asl.json'));
    const second = runCli(['template.yaml', '--cache', '-f', 'compact'], { cwd: dir });
    expect(second.stdout).toBe('');
    expect(second.status).toBe(0);
  });
});
