// One test walks every rule folder: valid cases report nothing for the rule, invalid cases report
// exactly what their `.expected.txt` says. UPDATE_FIXTURES=1 rewrites the expectations (review the diff).
// A valid case may be a folder holding one file, for cases whose file name or folders are the point
// (`valid-tsconfig-with-comments/tsconfig.json`): the engine sees the path inside the case folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig, type ConfigFile } from '../src/config.js';
import { lintSource } from '../src/engine.js';
import { fixTarget } from '../src/fix/keys.js';
import { linkedFileReader } from '../src/io/files.js';
import { fixText } from '../src/fix/apply.js';
import { parseSource } from '../src/parse/source.js';
import { renderExpected } from './support/expected.js';
import { parsers } from './support/parsers.js';

const root = path.resolve(__dirname, '../fixtures');
const update = process.env.UPDATE_FIXTURES === '1';
const ruleDirs = fs.readdirSync(root).filter((d) => d !== 'cli' && fs.statSync(path.join(root, d)).isDirectory());

export function caseFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter(
      (f) => /^(valid|invalid)-/.test(f) && !/\.(expected\.txt|config\.json)$/.test(f) && !/\.fixed\.[a-z]+$/.test(f),
    )
    .sort();
}

/** The file a case lints, and the path the engine is given for it. */
function caseInput(file: string): { input: string; filePath: string; configPath: string } {
  if (!fs.statSync(file).isDirectory())
    return { input: file, filePath: path.relative(root, file), configPath: path.basename(file) };
  const inside = (fs.readdirSync(file, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(file, f)).isFile(),
  );
  if (inside.length !== 1 || !path.basename(file).startsWith('valid-'))
    throw new Error(`${file}: a folder case is a valid case holding exactly one file`);
  const filePath = inside[0].split(path.sep).join('/');
  return { input: path.join(file, inside[0]), filePath, configPath: filePath };
}

async function lintCase(ruleId: string, file: string) {
  const configPath = file.replace(/(\.[a-z]+)?$/, '.config.json');
  const configFile: ConfigFile = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
  const config = await resolveConfig(configFile, rules, path.dirname(file));
  const { input, filePath, configPath: configRelative } = caseInput(file);
  const bytes = fs.readFileSync(input);
  // Files a definition names (DefinitionUri, Serverless `${file()}`) are read beside the case.
  const files = linkedFileReader(input);
  const result = lintSource(filePath, bytes, {
    settings: config.forFile(configRelative),
    registry: rules,
    parsers,
    fixTarget: fixTarget(configFile.fix ?? {}),
    files,
  });
  // Definitions linted where they are written (Terraform templatefile(), Serverless `${file()}`).
  const linked = (result.linked ?? [])
    .map((l) => ({ filePath: l.filePath, diagnostics: l.diagnostics.filter((d) => d.ruleId === ruleId) }))
    .filter((l) => l.diagnostics.length);
  return { bytes, diagnostics: result.diagnostics.filter((d) => d.ruleId === ruleId), linked, config, configFile };
}

/** The expectation text: the case's own findings, then each linked file's under its path. */
function renderCase(
  text: string,
  own: Parameters<typeof renderExpected>[1],
  linked: { filePath: string; diagnostics: Parameters<typeof renderExpected>[1] }[],
): string {
  let out = own.length ? renderExpected(text, own) : '';
  for (const l of linked)
    out += `${out ? '\n' : ''}== ${l.filePath}\n${renderExpected(fs.readFileSync(path.join(root, l.filePath), 'utf8'), l.diagnostics)}`;
  return out;
}

/**
 * Every fix of a case (all rules, unsafe ones too, as `--fix --fix-unsafe` applies them), with
 * objects of the same run visible to rules as if staged.
 */
async function fixCase(ruleId: string, file: string, text: string) {
  const { config, configFile } = await lintCase(ruleId, file);
  const settings = config.forFile(path.basename(file));
  return fixText(
    text,
    (current, pending) =>
      lintSource(path.relative(root, file), current, {
        settings,
        registry: rules,
        parsers,
        fixTarget: fixTarget(configFile.fix ?? {}),
        stagedObjects: { bytesOf: (_b, key) => pending.find((a) => a.key === key)?.bytes.byteLength },
      }),
    { unsafe: true },
  );
}

describe.each(ruleDirs)('fixtures/%s', (ruleId) => {
  const dir = path.join(root, ruleId);
  it('belongs to a registered rule', () => {
    expect(
      rules.map((r) => r.id),
      `fixtures/${ruleId}/ names no registered rule: add rules/${ruleId}.ts and its line in rules/index.ts (see CONTRIBUTING.md), or rename the folder`,
    ).toContain(ruleId);
  });
  it('has at least one valid and one invalid case', () => {
    const files = caseFiles(dir);
    expect(
      files.some((f) => f.startsWith('valid-')),
      `add fixtures/${ruleId}/valid-<case>.json (or .yaml)`,
    ).toBe(true);
    expect(
      files.some((f) => f.startsWith('invalid-')),
      `add fixtures/${ruleId}/invalid-<case>.json (or .yaml), then run \`UPDATE_FIXTURES=1 npm test\``,
    ).toBe(true);
  });
  for (const name of caseFiles(dir)) {
    const file = path.join(dir, name);
    if (name.startsWith('valid-')) {
      it(`${name} reports nothing`, async () => {
        const { diagnostics, linked } = await lintCase(ruleId, file);
        expect([...diagnostics, ...linked.flatMap((l) => l.diagnostics)].map((d) => d.message)).toEqual([]);
      });
    } else {
      it(`${name} reports what ${name.replace(/\.[a-z]+$/, '')}.expected.txt says`, async () => {
        const { bytes, diagnostics, linked } = await lintCase(ruleId, file);
        expect(diagnostics.length + linked.length).toBeGreaterThan(0);
        const rendered = renderCase(bytes.toString('utf8'), diagnostics, linked);
        const expectedPath = file.replace(/\.[a-z]+$/, '.expected.txt');
        if (update) fs.writeFileSync(expectedPath, rendered);
        const shown = path.relative(process.cwd(), expectedPath);
        if (!fs.existsSync(expectedPath))
          expect.fail(`${shown} is missing: run \`UPDATE_FIXTURES=1 npm test\` to write it, then read it.`);
        expect(
          rendered,
          `${shown} differs: if the change is meant, run \`UPDATE_FIXTURES=1 npm test\` and read the diff`,
        ).toBe(fs.readFileSync(expectedPath, 'utf8'));
      });
      it(`${name}: fixes give ${name.replace(/(\.[a-z]+)$/, '.fixed$1')} (or nothing to fix), a second pass changes nothing`, async () => {
        const text = fs.readFileSync(file, 'utf8');
        const fixedPath = file.replace(/(\.[a-z]+)$/, '.fixed$1');
        const first = await fixCase(ruleId, file, text);
        if (update && first.changed) fs.writeFileSync(fixedPath, first.output);
        if (!fs.existsSync(fixedPath)) {
          expect(
            first.changed,
            `fixes changed the text: run \`UPDATE_FIXTURES=1 npm test\` to write ${path.basename(fixedPath)}, then read it`,
          ).toBe(false);
          return;
        }
        expect(
          first.output,
          `${path.basename(fixedPath)} differs: if the change is meant, run \`UPDATE_FIXTURES=1 npm test\` and read the diff`,
        ).toBe(fs.readFileSync(fixedPath, 'utf8'));
        expect(parseSource(fixedPath, first.output, parsers).ok).toBe(true);
        const second = await fixCase(ruleId, file, first.output);
        expect(second.changed).toBe(false);
      });
    }
  }
});
