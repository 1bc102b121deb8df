// `--print-config FILE`: the settings that apply to FILE, its kind and target, each with its reason.
import path from 'node:path';
import { classify, type DocumentKind } from '../classify.js';
import { findDefinitions, unreadDefinitions } from '../definitions/index.js';
import { ignoreReason, readRegularFile } from '../io/files.js';
import type { Linter } from '../linter.js';
import { getConfig } from '../lint.js';
import { EXIT_OK } from './exit-code.js';
import type { CliIo } from './io.js';

export async function runPrintConfig(
  file: string,
  args: { config?: string; ignore: boolean },
  io: CliIo,
  linter: Linter,
): Promise<number> {
  const { cwd } = io;
  const config = await getConfig({ linter, cwd, configFile: args.config });
  const abs = path.resolve(cwd, file);
  const rel = path.relative(config.baseDir, abs).split(path.sep).join('/');
  const settings = config.forFile(rel);
  // The file is read, so that its kind is the one a run decides, with the evidence.
  const read = await readRegularFile(abs);
  if (read.ok) await linter.prepare([abs]);
  const shown = path.relative(cwd, abs).split(path.sep).join('/');
  const explained = linter.explainFile(
    shown,
    read.ok ? read.bytes : undefined,
    settings,
    read.ok ? undefined : read.detail,
  );
  const ignored = await ignoreReason(abs, {
    cwd,
    useIgnores: args.ignore,
    ignoreGlobs: config.ignoreGlobs,
    ignoreBase: config.baseDir,
    unignoreGlobs: config.unignoreGlobs,
  });
  const printed = {
    configFile: config.source ?? null,
    file,
    ignored: ignored ?? null,
    target: explained.target,
    targetReason: explained.targetReason,
    kind: explained.kind ?? (read.ok ? '(does not parse)' : '(detected from content)'),
    kindReason: explained.kindReason,
    rules: Object.fromEntries([...settings.rules].map(([id, s]) => [id, [s.severity, s.options]])),
    ignores: config.file.ignores ?? [],
    fix: config.file.fix ?? {},
    unreadDefinitions: await unreadIn(abs, settings.kind, linter),
  };
  io.stdout.write(JSON.stringify(printed, null, 2) + '\n');
  return EXIT_OK;
}

/** State machines in FILE whose definitions are not read; none when FILE does not parse. */
async function unreadIn(
  file: string,
  kind: DocumentKind | undefined,
  linter: Linter,
): Promise<{ name: string; reason: string }[]> {
  const read = await readRegularFile(file);
  if (!read.ok) return [];
  await linter.prepare([file]);
  const parsed = linter.parse(file, read.bytes);
  if (!parsed.ok) return [];
  const doc = parsed.document;
  const k = kind ?? classify(file, doc.value, doc.format);
  return unreadDefinitions(doc, k, findDefinitions(doc, k)).map((u) => ({ name: u.name, reason: u.reason }));
}
