import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputs } from '../src/outputs.js';
import { runMain } from './support/cli.js';
import { blob, tmpDir, writeFiles } from './support/workspace.js';

describe('parseOutputs', () => {
  it('pairs each --format with the --output-file after it', () => {
    expect(parseOutputs(['-f', 'json', '-o', 'report.json', '-f', 'stylish', 'events'])).toEqual([
      { format: 'json', file: 'report.json' },
      { format: 'stylish' },
    ]);
    expect(parseOutputs(['--format=sarif', '--output-file=a.sarif', '--format', 'compact'])).toEqual([
      { format: 'sarif', file: 'a.sarif' },
      { format: 'compact' },
    ]);
  });
  it('takes FORMAT=FILE pairs and defaults to stylish on stdout', () => {
    expect(parseOutputs(['--output', 'junit=out/j.xml', '-f', 'github'])).toEqual([
      { format: 'junit', file: 'out/j.xml' },
      { format: 'github' },
    ]);
    expect(parseOutputs(['events'])).toEqual([{ format: 'stylish', file: undefined }]);
    expect(parseOutputs(['-o', 'r.txt'])).toEqual([{ format: 'stylish', file: 'r.txt' }]);
    expect(parseOutputs(['-o', 'r.json', '-f', 'json'])).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(parseOutputs(['--output=sarif=a.sarif', 'events'])).toEqual([
      { format: 'stylish' },
      { format: 'sarif', file: 'a.sarif' },
    ]);
  });
});

describe('several reports in one run', () => {
  it('writes each report where it was asked for, with one exit code', async () => {
    const dir = tmpDir('pg-out-');
    writeFiles(dir, { 'events/big.json': JSON.stringify({ payload: { file: blob(300_000) } }) });
    const run = await runMain(
      ['events', '-f', 'json', '-o', 'out/report.json', '-f', 'compact', '--output', 'junit=out/junit.xml'],
      { cwd: dir },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^events\/big\.json:1:1: error .* \[payload-size\]$/m);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
    expect(json[0].filePath).toBe('events/big.json');
    expect(fs.readFileSync(path.join(dir, 'out/junit.xml'), 'utf8')).toContain(
      '<testsuite name="events/big.json" tests="2" failures="2"',
    );
  });
  it('refuses an unknown format in --output with exit 2', async () => {
    const dir = tmpDir('pg-out-');
    writeFiles(dir, { 'a.json': '{}' });
    const run = await runMain(['--output', 'xml=r.xml', 'a.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown format `xml`');
  });
});
