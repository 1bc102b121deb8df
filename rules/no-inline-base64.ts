import { findBase64Fields, type ContractShape } from '../src/base64/fields.js';
import { definitionReport } from '../src/definitions/index.js';
import { parseJson } from '../src/parse/json.js';
import { defineRule } from '../src/rule.js';
import { describeContent } from '../src/base64/describe.js';
import { jsonPathIn } from '../src/pointer.js';
import { formatBytes, formatPercent } from '../src/text.js';
import { fileRefFix } from '../src/fix/rewrites.js';

// Why a contract field cannot simply become a reference: the event's consumer decodes it itself.
const CONTRACT_ADVICE: Record<ContractShape, string> = {
  'api-gateway-body':
    'it is an API Gateway `body` with `isBase64Encoded`, which the function decodes itself: test with a smaller body, or have the client upload to S3 and send the key',
  'sqs-body':
    'it is an SQS message `body`, which the queue delivers as written: keep messages small and put large objects in S3 with the key in the message',
  'kinesis-data':
    'it is a Kinesis record’s `data`: keep records small and put large objects in S3 with the key in the record',
  'firehose-data':
    'it is a Firehose record’s `data`: keep records small and put large objects in S3 with the key in the record',
  'cloudwatch-logs-data': 'it is CloudWatch Logs `awslogs.data` (gzip): use a smaller log batch in the test event',
  'kafka-value':
    'it is a Kafka record `value`: keep records small and put large objects in S3 with the key in the record',
  'mq-data':
    'it is an Amazon MQ message’s `data`, which Lambda delivers base64-encoded as the broker holds it: keep messages small and put large objects in S3 with the key in the message',
  'kinesis-put-data':
    'it is the `Data` of a Kinesis PutRecord(s) entry, the record every consumer reads: keep records small and put large objects in S3 with the key in the record',
};

