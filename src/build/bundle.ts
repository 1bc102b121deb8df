// Build step (after tsc and validators.js): bundles dist/src/cli/bin.js into dist/bin/cli.js, which
// the `bin`, dist/bin/payload-guard.js (src/cli/launch.cts), runs through V8's code cache. One file
// for the common path, chunks for what a run may not need (fix, simulate, YAML, ajv; the S3 SDK
// stays outside, an optional peer), so a lint of one small file loads little and compiles little.
// All of dist/bin is CommonJS: only a script, not an ES module, can be compiled from a code cache
// on Node 20.
import { build, transform, type Metafile, type PartialMessage, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NODE_BUNDLE } from './node-bundle.js';
import { yamlEnvAtLoad } from './yaml-env.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The wrapper that stands in for a regular expression until it is first used. */
const LAZY_REGEXP = `const lazyRegExp = (source, flags) => {
  let re;
  const get = () => (re ??= new RegExp(source, flags));
  return {
    test: (s) => get().test(s),
    exec: (s) => get().exec(s),
    [Symbol.match]: (s) => get()[Symbol.match](s),
    [Symbol.matchAll]: (s) => get()[Symbol.matchAll](s),
    [Symbol.search]: (s) => get()[Symbol.search](s),
    [Symbol.replace]: (s, r) => get()[Symbol.replace](s, r),
    [Symbol.split]: (s, n) => get()[Symbol.split](s, n),
  };
};
`;

/**
 * string-width (pulled in by yargs for help layout) does two costly things when it is loaded:
 * it builds an `Intl.Segmenter` (about 15 ms), and its Unicode property expressions
 * (`\p{RGI_Emoji}` above all: ICU builds the set of emoji strings) are built, or as literals
 * checked, at parse time: 40% of the instructions of a `--version`. Both now happen on the first
 * measurement, which only help output makes. The dependency's text is checked, not assumed: what
 * no longer matches is bundled as it is, with a warning.
 */
export const lazyStringWidth: Plugin = {
  name: 'lazy-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      let text = await fs.readFile(args.path, 'utf8');
      const warnings: PartialMessage[] = [];
      const eager = /const segmenter = new Intl\.Segmenter\(\);/;
      if (eager.test(text)) {
        text = text.replace(
          eager,
          'let segmenterInstance; const segmenter = { segment: (s) => (segmenterInstance ??= new Intl.Segmenter()).segment(s) };',
        );
      } else {
        warnings.push({ text: `${args.path}: no eager Intl.Segmenter to defer` });
      }
      // `const name = /source/flags;` at the top level, for expressions with property escapes.
      const literal = /^const (\w+) = \/((?:\\.|[^/\\\n[]|\[(?:\\.|[^\]\\\n])*\])+)\/([a-z]*);$/gm;
      let deferred = 0;
      text = text.replace(literal, (all, name: string, source: string, flags: string) => {
        if (!source.includes('\\p{')) return all;
        deferred++;
        return `const ${name} = lazyRegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)});`;
      });
      if (deferred) text = `${LAZY_REGEXP}${text}`;
      return { contents: text, loader: 'js', warnings };
    });
  },
};

/**
 * yargs's ESM shim imports node:assert (and with it node:util's inspection and colours, several
 * milliseconds) for two checks it makes only in some paths. Resolve that one import to a module
 * that loads node:assert on the first call.
 */
