import type { Base64Field } from '../src/base64/fields.js';
import { defineRule, NO_OPTIONS, topObject } from '../src/rule.js';
import { LAMBDA_SYNC_BYTES } from '../src/limits.js';
import { parseS3Uri } from '../src/fix/keys.js';
import { disablePayloadLogsFix, payloadS3Fix } from '../src/fix/rewrites.js';
import { modelBudget, powerValuesOf } from '../src/power-tuning.js';
import { formatBytes, formatInt } from '../src/text.js';

// The peak is estimated in src/power-tuning.ts from the state machine's data flow; this rule
// turns it into findings and picks the rewrite: payloadS3 when the success path does not fit,
// disablePayloadLogs when only a failed run's error cause would push a state past the limit.
export default defineRule({
  id: 'power-tuning-budget',
  description: 'A Power Tuning input must leave room for what the state machine adds to it, in every state',
  severity: 'error',
  fixable: 'safe',
  messages: {
    peakOver:
      'The input is {{input}} and fits, but the {{stateName}} would be about {{peak}} ({{peakBytes}} bytes), {{margin}} bytes over the {{limit}} {{target}} limit ({{powerValues}} power values). Move the payload to S3 (`--fix` writes payloadS3).',
    inputOver:
      'The input is already {{input}}, over the {{limit}} {{target}} limit before the state machine adds to it. Move the payload to S3 (`--fix` writes payloadS3).',
    errorPathOver:
      'The input fits on the success path, but when an invocation fails the {{stateName}} would be about {{peak}}, {{margin}} bytes over the {{limit}} {{target}} limit, so a failed run ends in States.DataLimitExceeded instead of the function’s own error. Set `disablePayloadLogs: true` (`--fix` adds it).',
    objectTooLarge:
      'The payload object behind `payloadS3` ({{key}}) is {{size}} ({{bytes}} bytes), over Lambda’s {{lambdaLimit}} synchronous invocation limit: every invocation would fail. Make the payload smaller.',
  },
  ...NO_OPTIONS,
  appliesTo: ['power-tuning'],
  check(ctx) {
    const input = topObject(ctx.document.value);
    if (!input) return;
    const target = ctx.fixTarget;
    const limit = ctx.target.limitBytes;

    let payloadS3Bytes: number | undefined;
    const s3 = typeof input.payloadS3 === 'string' ? parseS3Uri(input.payloadS3) : undefined;
    // Sizes of staged objects: during --fix, objects of this very run included.
    const staged = ctx.stagedObjects;
    if (s3 && staged) {
      payloadS3Bytes = staged.bytesOf(s3.bucket, s3.key);
      if (payloadS3Bytes !== undefined && payloadS3Bytes > LAMBDA_SYNC_BYTES) {
        ctx.report({
          messageId: 'objectTooLarge',
          data: {
            key: input.payloadS3 as string,
            size: formatBytes(payloadS3Bytes),
            bytes: formatInt(payloadS3Bytes),
            lambdaLimit: formatBytes(LAMBDA_SYNC_BYTES),
          },
          at: ['payloadS3'],
          bytes: payloadS3Bytes,
          limitBytes: LAMBDA_SYNC_BYTES,
        });
      }
    }

    const inputBytes = ctx.sizes.totalBytes;
    const model = modelBudget({
      input,
      inputBytes,
      payloadS3Bytes,
      measure: (v) => ctx.sizes.bytesOf(v),
      clean: cleanBlobs(ctx.base64Fields(4096)),
    });
    // The input as written (`file://` sends the file's bytes); the states hold compact JSON.
    const inputOver = ctx.document.fileBytes > limit;
    if (!inputOver && model.peak.bytes <= limit) return;
    const hasPayload = input.payload !== undefined && input.payloadS3 === undefined;
    const data = {
      input: formatBytes(ctx.document.fileBytes),
      limit: formatBytes(limit),
      target: ctx.target.label,
      powerValues: String(powerValuesOf(input).length),
    };
    const at = hasPayload ? ['payload'] : [];
    // An input over the limit is payload-size's finding; this rule adds one only to carry the fix.
    if (inputOver && !(target && hasPayload)) return;
    if (inputOver || model.successPeak.bytes > limit) {
      const peak = model.successPeak;
      ctx.report({
        messageId: inputOver ? 'inputOver' : 'peakOver',
        data: {
          ...data,
          stateName: peak.state,
          peak: formatBytes(peak.bytes),
          peakBytes: formatInt(peak.bytes),
          margin: formatInt(peak.bytes - limit),
        },
        at,
        bytes: peak.bytes,
        limitBytes: limit,
        fix: target && hasPayload ? payloadS3Fix(ctx.document, target) : undefined,
      });
      return;
    }
    // Only a run that fails anyway would pass the limit, with a worse message: a warning.
    const peak = model.errorPeak!;
    ctx.report({
      messageId: 'errorPathOver',
      severity: 'warn',
      data: { ...data, stateName: peak.state, peak: formatBytes(peak.bytes), margin: formatInt(peak.bytes - limit) },
      at: input.disablePayloadLogs !== undefined ? ['disablePayloadLogs'] : at,
      bytes: peak.bytes,
      limitBytes: limit,
      fix: input.disablePayloadLogs === undefined ? disablePayloadLogsFix(ctx.document) : undefined,
    });
  },
});

/** Base64 blobs on one line hold nothing JSON escapes: the budget need not scan them again. */
function cleanBlobs(fields: readonly Base64Field[]): (container: object, key: string) => boolean {
  const byContainer = new WeakMap<object, Set<string>>();
  for (const f of fields) {
    if (!f.container || f.info.lineBreak || (f.info.dataUri && /["\\]/.test(f.info.dataUri.prefix))) continue;
    let keys = byContainer.get(f.container);
    if (!keys) byContainer.set(f.container, (keys = new Set()));
    keys.add(f.segments[f.segments.length - 1]);
  }
  return (container, key) => byContainer.get(container)?.has(key) === true;
}
