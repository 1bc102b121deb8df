// What discovery leaves out is said, never silent: one message producer for every reason a file
// or folder named on the command line is not linted (ESLint: "File ignored because of a matching
// ignore pattern"). Pure.

export type SkipReason =
  /** a config `ignores` glob */
  | { kind: 'ignores'; pattern: string }
  /** a .gitignore or .git/info/exclude rule */
  | { kind: 'gitignore'; source: string }
  /** one of payload-guard's own default ignores (its stage dir, CDK asset copies, vendored folders) */
  | { kind: 'default'; what: string };

export interface Skipped {
  /** the path as the user wrote it, or as displayed */
  path: string;
  reason: SkipReason;
}

function because(reason: SkipReason): string {
  switch (reason.kind) {
    case 'ignores':
      return `it matches the config's \`ignores\` pattern \`${reason.pattern}\``;
    case 'gitignore':
      return `it is ignored by ${reason.source}`;
    case 'default':
      return `${reason.what} is ignored by default`;
  }
}

/** The note for a file named on the command line that is not linted. */
export function skippedMessage(s: Skipped): string {
  return `${s.path}: not linted: ${because(s.reason)}; use --no-ignore to lint it.`;
}

/** The usage error for a named directory in which nothing is left to lint. */
export function emptyDirectoryMessage(pattern: string, found: number, reasons: readonly SkipReason[]): string {
  if (!found) return `No files matching '${pattern}' were found: it holds no .json, .jsonc, .yaml or .yml file.`;
  const kinds = [
    ...new Set(
      reasons.map((r) =>
        r.kind === 'ignores' ? 'the config `ignores`' : r.kind === 'gitignore' ? r.source : 'the default ignores',
      ),
    ),
  ];
  const by = `(by ${kinds.join(' and ')}); use --no-ignore to lint ${found === 1 ? 'it' : 'them'}.`;
  return found === 1
    ? `The one file under '${pattern}' is ignored ${by}`
    : `All ${found} files under '${pattern}' are ignored ${by}`;
}
