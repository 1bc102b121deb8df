import {
  definitionReport,
  forEachState,
  limitLabel,
  LITERAL_FIELDS,
  lowerBoundNote,
  maxBytesOption,
  type EmbeddedDefinition,
} from '../src/definitions/index.js';
import { STEP_FUNCTIONS_LOG_DATA_BYTES } from '../src/limits.js';
import { child, isObject } from '../src/pointer.js';
import { defineRule } from '../src/rule.js';
import { formatBytes, formatInt, compactJsonBytes } from '../src/text.js';

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
    if (isObject(c) && c.includeExecutionData === true && c.level !== 'OFF')
      return 'loggingConfig.includeExecutionData';
  } else if (top === 'module' || top === 'resource') {
    const body =
      top === 'module'
        ? child(child(root, 'module'), name)
        : child(child(child(root, 'resource'), name), def.holder[2]);
    return terraformLogging(body);
  } else if (top === 'resource_changes') {
    return terraformLogging(child(child(child(child(root, 'resource_changes'), name), 'change'), 'after'));
  } else if (top === 'locals') {
    // `definition = local.x`: logged when a machine or module that uses the local logs.
    const ref = `\${local.${def.holder[def.holder.length - 1]}}`;
    const owners = [
      ...Object.values(objectOf(child(root, 'module'))),
      ...Object.values(objectOf(child(child(root, 'resource'), 'aws_sfn_state_machine'))),
    ];
    for (const body of owners)
      if (child(body, 'definition') === ref && terraformLogging(body)) return terraformLogging(body);
  }
  return undefined;
}

/** Terraform: a `logging_configuration` block (one object, or a list of one) or module input object. */
function terraformLogging(body: unknown): string | undefined {
  const raw = child(body, 'logging_configuration');
  const c: unknown = Array.isArray(raw) ? raw[0] : raw;
  return isObject(c) && c.include_execution_data === true && c.level !== 'OFF'
    ? 'logging_configuration.include_execution_data'
    : undefined;
}

function objectOf(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

/** UTF-8 bytes of a value as the logs hold it: its JSON text escaped into a JSON string. */
function escapedBytes(v: unknown): number {
  return compactJsonBytes(JSON.stringify(v)) - 2;
}

export default defineRule({
  id: 'sfn-log-truncation',
  description:
    'Literal state data that Step Functions logs truncate (over 248 KB escaped) where execution data is logged',
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
      // Escaping compact JSON into a string at most doubles it (a quote or backslash becomes two
      // characters; compact JSON holds no raw control character), so a small definition has
      // nothing to measure.
      if (2 * def.valueBytesAtMost() <= limit) continue;
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
            data: {
              path: target.path,
              state: name,
              size: formatBytes(bytes),
              bytes: formatInt(bytes),
              limit: limitLabel(
                limit,
                STEP_FUNCTIONS_LOG_DATA_BYTES,
                `${formatBytes(STEP_FUNCTIONS_LOG_DATA_BYTES)} Step Functions logs keep`,
              ),
              setting,
              bound: lowerBoundNote(def, state[field]),
            },
          });
        }
      });
    }
  },
});
