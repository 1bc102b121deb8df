#!/usr/bin/env node
// The installed command: the process's streams, directory and environment handed to `main`.
// Streams are reached through getters: Node creates process.stdout and process.stderr on first
// use, which a clean run of a hook need not pay for.
import { main, type CliOutput } from './main.js';

const stream = (get: () => NodeJS.WriteStream): CliOutput => ({
  write: (text: string) => get().write(text),
  get isTTY() {
    return get().isTTY === true;
  },
  get columns() {
    return get().columns;
  },
});

// No top-level await: the bundled bin is also the module its on-demand chunks import back
// (src/build/bundle.ts), and a chunk imported while this module still awaits would wait forever.
void main(process.argv.slice(2), {
  stdout: stream(() => process.stdout),
  stderr: stream(() => process.stderr),
  get stdin() {
    return process.stdin;
  },
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
