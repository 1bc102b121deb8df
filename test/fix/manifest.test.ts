// The manifest journal on real files: entries appended per file, folded once, a crash's torn
// line ignored, a dead run's lock broken.
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compactManifest,
  JOURNAL_NAME,
  MANIFEST_NAME,
  readManifest,
  recordRewrites,
  type ManifestEntry,
} from '../../src/io/manifest.js';
import { tmpDir } from '../support/workspace.js';

const entry = (file: string, uri = `s3://b/${file}.png`): ManifestEntry =>
  ({
    file,
    refPointer: '/photo/fileRef',
    uri,
    kind: 'fileRef',
    bucket: 'b',
    key: `${file}.png`,
    sha256: 'ab'.repeat(32),
    originalKey: 'file',
    keyRaw: '"file"',
    literal: { style: 'json' },
  }) as unknown as ManifestEntry;

describe('manifest journal', () => {
  it('appends per file, reads journal and manifest together, and folds once', async () => {
    const stage = tmpDir('pg-manifest-');
    await recordRewrites(stage, [entry('a.json')]);
    await recordRewrites(stage, [entry('b.json')]);
    expect(fs.existsSync(path.join(stage, MANIFEST_NAME))).toBe(false);
    expect((await readManifest(stage)).entries.map((e) => e.file)).toEqual(['a.json', 'b.json']);
    await compactManifest(stage);
    expect(fs.readdirSync(stage)).toEqual([MANIFEST_NAME]);
    // A repeated rewrite replaces its entry.
    await recordRewrites(stage, [{ ...entry('a.json'), sha256: 'cd'.repeat(32) }]);
    await compactManifest(stage);
    const m = await readManifest(stage);
    expect(m.entries.map((e) => [e.file, e.sha256.slice(0, 2)])).toEqual([
      ['a.json', 'cd'],
      ['b.json', 'ab'],
    ]);
  });

  it('ignores a torn last line (a crash mid-append, before the file was renamed) but not a damaged one', async () => {
    const stage = tmpDir('pg-manifest-torn-');
    await recordRewrites(stage, [entry('a.json')]);
    fs.appendFileSync(path.join(stage, JOURNAL_NAME), '[{"file":"b.js');
    expect((await readManifest(stage)).entries.map((e) => e.file)).toEqual(['a.json']);
    fs.writeFileSync(path.join(stage, JOURNAL_NAME), '[{"file":"b.js\n' + JSON.stringify([entry('a.json')]) + '\n');
    await expect(readManifest(stage)).rejects.toThrow(/manifest\.journal:1: a damaged journal line/);
  });

  it('reads a journal line of 130,000 entries (past what a spread into push() takes) as entries, not damage', async () => {
    const stage = tmpDir('pg-manifest-wide-');
    const many = Array.from({ length: 130_000 }, (_, i) => entry(`f${i}.json`));
    await recordRewrites(stage, many);
    const read = (await readManifest(stage)).entries;
    expect(read.length).toBe(130_000);
    expect(read[129_999].file).toBe('f129999.json');
  });

  it('takes a journal line that is JSON but no list for damage, as before', async () => {
    const stage = tmpDir('pg-manifest-object-');
    fs.writeFileSync(path.join(stage, JOURNAL_NAME), '{"file":"a.json"}\n' + JSON.stringify([entry('b.json')]) + '\n');
    await expect(readManifest(stage)).rejects.toThrow(/manifest\.journal:1: a damaged journal line/);
  });

  it('breaks the lock of a run that is gone', async () => {
    const stage = tmpDir('pg-manifest-lock-');
    // A pid far above any pid_max default: no such process.
    fs.writeFileSync(path.join(stage, 'manifest.lock'), `${2 ** 22 + 17}@${hostname()}`);
    await recordRewrites(stage, [entry('a.json')]);
    expect((await readManifest(stage)).entries).toHaveLength(1);
    expect(fs.existsSync(path.join(stage, 'manifest.lock'))).toBe(false);
  });
});
