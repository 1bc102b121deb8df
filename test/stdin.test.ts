// --stdin reads one document to its end, but never without bound: an endless producer
// (`--stdin < /dev/zero`) ends the run with a sentence instead of filling the memory.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { readStdin } from '../src/io/files.js';
import { runCli } from './support/cli.js';
import { tmpDir } from './support/workspace.js';

function endless(chunk: Buffer): Readable {
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

describe('readStdin', () => {
  it('reads a document to its end', async () => {
    expect((await readStdin(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]))).toString()).toBe('{"a":1}');
  });

  it('stops an endless stream at the bound with a usage error', async () => {
    const err = await readStdin(endless(Buffer.alloc(4096)), 64 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('standard input passed 65,536 bytes without ending');
  });

  it('the CLI ends --stdin on a stream that never ends, exit 2, no stack trace', () => {
    const run = runCli(['--stdin', '--stdin-filename', 'x.json'], {
      cwd: tmpDir('pg-stdin-'),
      input: Buffer.alloc(257 * 1024 * 1024),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^payload-guard: standard input passed 268,435,456 bytes without ending/);
    expect(run.stderr).not.toContain('    at ');
  });
});