export const lazyAssert: Plugin = {
  name: 'lazy-assert-for-yargs',
  setup(b) {
    b.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]/.test(args.importer)
        ? { path: 'lazy-assert', namespace: 'lazy-assert' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: [
        "const real = () => require('node:assert');",
        'export const strictEqual = (...a) => real().strictEqual(...a);',
        'export const notStrictEqual = (...a) => real().notStrictEqual(...a);',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** node:fs members that are getters loading more of Node when read (streams, fs/dir, fs/promises). */
const LAZY_FS_MEMBERS = new Set([
  'promises',
  'ReadStream',
  'WriteStream',
  'FileReadStream',
  'FileWriteStream',
  'Dir',
  'opendir',
  'opendirSync',
]);

/**
 * An ES module import of node:fs makes Node build a facade that reads every export, and some of
 * them are getters: ReadStream's loads all of node:stream (about 5 ms of every start). The bundle
 * gets node:fs through require() instead, re-exported member by member; the lazy members are
 * left out (opendir and opendirSync are wrapped, `promises` forwards each read), so one of our
 * modules importing another fails the build rather than loading it eagerly.
 */
export const requireFs: Plugin = {
  name: 'require-node-fs',
  setup(b) {
    // Our own modules only: dependencies that want a stream class (the AWS SDK) keep the import.
    b.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
      /[\\/]dist[\\/](src|rules)[\\/]/.test(args.importer) ? { path: 'node:fs', namespace: 'require-fs' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'require-fs' }, async () => {
      const fsModule = (await import('node:fs')).default as unknown as Record<string, unknown>;
      const names = Object.keys(fsModule).filter(
        (name) => !LAZY_FS_MEMBERS.has(name) && /^[A-Za-z_$][\w$]*$/.test(name),
      );
      return {
        contents: [
          "const fs = require('node:fs');",
          'export default fs;',
          ...names.map((name) => `export const ${name} = fs.${name};`),
          // Read on each use: fs/promises (2 ms to load) is left for the runs that call it.
          'export const promises = new Proxy({}, { get: (_, name) => fs.promises[name] });',
          'export const opendir = (...a) => fs.opendir(...a);',
          'export const opendirSync = (...a) => fs.opendirSync(...a);',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * esbuild's code splitting puts what the common path shares with any dynamic import into chunks
 * of its own, and the entry imports them statically: a lint of one small file loaded 19 files,
 * each resolved, read, compiled and linked apart. This pass bundles the entry and its static
 * chunks again into the one entry file, which exports every binding the chunks exported; each
 * chunk file becomes a one-line re-export of the entry, so the dynamic chunks that import it still
 * share the very same module instance (the entry is the main module, already evaluated).
 */
async function mergeStaticChunks(outdir: string, metafile: Metafile): Promise<number> {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const entry = path.join(outdir, ENTRY);
  const outputs = metafile.outputs;
  const merged = new Set<string>();
  const visit = (file: string) => {
    for (const i of outputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement' || i.external || merged.has(i.path)) continue;
      merged.add(i.path);
      visit(i.path);
    }
  };
  visit(rel(entry));
  if (!merged.size) return 0;
  const chunks = [...merged].sort();
  const alias = (k: number, name: string) => `__pgChunk${k}_${name}`;
  const lines = [`import ${JSON.stringify('./' + ENTRY)};`];
  chunks.forEach((c, k) => {
    const names = outputs[c].exports;
    if (names.length)
      lines.push(
        `export { ${names.map((n) => `${n} as ${alias(k, n)}`).join(', ')} } from ${JSON.stringify('./' + path.relative(outdir, path.join(root, c)).split(path.sep).join('/'))};`,
      );
  });
  const inside = new Set([rel(entry), ...chunks].map((c) => path.join(root, c)));
  const result = await build({
    stdin: { contents: lines.join('\n'), resolveDir: outdir, sourcefile: 'merged-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    minify: true,
    logLevel: 'warning',
    plugins: [
      {
        // Only the entry and its static chunks go in; everything else stays a file of its own,
        // named from the entry's folder.
        name: 'merge-static-chunks-only',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || !args.path.startsWith('.'))
              return args.path.startsWith('.') ? undefined : { path: args.path, external: true };
            const abs = path.resolve(args.resolveDir, args.path);
            if (inside.has(abs)) return { path: abs };
            return { path: './' + path.relative(outdir, abs).split(path.sep).join('/'), external: true };
          });
        },
      },
    ],
  });
  await fs.writeFile(entry, result.outputFiles[0].text.replace(/^#!.*\n/, ''));
  for (const [k, c] of chunks.entries()) {
    const names = outputs[c].exports;
    const shim = names.length
      ? `export { ${names.map((n) => `${alias(k, n)} as ${n}`).join(', ')} } from "../${ENTRY}";\n`
      : `import "../${ENTRY}";\n`;
    await fs.writeFile(path.join(root, c), shim);
  }
  return chunks.length;
}

/** The bundled CLI, beside the launcher that is the package's `bin`. */
const ENTRY = 'cli.js';

/**
 * Every file of the split ES module build, rewritten as CommonJS in place. `import()` becomes
 * `require()`: the entry runs as a script (through the code cache), and its chunks must be
 * modules that require() finds in the same cache. `import.meta.url` becomes the file's URL.
 */
async function toCommonJs(outdir: string): Promise<void> {
  const files = (await fs.readdir(outdir, { recursive: true })).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    const abs = path.join(outdir, file);
    // The ES module banner's `const require` would clash with CommonJS's own.
    const source = (await fs.readFile(abs, 'utf8'))
      .replace(/^#!.*\n/, '')
      .split(NODE_BUNDLE.banner.js)
      .join('');
    const { code } = await transform(source, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      minify: true,
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__pgFileUrl' },
      banner: "const __pgFileUrl = require('node:url').pathToFileURL(__filename).href;",
      logLevel: 'warning',
      sourcefile: file,
    });
    await fs.writeFile(abs, code);
  }
  await fs.writeFile(path.join(outdir, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
}

/** The launcher (compiled by tsc from src/cli/launch.cts) as the executable `bin`. */
async function writeLauncher(outdir: string): Promise<string> {
  const bin = path.join(outdir, 'payload-guard.js');
  const text = await fs.readFile(path.join(root, 'dist/src/cli/launch.cjs'), 'utf8');
  await fs.writeFile(bin, '#!/usr/bin/env node\n' + text.replace(/^#!.*\n/, ''), { mode: 0o755 });
  await fs.chmod(bin, 0o755);
  return bin;
}

/**
 * Runs that leave code caches of what most runs load: a lint of one small clean file (the bundle),
 * then a folder with a config file, a YAML template and a finding (the validators, the glob
 * matcher, the YAML parser, the terminal report), then `--staged` in a git repository with one
 * staged file (a pre-commit hook's run; left out where git is missing). Each run after the first
 * adds what it compiled to the caches. Each run's exit and output are checked: a bundle that does
 * not start fails the build here.
 */
function seedCodeCache(bin: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-seed-'));
  try {
    const files: Record<string, string> = {
      'clean/event.json': '{"orderId": "o-1"}\n',
      'staged/event.json': '{"orderId": "o-1"}\n',
      'configured/payload-guard.config.json': '{"targets": [{"files": "events/*.json", "target": "eventbridge"}]}\n',
      'configured/events/big.json': JSON.stringify({ detail: 'x'.repeat(1100 * 1024) }),
      'configured/template.yaml':
        'Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, End: true}\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
    const runs: [string, string, number, RegExp][] = [
      ['clean', '.', 0, /^$/],
      ['configured', '.', 1, /events\/big\.json[\s\S]*payload-size/],
    ];
    const repo = path.join(dir, 'staged');
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=seed', '-c', 'user.email=seed@example.com', ...args], {
        cwd: repo,
        env,
        encoding: 'utf8',
      }).status === 0;
    // A commit, then a change staged: the run reads HEAD's commit and tree, as a hook's does.
    const committed = git('init', '-q') && git('add', 'event.json') && git('commit', '-q', '--no-verify', '-m', 'seed');
    if (committed) {
      writeFileSync(path.join(repo, 'event.json'), '{"orderId": "o-2"}\n');
      if (git('add', 'event.json')) runs.push(['staged', '--staged', 0, /^$/]);
    }
    for (const [i, [cwd, arg, status, output]] of runs.entries()) {
      const r = spawnSync(process.execPath, [bin, arg], {
        cwd: path.join(dir, cwd),
        // The first run writes the caches; each one after it adds what it compiled.
        env: i === 0 ? env : { ...env, PAYLOAD_GUARD_SEED_CODE_CACHE: '1' },
        encoding: 'utf8',
      });
      if (r.status !== status || !output.test(r.stdout) || r.stderr)
        throw new Error(
          `the built bin failed in ${cwd}/ with ${arg} (exit ${r.status}, expected ${status}):\n${r.stdout}${r.stderr}`,
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const outdir = path.join(root, 'dist/bin');
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    ...NODE_BUNDLE,
    metafile: true,
    entryPoints: [path.join(root, 'dist/src/cli/bin.js')],
    outdir,
    entryNames: 'cli',
    minify: true,
    plugins: [lazyStringWidth, lazyAssert, requireFs, yamlEnvAtLoad],
  });
  await mergeStaticChunks(outdir, metafile);
  await toCommonJs(outdir);
  seedCodeCache(await writeLauncher(outdir));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
