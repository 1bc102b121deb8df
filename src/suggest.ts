// "Did you mean": the nearest known word to a mistyped one, for flags, formats, commands, rule ids
// and config keys. Pure. Optimal string alignment distance (Damerau-Levenshtein where a swap of two
// neighbours costs one, as `qiuet` for `quiet`), with a threshold that grows with the word, so a
// short word is not "corrected" into an unrelated one.

/** Edits (insert, delete, substitute, swap neighbours) between `a` and `b`; case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** Edits allowed for a word of this many characters: 1 up to 4, 2 up to 8, then 3. */
function threshold(chars: number): number {
  return chars <= 4 ? 1 : chars <= 8 ? 2 : 3;
}

/**
 * The known word nearest to `word`, when it is near enough; ties go to the earlier candidate.
 * Words that differ only by separators (`fix-dryrun`, `fixDryRun`, `fix_dry_run`) count as one
 * edit, so a flag spelt in another case style is still found.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) return undefined;
    const d = squash(c) === squash(word) ? 1 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= threshold(Math.max(word.length, 1)) ? best : undefined;
}

/** `; did you mean `x`?` or the empty string, to end a sentence with. */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  render: (s: string) => string = (s) => `\`${s}\``,
): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${render(c)}?`;
}
