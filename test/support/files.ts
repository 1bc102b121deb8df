// Scratch folders and deterministic PNG-looking bytes for tests that run fixes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A PNG signature and IHDR tag followed by `bytes` of seeded noise: detected as a PNG, never compressible. */
export function png(seed: number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) out[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), out]);
}

/** A new temporary folder holding `files` (relative paths, folders created as needed). */
export function workdir(files: Record<string, string>, prefix = 'pg-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
