// Tests call the synchronous engine directly, YAML included: the parsers an async entry point of
// the tool loads, loaded once per test file and passed in as the tool passes them.
import { loadParsers } from '../../src/parse/source.js';
import { builtinLinter } from '../../src/linter.js';

export const parsers = await loadParsers();

/** The shipped linter (every rule), its parsers loaded. */
export async function readyLinter() {
  const linter = builtinLinter();
  await linter.prepare();
  return linter;
}
