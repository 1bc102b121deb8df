// The esbuild settings the command's bundle (bundle.ts) and the library's (library.ts) share:
// ESM for Node 20 with split chunks, CommonJS dependencies given a `require`, and the AWS SDK
// left outside (an optional peer dependency, loaded from the user's node_modules when needed).
import type { BuildOptions } from 'esbuild';

export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  mainFields: ['module', 'main'],
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); ESM output has none of its own.
  banner: {
    js: "import { createRequire as __pgRequire } from 'node:module'; const require = __pgRequire(import.meta.url);",
  },
  external: ['@aws-sdk/*'],
} satisfies BuildOptions;
