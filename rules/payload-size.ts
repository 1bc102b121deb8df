import { innerMessages, measuredPart } from '../src/event-parts.js';
import { defineRule } from '../src/rule.js';
import { jsonPathIn, shortJsonPath } from '../src/pointer.js';
import { formatBytes, formatInt, formatPercent } from '../src/text.js';

export default defineRule({
  id: 'payload-size',
  description: 'A payload file must fit its target’s size limit (Step Functions 256 KiB by default)',
  severity: 'error',
  messages: {
    tooLarge:
      'The payload is {{size}} ({{bytes}} bytes), {{percent}} of the {{limit}} {{target}} limit ({{reason}}); largest fields (minified): {{contributors}}. {{minified}}',
    nearLimit:
      'The payload is {{size}} ({{bytes}} bytes), {{percent}} of the {{limit}} {{target}} limit ({{reason}}; warning at {{warnAt}}); largest fields (minified): {{contributors}}. {{minified}}',
    partTooLarge:
      '{{what}} is {{size}} ({{bytes}} bytes), {{percent}} of the {{limit}} {{target}} limit ({{reason}}); largest fields (minified): {{contributors}}. {{advice}}',
    messageTooLarge:
      '`{{path}}` is {{size}} ({{bytes}} bytes), over the {{limit}} {{what}}: the service would refuse it before any function saw it. Test with a smaller message, or put the content in S3 and send its key.',
    partNearLimit:
      '{{what}} is {{size}} ({{bytes}} bytes), {{percent}} of the {{limit}} {{target}} limit ({{reason}}; warning at {{warnAt}}); largest fields (minified): {{contributors}}.',
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: { warnAt: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
  },
  defaultOptions: { warnAt: 0.8 },
  appliesTo: ['payload', 'power-tuning'],
  check(ctx) {
    // A record's message has its own service's limit, whatever the whole event's target.
    if (ctx.kind === 'payload') {
      for (const m of innerMessages(ctx.document.value, ctx.eventShape)) {
        if (m.bytes <= m.limitBytes) continue;
        const data = {
          path: jsonPathIn(ctx.document.value, m.segments),
          size: formatBytes(m.bytes),
          bytes: formatInt(m.bytes),
          limit: formatBytes(m.limitBytes),
          what: m.limit,
        };
        ctx.report({ messageId: 'messageTooLarge', at: m.segments, bytes: m.bytes, limitBytes: m.limitBytes, data });
      }
    }
    // EventBridge limits the PutEvents entry and ALB the request body, not the event JSON a test reads.
    const part = measuredPart(ctx.document.value, ctx.target);
    const bytes = part?.bytes ?? ctx.document.fileBytes;
    const limit = ctx.target.limitBytes;
    const over = bytes > limit;
    if (!over && bytes <= limit * ctx.options.warnAt) return;

    const total = ctx.sizes.totalBytes;
    // Fields under 1% only add noise to the sentence.
    const contributors = ctx.sizes
      .topContributors(3)
      .filter((n) => n.memberBytes / total >= 0.01)
      .map(
        (n) =>
          `\`${shortJsonPath(jsonPathIn(ctx.document.value, n.segments))}\` ${formatBytes(n.memberBytes)} (${formatPercent(n.memberBytes / total)})`,
      )
      .join(', ');
    let minified: string;
    // Whitespace worth mentioning: at least 1% of the file.
    if (bytes - total < bytes / 100) minified = over ? 'Move the largest fields to S3.' : '';
    else if (total <= limit)
      minified = over
        ? `Minified it is ${formatBytes(total)} and would fit: remove the whitespace, or move the largest fields to S3.`
        : `Minified it is ${formatBytes(total)}.`;
    else minified = `Minified it is still ${formatBytes(total)}: move the largest fields to S3.`;

    ctx.report({
      messageId: part ? (over ? 'partTooLarge' : 'partNearLimit') : over ? 'tooLarge' : 'nearLimit',
      severity: over ? undefined : 'warn',
      at: [],
      bytes,
      limitBytes: limit,
      data: {
        size: formatBytes(bytes),
        bytes: formatInt(bytes),
        percent: formatPercent(bytes / limit),
        limit: formatBytes(limit),
        target: ctx.target.label,
        reason: ctx.target.reason ?? 'the default target',
        what: part?.what ?? '',
        advice: part?.advice ?? '',
        warnAt: formatPercent(ctx.options.warnAt),
        contributors: contributors || spreadOut(ctx.document.value),
        minified,
      },
    });
  },
});

/** When no single field holds 1% of the payload: say what the size is spread over. */
function spreadOut(value: unknown): string {
  if (Array.isArray(value)) return `none over 1%: the size is spread over ${formatInt(value.length)} array items`;
  if (value !== null && typeof value === 'object')
    return `none over 1%: the size is spread over ${formatInt(Object.keys(value).length)} members`;
  return 'the top-level value itself';
}
