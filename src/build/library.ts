// Build step (after tsc): bundles the library entry points (the API, the runtime and its middy and
// Power Tuning helpers) and the worker thread's entry into dist/lib/, with their dependencies
// inside. The package then needs no dependency at install time (they are devDependencies), which
// takes the installed size from ~40 packages and ~1,500 files to one package. Types stay the
// tsc declarations in dist/src/. Shared code is split into chunks, so the runtime a Lambda
// function imports loads only what it uses, and the API and the workers share one copy.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NODE_BUNDLE } from './node-bundle.js';
import { yamlEnvAtLoad } from './yaml-env.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Entry points, relative to dist/src (their place under dist/lib is the same). */
export const LIBRARY_ENTRIES = ['api', 'runtime/index', 'runtime/middy', 'runtime/power-tuning', 'worker-entry'];

async function main(): Promise<void> {
  const outdir = path.join(root, 'dist/lib');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...NODE_BUNDLE,
    entryPoints: LIBRARY_ENTRIES.map((e) => path.join(root, 'dist/src', `${e}.js`)),
    outbase: path.join(root, 'dist/src'),
    outdir,
    // Whitespace and syntax only: a user's stack trace through the library keeps its names.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [yamlEnvAtLoad],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
