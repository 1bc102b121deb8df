// Plain data shared by the parser, the engine, the rules and the reporters. Nothing here does I/O.

/** Half-open range of UTF-16 offsets into a document's text (BOM already removed). */
export interface SourceRange {
  start: number;
  end: number;
}

/** Where a JSON pointer's value (and, for an object member, its key) sits in the text. */
export interface Located {
  value: SourceRange;
  key?: SourceRange;
}

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units like ESLint */
  column: number;
}

/** `hcl`: a Terraform `.tf` file (read by src/parse/hcl.ts into Terraform's JSON shape). */
export type SourceFormat = 'json' | 'jsonc' | 'yaml' | 'hcl';

/**
 * One parsed file. `value` is what JSON.parse (or the YAML loader) returns; `locate` finds a
 * pointer's range in `text` on demand, so a file with nothing to report never pays for positions.
 */
export interface SourceDocument {
  filePath: string;
  format: SourceFormat;
  /** The text with a leading byte order mark removed. */
  text: string;
  bom: boolean;
  /** UTF-8 bytes of the file as written, BOM excluded: what `--input file://x.json` sends. */
  fileBytes: number;
  value: unknown;
  /** Pointer segments are unescaped keys / array indexes as strings. */
  locate: (segments: readonly string[]) => Located | undefined;
  /**
   * For a string value: the text offset of the character at `index` of the decoded string,
   * so a finding inside an embedded definition can point at the offending text itself.
   */
  stringOffset?: (segments: readonly string[], index: number) => number | undefined;
  /** YAML only: the offset of a second document with content, which is not read. */
  laterDocumentOffset?: number;
  /** YAML only: keys written twice in one mapping (the value holds the last). */
  duplicateKeys?: { key: string; firstOffset: number; offset: number }[];
}

/**
 * `note`: listed in the report, never failing a run nor counted as a warning (`--max-warnings`,
 * the Action's `fail-level`), for what a reader should know but need not act on.
 */
export type Severity = 'error' | 'warn' | 'note';

/** A text edit against the original text (offsets as in SourceRange). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Data that a fix moves out of the file. The engine stores every artifact (stage dir, upload)
 * before it writes the rewritten file.
 */
export interface FixArtifact {
  /** Object key below the bucket, built only from hashes and sanitised names. */
  key: string;
  bytes: Uint8Array;
  contentType: string;
  /** Free-form facts recorded in the manifest (pointer, original key, encoding of the original). */
  record: Record<string, unknown>;
}

export interface Fix {
  /** `unsafe` changes what the receiving function gets: only `--fix-unsafe` applies it. */
  kind: 'safe' | 'unsafe';
  description: string;
  edits: TextEdit[];
  artifacts?: FixArtifact[];
}

export interface Diagnostic {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  filePath: string;
  /** JSONPath such as `$.payload[0].payload.image` */
  path: string;
  /** RFC 6901 */
  pointer: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The size that matters to the finding (UTF-8 bytes), when there is one. */
  bytes?: number;
  /** For size findings: the limit it is measured against. */
  limitBytes?: number;
  fix?: Fix;
  suggestions?: Fix[];
  /** Hash of the value at `pointer` (compact JSON): matches a finding across reformatting. */
  valueHash?: string;
}

/** A finding silenced by a comment (`inSource`) or a config `ignores` pointer (`external`). */
export interface SuppressedDiagnostic extends Diagnostic {
  suppression: { kind: 'inSource' | 'external'; justification?: string };
}

export interface FileResult {
  filePath: string;
  diagnostics: Diagnostic[];
  /** Bytes of the file as written, for the size bar; absent when it did not parse. */
  fileBytes?: number;
  /** The limit the file was judged against, when it is a payload. */
  limitBytes?: number;
  /** Set when fixes rewrote the text. */
  output?: string;
  /** Findings silenced by suppressions (for reporters that show them, like SARIF). */
  suppressed?: SuppressedDiagnostic[];
  /** Indexes of the config's `glob#/pointer` ignores that silenced something in this file. */
  usedIgnores?: number[];
  /** Results for definitions this file links to (Serverless `${file()}`), merged by the run. */
  linked?: FileResult[];
  /** The result depends on other files (DefinitionUri, `${file()}`): a cache keyed on this file's content must not keep it. */
  readsLinkedFiles?: boolean;
  /** A linked definition is YAML and the run had not loaded the YAML parser: lint again once it is loaded (never reported). */
  needsYaml?: boolean;
}
