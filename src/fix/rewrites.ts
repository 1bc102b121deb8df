// The two rewrites as pure fix builders: a rule hands in the document and what it found, and gets
// back text edits plus the artifacts (bytes, key, manifest record) that must be stored before the
// edited text may be written.
import type { Base64Field } from '../base64/fields.js';
import { child, toPointer } from '../pointer.js';
import type { Fix, SourceDocument, TextEdit } from '../types.js';
import { keyText, renameKey, replaceValue, scalarText, insertProperty } from './edit.js';
import { blobKey, payloadKey, refKeyFor, s3Uri, sha256Hex, type FixTarget } from './keys.js';
import { describeLiteral, verbatim, type LiteralRecord } from './literal.js';

/** What the manifest keeps about one rewrite, so that `inline` can undo it exactly. */
export interface RewriteRecord {
  kind: 'fileRef' | 'payloadS3';
  /** pointer of the original member */
  pointer: string;
  /** pointer of the member that replaced it */
  refPointer: string;
  originalKey: string;
  /** the key exactly as written (quotes included), to write it back */
  keyRaw: string;
  refKey: string;
  uri: string;
  bucket: string;
  key: string;
  sha256: string;
  bytes: number;
  contentType: string;
  /** fileRef: the base64 layout of the original string */
  encoding?: {
    alphabet: 'standard' | 'url';
    padded: boolean;
    lineBreak: '' | '\n' | '\r\n';
    lineLength: number;
    trailingLineBreak: boolean;
    dataUriPrefix?: string;
    /** false when re-encoding the bytes does not give the original text (ragged wrapping) */
    regular: boolean;
  };
  literal: LiteralRecord['literal'];
  exact: boolean;
}

/**
 * fileRef: `"K": "<base64>"` -> `"KRef": "s3://bucket/<prefix><sha>.<ext>"`. Unsafe: the function
 * that receives the event must fetch the object itself. Undefined where the shape forbids it (an
 * array element has no key to rename; the reference key is already taken).
 */
export function fileRefFix(doc: SourceDocument, field: Base64Field, target: FixTarget): Fix | undefined {
  if (field.contract || field.segments.length === 0) return undefined;
  // A blob under `Fn::Sub` (`image: !Sub "<base64>"`, or the long form): the member holding the
  // Sub is what gets renamed and replaced, tag and all. Base64 has no `${`, so Sub returns it
  // unchanged and the plain reference means the same; the original comes back verbatim.
  let segments = field.segments;
  if (segments.length >= 2 && segments[segments.length - 1] === 'Fn::Sub') {
    const holder = segments.slice(0, -1).reduce<unknown>((node, s) => child(node, s), doc.value);
    if (holder && typeof holder === 'object' && !Array.isArray(holder) && Object.keys(holder).length === 1)
      segments = segments.slice(0, -1);
  }
  const parentSegments = segments.slice(0, -1);
  const parent = parentSegments.reduce<unknown>((node, s) => child(node, s), doc.value);
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const originalKey = segments[segments.length - 1];
  const refKey = refKeyFor(target.keyTemplate, originalKey);
  if (refKey === originalKey || child(parent, refKey) !== undefined) return undefined;
  const at = doc.locate(segments);
  if (!at?.key) return undefined;

  const info = field.info;
  const prefixChars = info.dataUri ? info.dataUri.prefix.length : 0;
  const bytes = Buffer.from(field.value.slice(prefixChars), 'base64');
  const sha256 = sha256Hex(bytes);
  const key = blobKey(target.prefix, sha256, info.extension);
  const uri = s3Uri(target.bucket, key);
  const rename = renameKey(doc, segments, refKey);
  const replace = replaceValue(doc, segments, scalarText(doc, uri));
  if (!rename || !replace) return undefined;
  // Base64 that re-encoding does not reproduce (ragged wrapping), and a value that takes more
  // than the string with it (a tag, the Sub around it), are kept verbatim as well.
  const literal =
    info.regular && segments === field.segments && replace.start === at.value.start
      ? describeLiteral(doc, segments, field.value)
      : verbatim(doc.text.slice(replace.start, replace.end));
  const record: RewriteRecord = {
    kind: 'fileRef',
    pointer: toPointer(segments),
    refPointer: toPointer([...parentSegments, refKey]),
    originalKey,
    keyRaw: doc.text.slice(at.key.start, at.key.end),
    refKey,
    uri,
    bucket: target.bucket,
    key,
    sha256,
    bytes: bytes.length,
    contentType: info.mediaType,
    encoding: {
      alphabet: info.alphabet,
      padded: info.padded,
      lineBreak: info.lineBreak,
      lineLength: info.lineLength,
      trailingLineBreak: info.trailingLineBreak,
      ...(info.dataUri ? { dataUriPrefix: info.dataUri.prefix } : {}),
      regular: info.regular,
    },
    literal: literal.literal,
    exact: literal.exact,
  };
  return {
    kind: 'unsafe',
    description: `Move the decoded bytes to ${uri} and replace \`${originalKey}\` by \`${refKey}\` (the receiving function must fetch the object itself).`,
    edits: [rename, replace],
    artifacts: [{ key, bytes, contentType: info.mediaType, record: record as unknown as Record<string, unknown> }],
  };
}

