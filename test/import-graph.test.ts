// The boundaries of src/, read from the sources with the TypeScript compiler: effects (the disk,
// child processes, the process object) live in src/io/, in the CLI and in the runtime helpers;
// only the composition root (src/linter.ts) imports rules/; reporters import neither rules/ nor
// the I/O modules; fix/ is pure. Each failure names the file, the line and the import.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '..');

/** Where effects may live. */
const EFFECTS_ALLOWED = [
  // discovery, git, cache, stage, manifest, S3, atomic writes
  /^src\/io\//,
  // the command line: wires the process's streams, cwd, env and exit code to the rest
  /^src\/cli\//,
  /^src\/cli[^/]*\.ts$/,
  /^bin\//,
  // the runtime helpers (payload-guard/runtime) are a separate entry, run inside users' Lambda
  // functions: they read their own offline store and the function's environment
  /^src\/runtime\//,
  // build steps run by `npm run build` (precompiled validators, the CLI bundle): they write dist/
  // and are not shipped (package.json `files` leaves out dist/src/build)
  /^src\/build\//,
];

const EFFECT_MODULES = new Set(['fs', 'fs/promises', 'child_process'].flatMap((m) => [m, `node:${m}`]));

/** The composition root: the one module in src/ that builds the linter from rules/. */
const COMPOSITION_ROOT = 'src/linter.ts';

/**
 * Crossings that another part of issue 11 removes on a branch being written at the same time.
 * Each must still be needed (the test fails once it is not), so the list only shrinks.
 */
const PENDING: readonly { file: string; uses: string; removedBy: string }[] = [];

