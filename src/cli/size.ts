// `payload-guard size FILE`: which fields fill a payload, as a tree of sizes.
import path from 'node:path';
import { findBase64Fields } from '../base64/fields.js';
import { classify } from '../classify.js';
import { UsageError } from '../errors.js';
import { targetFor } from '../events.js';
import { readRegularFile } from '../io/files.js';
import { getConfig } from '../lint.js';
import type { Linter } from '../linter.js';
import { SizeIndex } from '../sizes.js';
import { LineIndex } from '../text.js';
import { EXIT_LINT, EXIT_OK } from './exit-code.js';
import { useColor, type CliIo } from './io.js';

export interface SizeArgs {
  file: string;
  depth: number;
  top: number;
  config?: string;
  color?: boolean;
}

export async function runSizeCommand(args: SizeArgs, io: CliIo, linter: Linter): Promise<number> {
  const { cwd } = io;
  await linter.prepare();
  const { renderSizeTree } = await import('../reporters/size-tree.js');
  const config = await getConfig({ linter, cwd, configFile: args.config });
  const abs = path.resolve(cwd, args.file);
  const read = await readRegularFile(abs);
  if (!read.ok) throw new UsageError(`${args.file}: ${read.detail}`);
  const parsed = linter.parse(args.file, read.bytes);
  if (!parsed.ok) {
    const pos = new LineIndex(parsed.text).position(parsed.error.offset);
    io.stderr.write(`${args.file}:${pos.line}:${pos.column}: ${parsed.error.message}\n`);
    return EXIT_LINT;
  }
  const doc = parsed.document;
  const settings = config.forFile(path.relative(config.baseDir, abs).split(path.sep).join('/'));
  const { target } = targetFor(doc.value, settings.kind ?? classify(args.file, doc.value, doc.format), settings);
  const sizes = new SizeIndex(doc.value);
  const text = renderSizeTree(args.file, doc.fileBytes, target.limitBytes, sizes, findBase64Fields(doc.value, 1024), {
    depth: args.depth,
    top: args.top,
    minShare: 0.001,
    color: useColor(args.color, io, io.stdout),
  });
  io.stdout.write(text);
  return EXIT_OK;
}
