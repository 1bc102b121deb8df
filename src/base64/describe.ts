import type { Base64Info, ContentType } from './detect.js';
import { formatBytes } from '../text.js';

const NAMES: Record<ContentType, string> = {
  png: 'PNG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  pdf: 'PDF',
  gzip: 'gzip data',
  zip: 'zip archive',
  json: 'JSON text',
  text: 'text',
  binary: 'binary data',
};

/** "PNG image, 225.9 KiB decoded, data: URI" */
export function describeContent(info: Base64Info): string {
  const parts = [NAMES[info.contentType] ?? info.mediaType, `${formatBytes(info.decodedBytes)} decoded`];
  if (info.dataUri) parts.push('data: URI');
  if (info.lineBreak) parts.push('MIME line breaks');
  return parts.join(', ');
}
