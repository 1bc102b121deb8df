// A quick "no pattern of this .gitignore can match" for the `ignore` package's test, which tries
// every rule's regular expression on every path: on a repository with hundreds of .gitignore
// files of a hundred rules or more that scan was most of discovery. Pure: no I/O.
//
// Every match of a pattern contains each run of plain characters the pattern holds between its
// wildcards, brackets, escapes, spaces and slashes (no run holds a `/`, so a match on a parent
// folder's path is contained in the path of a file under it as well). `ignore` compares ignoring
// case; for ASCII runs, a lower-cased path contains a lower-cased run wherever a case-blind
// match is: a character outside ASCII never folds to one inside it. So a path that holds the
// longest run of no pattern is matched by no pattern, and neither is any folder above it.

import { escapeRegExp } from '../text.js';

/** Characters that end a run besides an escape and a class (read apart): wildcards, a separator, white space. */
const BREAKS = new Set(['*', '?', ']', '/', ' ', '\t', '\v', '\f']);

/** The longest plain run of one pattern line (negation and comment aside), or '' when it has none. */
function longestRun(line: string): string {
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      // The escaped character is left out of every run.
      end();
      i++;
    } else if (c === '[') {
      end();
      // A class: to its closing bracket (a `]` first, or after `!` or `^`, belongs to the class).
      let j = i + 1;
      if (line[j] === '!' || line[j] === '^') j++;
      if (line[j] === ']') j++;
      const close = line.indexOf(']', j);
      // An unclosed bracket: nothing after it counts.
      if (close === -1) return best;
      i = close;
    } else if (BREAKS.has(c)) end();
    else run += c;
  }
  end();
  return best;
}

/**
 * For the text of a .gitignore: a test that says false only when no pattern in it can match the
 * lower-cased path; undefined when one pattern has no plain run of ASCII (`*`, `**`, `[ab]`) and
 * so may match anything.
 */
export function ignorePrefilter(text: string): ((lowerPath: string) => boolean) | undefined {
  const needles = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    // Blank lines and comments are no patterns; `\#` is an escape, so not a comment.
    if (!raw.trim() || raw.startsWith('#')) continue;
    const run = longestRun(raw.startsWith('!') ? raw.slice(1) : raw);
    // No run, or one outside ASCII (whose case folding toLowerCase does not follow): no shortcut.
    if (!run || !/^[\x21-\x7e]+$/.test(run)) return undefined;
    needles.add(run.toLowerCase());
  }
  if (!needles.size) return () => false;
  // One expression for them all: faster than a search per pattern.
  const any = new RegExp([...needles].map(escapeRegExp).join('|'));
  return (lowerPath) => any.test(lowerPath);
}
