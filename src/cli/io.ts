// What the command line receives from the process that runs it: the streams, the working
// directory, the environment and the terminal's facts. The bin passes the real process; tests pass
// strings in memory, so `main` runs in-process and nothing here reads `process`.
import { wrapWords } from '../wrap.js';

/** An output stream: text in, and what the terminal behind it is (asked only when needed). */
export interface CliOutput {
  write(text: string): unknown;
  /** a terminal (colour by default, progress, wrapping) */
  readonly isTTY?: boolean;
  /** the terminal's width, when it is one */
  readonly columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** read only by `--stdin` */
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Colour for a stream: the flag, else NO_COLOR / FORCE_COLOR, else whether it is a terminal. */
export function useColor(flag: boolean | undefined, io: CliIo, stream: CliOutput): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** A message for stderr, broken at spaces when stderr is a terminal narrower than it (not mid-word). */
export function forTerminal(io: CliIo, text: string): string {
  const columns = io.stderr.isTTY ? io.stderr.columns : undefined;
  if (!columns) return text;
  return text
    .split('\n')
    .map((line) => (line.length >= columns ? wrapWords(line, columns - 1).join('\n') : line))
    .join('\n');
}

/** One line on stderr: `payload-guard: <message>`, wrapped for a terminal. */
export function note(io: CliIo, message: string): void {
  io.stderr.write(forTerminal(io, `payload-guard: ${message}`) + '\n');
}
