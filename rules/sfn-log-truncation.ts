import { compactBytes, definitionReport, forEachState, isObject, limitLabel, LITERAL_FIELDS, lowerBoundNote, maxBytesOption, type EmbeddedDefinition } from '../src/definitions/index.js';
import { STEP_FUNCTIONS_LOG_DATA_BYTES } from '../src/limits.js';
import { child } from '../src/pointer.js';
import { defineRule } from '../src/rule.js';
import { formatBytes, formatInt } from '../src/text.js';

/** Where the state machine that holds `def` turns on logging with execution data, if it does. */
function executionDataLogged(root: unknown, def: EmbeddedDefinition): string | undefined {
  const [top, name] = def.holder;
  if (top === 'Resources') {
    const props = child(child(child(root, 'Resources'), name), 'Properties');
    for (const key of ['LoggingConfiguration', 'Logging']) {
      const c = child(props, key);
      if (isObject(c) && c.IncludeExecutionData === true && c.Level !== 'OFF') return `${key}.IncludeExecutionData`;
    }
  } else if (top === 'stepFunctions') {
    const c = child(child(child(child(root, 'stepFunctions'), 'stateMachines'), def.holder[2]), 'loggingConfig');
    if (isObject(c) && c.includeExecutionData === true && c.level !== 'OFF') return 'loggingConfig.includeExecutionData';
  } else if (top === 'module') {
    // The step-functions module takes `logging_configuration` as an object input.
    const c = child(child(child(root, 'module'), name), 'logging_configuration');
    if (isObject(c) && c.include_execution_data === true && c.level !== 'OFF') return 'logging_configuration.include_execution_data';
  } else if (top === 'resource') {
    // Terraform: a `logging_configuration` block (read as a list of one object, or one object).
    const raw = child(child(child(child(root, 'resource'), def.holder[1]), def.holder[2]), 'logging_configuration');
    const c = Array.isArray(raw) ? raw[0] : raw;
    if (isObject(c) && c.include_execution_data === true && c.level !== 'OFF') return 'logging_configuration.include_execution_data';
  }
  return undefined;
}

/** UTF-8 bytes of a value as the logs hold it: its JSON text escaped into a JSON string. */
function escapedBytes(v: unknown): number {
  return compactBytes(JSON.stringify(v)) - 2;
}

export default defineRule({
  id: 'sfn-log-truncation',
  description: 'Literal state data that Step Functions logs truncate (over 248 KB escaped) where execution data is logged',
  severity: 'warn',
  messages: {
    truncated:
      '`{{path}}` in state `{{state}}` is {{size}} ({{bytes}} bytes) once escaped for the logs{{bound}}, over the {{limit}}, and {{setting}} is on: its logged data is truncated. Keep the data in S3 and pass its key, or log without execution data.',
  },
  ...maxBytesOption(STEP_FUNCTIONS_LOG_DATA_BYTES),
  appliesTo: ['template', 'serverless'],
  check(ctx) {
    const limit = ctx.options.maxBytes;
    for (const def of ctx.definitions()) {
      const setting = executionDataLogged(ctx.document.value, def);
      if (!setting) continue;
      forEachState(def.value, ({ name, state, segments }) => {
        for (const field of LITERAL_FIELDS) {
          if (!(field in state)) continue;
          const bytes = escapedBytes(state[field]);
          if (bytes <= limit) continue;
          const target = definitionReport(def, [...segments, field]);
          ctx.report({
            messageId: 'truncated',
            ...target,
            bytes,
            limitBytes: limit,
            data: { path: target.path, state: name, size: formatBytes(bytes), bytes: formatInt(bytes), limit: limitLabel(limit, STEP_FUNCTIONS_LOG_DATA_BYTES, `${formatBytes(STEP_FUNCTIONS_LOG_DATA_BYTES)} Step Functions logs keep`), setting, bound: lowerBoundNote(def, state[field]) },
          });
        }
      });
    }
  },
});
