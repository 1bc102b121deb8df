// Writing bytes as base64 in a given layout (alphabet, padding, MIME wrapping, data: prefix): the
// inverse of what the detector reads. Shared by `inline` and by the runtime module, so a function
// rebuilds exactly the string that `--fix` moved out. No imports: the runtime bundles this file.

/** How a base64 string was written, as the detector describes it and the manifest records it. */
export interface Base64Layout {
  alphabet: 'standard' | 'url';
  padded: boolean;
  lineBreak: '' | '\n' | '\r\n';
  /** chars per full line when wrapped, 0 otherwise */
  lineLength: number;
  trailingLineBreak: boolean;
  /** the exact text before the payload, e.g. "data:image/png;base64," */
  dataUri?: { prefix: string };
}

export function encodeBase64Like(bytes: Uint8Array, info: Base64Layout): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = buf.toString(info.alphabet === 'url' ? 'base64url' : 'base64');
  if (info.alphabet === 'url' && info.padded) text += '='.repeat((4 - (text.length % 4)) % 4);
  else if (info.alphabet === 'standard' && !info.padded) text = stripPadding(text);
  if (info.lineBreak !== '' && info.lineLength > 0) {
    text = wrap(text, info.lineLength, info.lineBreak, info.trailingLineBreak);
  }
  return info.dataUri ? info.dataUri.prefix + text : text;
}

function stripPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  return text.slice(0, end);
}

function wrap(text: string, lineLength: number, lineBreak: string, trailing: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += lineLength) lines.push(text.slice(i, i + lineLength));
  const joined = lines.join(lineBreak);
  return trailing && joined.length > 0 ? joined + lineBreak : joined;
}