export default defineRule({
  id: 'no-inline-base64',
  description: 'Base64 blobs (images, PDFs, gzip, data URIs) inline in a payload or definition belong in S3',
  severity: 'error',
  fixable: 'unsafe',
  messages: {
    overLimit:
      '`{{path}}` is {{encoded}} of base64 ({{content}}) and the payload is {{total}}, over the {{limit}} {{target}} limit; this field is {{share}} of the budget. Move it to S3 and pass a reference (`fileRef`), or move the payload with `payloadS3`.',
    inline:
      '`{{path}}` is {{encoded}} of base64 ({{content}}), {{share}} of the {{limit}} {{target}} budget. Move it to S3 and pass a reference (`fileRef`) before it grows past the limit.',
    contract:
      '`{{path}}` is {{encoded}} of base64 ({{content}}), {{share}} of the {{limit}} {{target}} budget; `--fix` does not rewrite it because {{advice}}.',
    inJsonText:
      '`{{path}}` is JSON text whose `{{inner}}` is {{encoded}} of base64 ({{content}}), {{share}} of the {{limit}} {{target}} budget. Put the file in S3 and send its key in the JSON instead.',
    inDefinition:
      '`{{path}}` is {{encoded}} of base64 ({{content}}) written into the definition, {{share}} of the {{limit}} {{target}} state limit wherever it flows. Keep the file in S3 and pass its key instead.',
    contractInDefinition:
      '`{{path}}` is {{encoded}} of base64 ({{content}}) written into the definition, {{share}} of the {{limit}} {{target}} state limit wherever it flows; `--fix` does not rewrite it because {{advice}}.',
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: { minBytes: { type: 'integer', minimum: 16 } },
  },
  defaultOptions: { minBytes: 4096 },
  appliesTo: ['payload', 'power-tuning', 'state-machine', 'template', 'serverless', 'other'],
  check(ctx) {
    const limit = ctx.target.limitBytes;
    const isPayload = ctx.kind === 'payload' || ctx.kind === 'power-tuning';
    const isDefinition = ctx.kind === 'state-machine' || ctx.kind === 'template' || ctx.kind === 'serverless';
    const over = isPayload && ctx.document.fileBytes > limit;
    // Rewrites need a destination; without a bucket nothing is hashed or decoded for a fix.
    const target = isPayload || isDefinition ? ctx.fixTarget : undefined;
    // In a template, only a field inside a definition (Definition object, ASL file) is rewritten.
    const definitionHolders = isDefinition
      ? ctx
          .definitions()
          .filter((d) => d.form === 'document' || d.form === 'object')
          .map((d) => d.holder)
      : [];
    const fixable = (segments: readonly string[]) =>
      isPayload || definitionHolders.some((h) => h.every((s, i) => segments[i] === s));
    for (const field of ctx.base64Fields(ctx.options.minBytes)) {
      if (field.bytes < ctx.options.minBytes) continue;
      const data = {
        path: jsonPathIn(ctx.document.value, field.segments),
        encoded: formatBytes(field.bytes),
        content: describeContent(field.info),
        total: formatBytes(ctx.document.fileBytes),
        limit: formatBytes(limit),
        target: ctx.target.label,
        share: formatPercent(field.bytes / limit),
        advice: field.contract ? CONTRACT_ADVICE[field.contract] : '',
      };
      const messageId = isDefinition
        ? field.contract
          ? 'contractInDefinition'
          : 'inDefinition'
        : field.contract
          ? 'contract'
          : over
            ? 'overLimit'
            : 'inline';
      ctx.report({
        messageId,
        data,
        at: field.segments,
        bytes: field.bytes,
        limitBytes: limit,
        severity: over || field.bytes > limit ? undefined : 'warn',
        fix: target && !field.contract && fixable(field.segments) ? fileRefFix(ctx.document, field, target) : undefined,
      });
    }
    // JSON inside a string (an API Gateway `body`, an SQS message, a stringified event): its base64
    // fields are reported at their own text inside the string. No rewrite: that would change the
    // text a consumer parses.
    if (!isDefinition) {
      for (const embedded of ctx.embeddedJson(ctx.options.minBytes)) {
        const parsed = parseJson(embedded.value, { comments: false });
        if (!parsed.ok) continue;
        for (const field of findBase64Fields(parsed.value, ctx.options.minBytes)) {
          if (field.bytes < ctx.options.minBytes) continue;
          const range = parsed.locate(field.segments)?.value;
          ctx.report({
            messageId: 'inJsonText',
            data: {
              path: jsonPathIn(ctx.document.value, embedded.segments),
              inner: jsonPathIn(parsed.value, field.segments),
              encoded: formatBytes(field.bytes),
              content: describeContent(field.info),
              limit: formatBytes(limit),
              target: ctx.target.label,
              share: formatPercent(field.bytes / limit),
            },
            at: embedded.segments,
            inString: range ? { start: range.start, end: range.end } : undefined,
            bytes: field.bytes,
            limitBytes: limit,
            severity: over || field.bytes > limit ? undefined : 'warn',
          });
        }
      }
    }
    // A DefinitionString is JSON inside a string: its base64 fields are found in the parsed
    // definition and reported at their inner path and their own text.
    if (isDefinition) {
      for (const def of ctx.definitions()) {
        if (def.form === 'document' || def.form === 'object') continue;
        for (const field of findBase64Fields(def.value, ctx.options.minBytes)) {
          if (field.bytes < ctx.options.minBytes) continue;
          const where = definitionReport(def, field.segments);
          const data = {
            path: where.path,
            encoded: formatBytes(field.bytes),
            content: describeContent(field.info),
            limit: formatBytes(limit),
            target: ctx.target.label,
            share: formatPercent(field.bytes / limit),
            advice: field.contract ? CONTRACT_ADVICE[field.contract] : '',
          };
          ctx.report({
            messageId: field.contract ? 'contractInDefinition' : 'inDefinition',
            data,
            ...where,
            bytes: field.bytes,
            limitBytes: limit,
            severity: field.bytes > limit ? undefined : 'warn',
          });
        }
      }
    }
  },
});
