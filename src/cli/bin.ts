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

process.exitCode = await main(process.argv.slice(2), {
  stdout: stream(() => process.stdout),
  stderr: stream(() => process.stderr),
  get stdin() {
    return process.stdin;
  },
  cwd: process.cwd(),
  env: process.env,
});