/**
 * payloadS3: the `payload` member of a Power Tuning input becomes `"payloadS3": "s3://..."`, the
 * object holding the payload unchanged in value (for a JSON file, its very text, so `inline` puts
 * back the same characters). Safe: Power Tuning's executor fetches and parses the object itself.
 */
export function payloadS3Fix(doc: SourceDocument, target: FixTarget): Fix | undefined {
  const root = doc.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  if (child(root, 'payload') === undefined || child(root, 'payloadS3') !== undefined) return undefined;
  const at = doc.locate(['payload']);
  if (!at?.key) return undefined;
  const raw = doc.text.slice(at.value.start, at.value.end);
  let content: string;
  let literal: LiteralRecord['literal'];
  if (doc.format !== 'yaml' && parsesTo(raw, child(root, 'payload'))) {
    content = raw;
    literal = { style: 'raw' };
  } else {
    // YAML, or JSONC with comments inside the payload: the object is JSON, and the manifest keeps
    // the member as written so that inline restores it exactly.
    content = JSON.stringify(child(root, 'payload'));
    literal = { style: 'memberTail', text: doc.text.slice(at.key.end, at.value.end) };
  }
  const bytes = Buffer.from(content, 'utf8');
  const sha256 = sha256Hex(bytes);
  const key = payloadKey(target.prefix, doc.filePath, sha256);
  const uri = s3Uri(target.bucket, key);
  let edits: TextEdit[];
  const between = doc.text.slice(at.key.end, at.value.start);
  if (doc.format === 'yaml' && between.includes('\n')) {
    // A block collection under the key: the whole member becomes one line.
    edits = [
      {
        start: at.key.start,
        end: at.value.end,
        text: `${keyText(doc, 'payloadS3', doc.text.slice(at.key.start, at.key.end))}: ${scalarText(doc, uri)}`,
      },
    ];
  } else {
    edits = [renameKey(doc, ['payload'], 'payloadS3')!, replaceValue(doc, ['payload'], scalarText(doc, uri))!];
  }
  const record: RewriteRecord = {
    kind: 'payloadS3',
    pointer: '/payload',
    refPointer: '/payloadS3',
    originalKey: 'payload',
    keyRaw: doc.text.slice(at.key.start, at.key.end),
    refKey: 'payloadS3',
    uri,
    bucket: target.bucket,
    key,
    sha256,
    bytes: bytes.length,
    contentType: 'application/json',
    literal,
    exact: true,
  };
  return {
    kind: 'safe',
    description: `Move the payload to ${uri} and pass \`payloadS3\` (deploy Power Tuning with payloadS3Bucket=${target.bucket}).`,
    edits,
    artifacts: [{ key, bytes, contentType: 'application/json', record: record as unknown as Record<string, unknown> }],
  };
}

/** `"disablePayloadLogs": true`: keeps the payload out of Power Tuning's error causes and logs. */
export function disablePayloadLogsFix(doc: SourceDocument): Fix | undefined {
  const edits = insertProperty(doc, [], 'disablePayloadLogs', 'true');
  if (!edits) return undefined;
  return {
    kind: 'safe',
    description: 'Set `disablePayloadLogs: true` so that a failed invocation does not copy the payload into the error.',
    edits,
  };
}

function parsesTo(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