interface Use {
  file: string;
  line: number;
  /** the module specifier, or `process` for a use of the process object */
  uses: string;
  /** the repository path a relative specifier names */
  target?: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Every import (static, dynamic, re-export, `import('x')` type) and every use of the global `process`. */
function usesOf(file: string): Use[] {
  const text = fs.readFileSync(path.join(repo, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const uses: Use[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (node: ts.Node, specifier: string) => {
    const target = specifier.startsWith('.')
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
      : undefined;
    uses.push({ file, line: at(node), uses: specifier, target });
  };
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node, node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node, node.argument.literal.text);
    } else if (ts.isIdentifier(node) && node.text === 'process' && isGlobalProcess(node)) {
      uses.push({ file, line: at(node), uses: 'process' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** `process` as a value read from the global scope, not a property name (`x.process`, `{ process: 1 }`). */
function isGlobalProcess(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent)) &&
    parent.name === node
  )
    return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (
    ts.isImportSpecifier(parent) ||
    ts.isBindingElement(parent) ||
    ts.isVariableDeclaration(parent) ||
    ts.isParameter(parent)
  )
    return false;
  return true;
}

const files = [
  ...sourceFiles('src'),
  ...sourceFiles('rules'),
  ...(fs.existsSync(path.join(repo, 'bin')) ? sourceFiles('bin') : []),
];
const all = files.flatMap(usesOf);
const pending = (u: Use) => PENDING.some((p) => p.file === u.file && p.uses === u.uses);
const describeUse = (u: Use) =>
  `${u.file}:${u.line} ${u.uses === 'process' ? 'uses the global `process`' : `imports '${u.uses}'`}`;

describe('the import graph', () => {
  it('finds the sources it judges', () => {
    // A broken walk (a moved folder, a new extension) must not pass by judging nothing.
    expect(files).toContain(COMPOSITION_ROOT);
    expect(files.filter((f) => f.startsWith('src/io/')).length).toBeGreaterThan(3);
    expect(all.some((u) => u.uses === 'process')).toBe(true);
  });

  it('only src/io/, the CLI and the runtime helpers touch the disk, child processes or `process`', () => {
    const offending = all.filter(
      (u) =>
        (EFFECT_MODULES.has(u.uses) || u.uses === 'process') &&
        !EFFECTS_ALLOWED.some((re) => re.test(u.file)) &&
        !pending(u),
    );
    expect(
      offending.map(describeUse),
      'move the effect into src/io/ (or take the value as a parameter from the caller)',
    ).toEqual([]);
  });

  it(`only the composition root (${COMPOSITION_ROOT}) imports rules/`, () => {
    const offending = all.filter(
      (u) => u.file.startsWith('src/') && u.file !== COMPOSITION_ROOT && u.target?.startsWith('rules/') && !pending(u),
    );
    expect(offending.map(describeUse), `take the rules from the linter ${COMPOSITION_ROOT} builds`).toEqual([]);
  });

  it('reporters import neither rules/ nor the I/O modules', () => {
    const offending = all.filter(
      (u) =>
        u.file.startsWith('src/reporters/') &&
        (u.target?.startsWith('rules/') || u.target?.startsWith('src/io/')) &&
        !pending(u),
    );
    expect(offending.map(describeUse), 'give the reporter what it needs through its report context').toEqual([]);
  });

  it('src/fix/ stays pure: text in, edits and artifacts out, nothing from src/io/', () => {
    const offending = all.filter((u) => u.file.startsWith('src/fix/') && u.target?.startsWith('src/io/'));
    expect(offending.map(describeUse), 'keep the effect in src/io/ and hand fix/ the data it needs').toEqual([]);
  });

  it('every pending crossing is still there (remove the entries another change made stale)', () => {
    const stale = PENDING.filter((p) => !all.some((u) => u.file === p.file && u.uses === p.uses)).map(
      (p) => `${p.file} ${p.uses} (${p.removedBy})`,
    );
    expect(stale, 'delete these entries from PENDING in test/import-graph.test.ts').toEqual([]);
  });
});

/**
 * Module-level `let`/`var` in src/: state every caller of a module would share. What may stay is
 * a memo of something constant for the process, each with the reason.
 */
const MODULE_MEMOS: Record<string, string> = {
  'src/hash.ts': 'node:crypto, required on the first hash (a cold start that hashes nothing never loads it)',
  'src/simulate/jsonata.ts': 'the jsonata module, imported on the first JSONata expression',
  'src/io/package-info.ts': "this install's package.json, read once",
  'src/io/git-objects.ts': 'node:zlib, required on the first object too large to inflate in JS',
  'src/io/inflate.ts': "deflate's fixed Huffman codes, built on the first block that uses them",
  // the runtime helpers run in a warm Lambda container: a bounded cache of verified objects (src/runtime/refs.ts)
  'src/runtime/refs.ts':
    'a bounded cache of fetched and verified objects, kept across events of a warm Lambda container',
  'src/runtime/power-tuning.ts': "the resolver built from the function's environment on the first event",
};
const MODULE_STATE_PENDING: Record<string, string> = {};

describe('module state', () => {
  const declared = files
    .filter((f) => f.startsWith('src/'))
    .flatMap((file) => {
      const source = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(repo, file), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
      );
      return source.statements
        .filter(
          (s): s is ts.VariableStatement =>
            ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.Const) === 0,
        )
        .flatMap((s) =>
          s.declarationList.declarations.map((d) => ({
            file,
            line: source.getLineAndCharacterOfPosition(d.getStart(source)).line + 1,
            name: d.name.getText(source),
          })),
        );
    });

  it('no module in src/ keeps mutable state at top level, except memos of process-wide constants', () => {
    const offending = declared
      .filter((d) => !(d.file in MODULE_MEMOS) && !(d.file in MODULE_STATE_PENDING))
      .map((d) => `${d.file}:${d.line} let ${d.name}`);
    expect(
      offending,
      'pass the state in (as the linter carries its parsers), or add a memo with its reason to MODULE_MEMOS',
    ).toEqual([]);
  });

  it('every memo and pending entry still names a module with top-level state', () => {
    const stale = [...Object.keys(MODULE_MEMOS), ...Object.keys(MODULE_STATE_PENDING)].filter(
      (f) => !declared.some((d) => d.file === f),
    );
    expect(stale, 'delete these entries from test/import-graph.test.ts').toEqual([]);
  });
});
