// How a moved object turns back into the value it replaced, carried as S3 user metadata so that a
// function reading a reference needs no manifest: `--fix --upload` writes it, the runtime module
// (and offloadLarge) read and write it. Pure; no imports beyond a type.
import type { Base64Layout } from './base64/encode.js';

export type StoredForm = ({ kind: 'base64' } & Base64Layout) | { kind: 'text' } | { kind: 'json' };

/** The S3 user-metadata key (`x-amz-meta-payload-guard-form`). */
const FORM_METADATA_KEY = 'payload-guard-form';

export function formToMetadata(form: StoredForm): Record<string, string> {
  // Metadata values must be ASCII: the JSON is URI-encoded.
  return { [FORM_METADATA_KEY]: encodeURIComponent(JSON.stringify(form)) };
}

export function formFromMetadata(metadata: Record<string, string> | undefined): StoredForm | undefined {
  const value = metadata?.[FORM_METADATA_KEY];
  if (!value) return undefined;
  try {
    const form = JSON.parse(decodeURIComponent(value)) as StoredForm;
    return form && (form.kind === 'base64' || form.kind === 'text' || form.kind === 'json') ? form : undefined;
  } catch {
    return undefined;
  }
}

/** The form of a fileRef rewrite, from the encoding `--fix` records for it. */
export function formOfEncoding(encoding: Omit<Base64Layout, 'dataUri'> & { dataUriPrefix?: string }): StoredForm {
  const { dataUriPrefix, ...layout } = encoding;
  return {
    kind: 'base64',
    alphabet: layout.alphabet,
    padded: layout.padded,
    lineBreak: layout.lineBreak,
    lineLength: layout.lineLength,
    trailingLineBreak: layout.trailingLineBreak,
    ...(dataUriPrefix ? { dataUri: { prefix: dataUriPrefix } } : {}),
  };
}
