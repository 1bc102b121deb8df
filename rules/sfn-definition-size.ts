import { STEP_FUNCTIONS_DEFINITION_BYTES } from '../src/limits.js';
import { definitionReport, limitLabel, maxBytesOption } from '../src/definitions/index.js';
import { defineRule } from '../src/rule.js';
import { formatBytes, formatInt } from '../src/text.js';

export default defineRule({
  id: 'sfn-definition-size',
  description: 'A Step Functions definition must fit the 1 MB definition quota',
  severity: 'error',
  messages: {
    tooLarge:
      'The definition of `{{name}}` is {{size}} ({{bytes}} bytes) as Step Functions receives it, over the {{limit}}{{rejects}} Move literal data to S3, or split the work into nested state machines.',
    tooLargeLowerBound:
      'The definition of `{{name}}` is at least {{size}} ({{bytes}} bytes, counting only the literal parts known before deployment), over the {{limit}}{{rejects}} Move literal data to S3, or split the work into nested state machines.',
  },
  ...maxBytesOption(STEP_FUNCTIONS_DEFINITION_BYTES),
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    const limit = ctx.options.maxBytes;
    for (const def of ctx.definitions()) {
      if (def.bytes <= limit) continue;
      // An ASL file is reported at its StartAt (line 1 of a large file says little); embedded ones at their property.
      const at = def.form === 'document' ? ['StartAt'] : [];
      ctx.report({
        messageId: def.lowerBound ? 'tooLargeLowerBound' : 'tooLarge',
        ...definitionReport(def, at),
        ...(def.form === 'document' ? {} : { at: def.holder, range: undefined, path: def.path([]) }),
        bytes: def.bytes,
        limitBytes: limit,
        data: {
          name: def.name,
          size: formatBytes(def.bytes),
          bytes: formatInt(def.bytes),
          limit: limitLabel(limit, STEP_FUNCTIONS_DEFINITION_BYTES, '1 MB definition quota'),
          rejects: limit === STEP_FUNCTIONS_DEFINITION_BYTES ? '; CreateStateMachine rejects it.' : '.',
        },
      });
    }
  },
});
