import {
  definitionReport,
  forEachState,
  limitLabel,
  lowerBoundNote,
  maxBytesOption,
} from '../src/definitions/index.js';
import { isObject } from '../src/pointer.js';
import { STEP_FUNCTIONS_VARIABLE_BYTES } from '../src/limits.js';
import { defineRule } from '../src/rule.js';
import { formatBytes, formatInt, compactJsonBytes } from '../src/text.js';

export default defineRule({
  id: 'sfn-variable-size',
  description: 'One Step Functions variable, and one Assign block, must fit 256 KiB',
  severity: 'error',
  messages: {
    variableTooLarge:
      'Variable `{{name}}` assigned in state `{{state}}` is {{size}} ({{bytes}} bytes) as written, over the {{limit}} for one variable{{bound}}. Assign an S3 key instead of the data.',
    assignTooLarge:
      'The Assign block of state `{{state}}` is {{size}} ({{bytes}} bytes) as written, over the {{limit}} for one Assign block{{bound}}. Assign S3 keys instead of data, or split the variables across states.',
  },
  ...maxBytesOption(STEP_FUNCTIONS_VARIABLE_BYTES),
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    const limit = ctx.options.maxBytes;
    const label = limitLabel(limit, STEP_FUNCTIONS_VARIABLE_BYTES, '256 KiB limit');
    for (const def of ctx.definitions()) {
      // No Assign block inside can be larger than the bound: nothing to write out and measure.
      if (def.valueBytesAtMost() <= limit) continue;
      forEachState(def.value, ({ name, state, segments }) => {
        // Assign sits on the state, on each Choice rule and on each Catcher.
        const blocks: string[][] = [[...segments, 'Assign']];
        for (const list of ['Choices', 'Catch']) {
          const items = state[list];
          if (Array.isArray(items))
            items.forEach(
              (c, i) => isObject(c) && 'Assign' in c && blocks.push([...segments, list, String(i), 'Assign']),
            );
        }
        for (const at of blocks) {
          const assign = at
            .slice(segments.length)
            .reduce<unknown>(
              (n, s) => (isObject(n) || Array.isArray(n) ? (n as Record<string, unknown>)[s] : undefined),
              state,
            );
          if (!isObject(assign)) continue;
          const bound = lowerBoundNote(def, assign);
          const total = compactJsonBytes(assign);
          if (total > limit) {
            ctx.report({
              messageId: 'assignTooLarge',
              ...definitionReport(def, at),
              bytes: total,
              limitBytes: limit,
              data: { state: name, size: formatBytes(total), bytes: formatInt(total), limit: label, bound },
            });
          }
          for (const key of Object.keys(assign)) {
            const bytes = compactJsonBytes(assign[key]);
            if (bytes <= limit) continue;
            ctx.report({
              messageId: 'variableTooLarge',
              ...definitionReport(def, [...at, key]),
              bytes,
              limitBytes: limit,
              data: {
                name: key.replace(/\.\$$/, ''),
                state: name,
                size: formatBytes(bytes),
                bytes: formatInt(bytes),
                limit: label,
                bound,
              },
            });
          }
        }
      });
    }
  },
});
