// What the size rules for definitions share: a `maxBytes` option capped at the AWS quota, the
// words for the limit in messages, and the note on sizes that count only the literal parts.
import { formatBytes } from '../text.js';
import type { EmbeddedDefinition } from './find.js';
import { hasDeployTimeParts } from './states.js';

/** Rule `options` and `defaultOptions` for a budget at most `quota` bytes. */
export function maxBytesOption(quota: number) {
  return {
    options: {
      type: 'object',
      additionalProperties: false,
      properties: { maxBytes: { type: 'integer', minimum: 1, maximum: quota } },
    },
    defaultOptions: { maxBytes: quota },
  };
}

/** `quotaName` when the limit is the quota itself, else the budget the option set. */
export function limitLabel(limit: number, quota: number, quotaName: string): string {
  return limit === quota ? quotaName : `${formatBytes(limit)} budget set by maxBytes`;
}

/** Said when a size counts only what is known before deployment (a lower bound). */
export function lowerBoundNote(def: EmbeddedDefinition, value: unknown): string {
  return (def.form === 'join' ? def.lowerBound : hasDeployTimeParts(value))
    ? ' (counting only the parts known before deployment)'
    : '';
}
