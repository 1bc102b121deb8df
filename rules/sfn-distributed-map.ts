import { definitionReport, forEachState } from '../src/definitions/index.js';
import { isObject } from '../src/pointer.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../src/limits.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';
import { formatBytes, compactJsonBytes } from '../src/text.js';

// Step Functions wraps every batch as `{"BatchInput": ..., "Items": [...]}`: this is the part that
// is there before the first item.
const EMPTY_BATCH_BYTES = compactJsonBytes({ BatchInput: null, Items: [] }) - compactJsonBytes(null);

export default defineRule({
  id: 'sfn-distributed-map',
  description: 'Distributed Map batch settings that Step Functions rejects or that fail every batch',
  severity: 'error',
  messages: {
    batchBytesOverLimit:
      'Map `{{state}}` sets ItemBatcher.MaxInputBytesPerBatch to {{value}} bytes, over the {{limit}} Step Functions caps it at. Set it to {{max}} or less.',
    batchInputOverLimit:
      'Map `{{state}}` adds a literal BatchInput of {{size}} to every batch, so a batch is {{batch}} before its first item, over the {{limit}} child execution input limit{{note}}. Keep BatchInput small (pass a reference to S3 instead).',
  },
  ...NO_OPTIONS,
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    const limit = formatBytes(STEP_FUNCTIONS_PAYLOAD_BYTES);
    for (const def of ctx.definitions()) {
      forEachState(def.value, ({ name, state, segments }) => {
        if (state.Type !== 'Map' || !isObject(state.ItemBatcher)) return;
        const batcher = state.ItemBatcher;
        const at = [...segments, 'ItemBatcher'];
        const max = batcher.MaxInputBytesPerBatch;
        if (typeof max === 'number' && max > STEP_FUNCTIONS_PAYLOAD_BYTES) {
          ctx.report({
            messageId: 'batchBytesOverLimit',
            ...definitionReport(def, [...at, 'MaxInputBytesPerBatch']),
            data: {
              state: name,
              value: max.toLocaleString('en-US'),
              limit,
              max: STEP_FUNCTIONS_PAYLOAD_BYTES.toLocaleString('en-US'),
            },
          });
        }
        if (batcher.BatchInput === undefined) return;
        const inputBytes = compactJsonBytes(batcher.BatchInput);
        const batchBytes = inputBytes + EMPTY_BATCH_BYTES;
        if (batchBytes <= STEP_FUNCTIONS_PAYLOAD_BYTES) return;
        // Paths (`"x.$"`) and JSONata expressions are filled at run time: what is measured is the literal part.
        const dynamic = /"[^"]*\.\$":|\{%/.test(JSON.stringify(batcher.BatchInput));
        ctx.report({
          messageId: 'batchInputOverLimit',
          ...definitionReport(def, [...at, 'BatchInput']),
          data: {
            state: name,
            size: formatBytes(inputBytes),
            batch: formatBytes(batchBytes),
            limit,
            note: dynamic ? ' (counting only its literal parts)' : '',
          },
          bytes: batchBytes,
          limitBytes: STEP_FUNCTIONS_PAYLOAD_BYTES,
        });
      });
    }
  },
});
