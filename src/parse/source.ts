// Bytes in, one document model out. Decides JSON vs YAML by name (JSON never goes through the
// YAML parser: a YAML parse of an 8 MB JSON text takes seconds), checks the encoding, and turns
// every failure into a position.
import { isUtf8 } from 'node:buffer';
import { isJsoncPath } from '../classify.js';
import type { SourceDocument, SourceFormat } from '../types.js';
import { parseHcl } from './hcl.js';
import { parseJson, type ParsedText, type ParseFailure } from './json.js';

/** One text parser: the text in, the value with a locator (or a failure with an offset) out. */
type ParseText = (text: string) => ParsedText;

/**
 * The parsers a run has at hand. JSON and HCL are built in; the YAML parser is half of what a run
 * loads and a run over JSON files never needs it, so it is loaded on demand (loadParsers) by the
 * async entry points, and parsing itself stays synchronous. Passed in, never held by a module.
 */
export interface Parsers {
  yaml?: ParseText;
}

/** The parsers files of these names may need (all of them without names): YAML only when one may be YAML. */
export async function loadParsers(filePaths?: Iterable<string>): Promise<Parsers> {
  if (filePaths && ![...filePaths].some(mayBeYaml)) return {};
  return { yaml: (await import('./yaml/index.js')).parseYaml };
}

/** Whether a file of this name may be parsed as YAML (an unknown extension is sniffed). */
export function mayBeYaml(filePath: string): boolean {
  const lower = filePath.toLowerCase();
  return !(lower.endsWith('.json') || lower.endsWith('.jsonc') || lower.endsWith('.tf'));
}

export type SourceResult =
  | { ok: true; document: SourceDocument }
  | { ok: false; filePath: string; text: string; error: ParseFailure; messageId: ParseMessageId };

export type ParseMessageId = 'syntax' | 'empty' | 'binary' | 'encoding';

export function formatFor(filePath: string, text?: string): SourceFormat {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.tf')) return 'hcl';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  // Tool files that their tool reads as JSONC (tsconfig.json, .vscode/*.json...) are JSONC whatever their extension.
  if (lower.endsWith('.jsonc') || isJsoncPath(filePath)) return 'jsonc';
  if (lower.endsWith('.json') || text === undefined) return 'json';
  // Unknown extension named explicitly (or stdin): JSON when it looks like JSON.
  const first = /\S/.exec(text);
  return first && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}

export function parseSource(
  filePath: string,
  input: Uint8Array | string,
  parsers: Readonly<Parsers>,
  format?: SourceFormat,
): SourceResult {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    text = bytes.toString('utf8');
    // Only a text holding U+FFFD can hide invalid bytes, so clean files skip the validation pass.
    // On failure the lossy text still serves to turn the offset into a line and column.
    const encodingProblem = checkEncoding(bytes, text.includes('\uFFFD'));
    if (encodingProblem) return { ok: false, filePath, text, ...encodingProblem };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const fmt = format ?? formatFor(filePath, text);
  // An empty YAML stream is a valid empty document (null), as for PyYAML and cfn-lint; JSON
  // needs a value. A nameless or unknown-extension text that is empty is not YAML by evidence.
  const emptyIsYaml = fmt === 'yaml' && (format === 'yaml' || /\.ya?ml$/i.test(filePath));
  // An empty .tf file is valid Terraform (a placeholder variables.tf).
  const emptyIsHcl = format === 'hcl' || /\.tf$/i.test(filePath);
  if (/^\s*$/.test(text) && !emptyIsYaml && !emptyIsHcl) {
    return { ok: false, filePath, text, messageId: 'empty', error: { message: 'the file is empty', offset: 0 } };
  }
  let parsed: ReturnType<typeof parseJson>;
  try {
    if (fmt === 'yaml' && !parsers.yaml)
      throw new Error('internal error: the YAML parser was not loaded (call loadParsers first)');
    parsed =
      fmt === 'yaml'
        ? parsers.yaml!(text)
        : fmt === 'hcl'
          ? parseHcl(text)
          : parseJson(text, { comments: fmt === 'jsonc' });
  } catch (err) {
    // A parser that gives up (the YAML parser recurses, so absurd nesting exhausts the stack)
    // is a parse error of this file, not a crash of the scan.
    const detail =
      err instanceof RangeError ? 'nesting too deep to parse' : err instanceof Error ? err.message : String(err);
    return { ok: false, filePath, text, messageId: 'syntax', error: { message: detail, offset: 0 } };
  }
  if (!parsed.ok) return { ok: false, filePath, text, messageId: 'syntax', error: parsed.error };
  const document: SourceDocument = {
    filePath,
    format: fmt,
    text,
    bom,
    fileBytes: typeof input === 'string' ? Buffer.byteLength(text, 'utf8') : input.byteLength - (bom ? 3 : 0),
    value: parsed.value,
    locate: parsed.locate,
    stringOffset: parsed.stringOffset,
    ...(parsed.laterDocumentOffset !== undefined ? { laterDocumentOffset: parsed.laterDocumentOffset } : {}),
    ...(parsed.duplicateKeys ? { duplicateKeys: parsed.duplicateKeys } : {}),
  };
  return { ok: true, document };
}

function checkEncoding(
  bytes: Buffer,
  mayBeInvalid: boolean,
): { messageId: ParseMessageId; error: ParseFailure } | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      messageId: 'encoding',
      error: { message: 'the file is UTF-16; AWS measures and accepts UTF-8 JSON', offset: 0 },
    };
  }
  // A NUL byte early on means a binary file (image, archive), not text with a bad character.
  const head = bytes.subarray(0, 8192);
  const nul = head.indexOf(0);
  if (nul !== -1) {
    return { messageId: 'binary', error: { message: `NUL byte at byte ${nul}`, offset: nul } };
  }
  if (mayBeInvalid && !isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    const offset = bytes.subarray(0, bad).toString('utf8').length;
    return {
      messageId: 'encoding',
      error: { message: `invalid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at byte ${bad})`, offset },
    };
  }
  return undefined;
}

/** Byte index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}
