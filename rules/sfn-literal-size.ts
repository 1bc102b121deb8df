import {
  definitionReport,
  forEachState,
  limitLabel,
  LITERAL_FIELDS,
  lowerBoundNote,
  maxBytesOption,
} from '../src/definitions/index.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../src/limits.js';
import { defineRule } from '../src/rule.js';
import { formatBytes, formatInt, compactJsonBytes } from '../src/text.js';

export default defineRule({
  id: 'sfn-literal-size',
  description:
    'Literal data written into a Step Functions state (Result, Parameters, Arguments, Output...) must fit the 256 KiB state limit',
  severity: 'error',
  messages: {
    tooLarge:
      '`{{path}}` is {{size}} ({{bytes}} bytes) of literal data in state `{{state}}`, over the {{limit}} by itself{{bound}}{{consequence}}. Keep the data in S3 and pass its key.',
  },
  ...maxBytesOption(STEP_FUNCTIONS_PAYLOAD_BYTES),
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    const limit = ctx.options.maxBytes;
    for (const def of ctx.definitions()) {
      // No literal inside can be larger than the bound: nothing to write out and measure.
      if (def.valueBytesAtMost() <= limit) continue;
      forEachState(def.value, ({ name, state, segments }) => {
        for (const field of LITERAL_FIELDS) {
          if (!(field in state)) continue;
          const bytes = compactJsonBytes(state[field]);
          if (bytes <= limit) continue;
          const target = definitionReport(def, [...segments, field]);
          ctx.report({
            messageId: 'tooLarge',
            ...target,
            bytes,
            limitBytes: limit,
            data: {
              path: target.path,
              size: formatBytes(bytes),
              bytes: formatInt(bytes),
              state: name,
              limit: limitLabel(limit, STEP_FUNCTIONS_PAYLOAD_BYTES, '256 KiB state limit'),
              consequence:
                limit === STEP_FUNCTIONS_PAYLOAD_BYTES
                  ? ': the state fails with States.DataLimitExceeded whatever its input'
                  : '',
              bound: lowerBoundNote(def, state[field]),
            },
          });
        }
      });
    }
  },
});
