import {
  definitionReport,
  forEachState,
  jsonPathKeepsResult,
  WHOLE_RESULT,
  type StateVisit,
} from '../src/definitions/index.js';
import { isObject } from '../src/pointer.js';
import { unboundedIntegration, type UnboundedIntegration } from '../src/definitions/integrations.js';
import { hasDistributedMap, listIteratedLater } from '../src/definitions/list-flow.js';
import { STEP_FUNCTIONS_PAYLOAD_BYTES } from '../src/limits.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';
import { formatBytes } from '../src/text.js';

const WHOLE_INPUT_PATHS = new Set(['$']);
const EXECUTION_INPUT_PATHS = new Set(['$$.Execution.Input']);
const WHOLE_INPUT_EXPR = /^\{%\s*\$states\.input\s*%\}$/;
const EXECUTION_INPUT_EXPR = /^\{%\s*\$states\.context\.Execution\.Input\s*%\}$/;

/** Where a state keeps its task result whole: 'output', 'variable', or undefined when narrowed or dropped. */
function keptWhole(v: StateVisit): string | undefined {
  const s = v.state;
  if (v.queryLanguage === 'JSONata') {
    if (s.Output === undefined || WHOLE_RESULT.test(JSON.stringify(s.Output))) return 'its output';
    if (s.Assign !== undefined && WHOLE_RESULT.test(JSON.stringify(s.Assign))) return 'a variable';
    return undefined;
  }
  return jsonPathKeepsResult(s) ? 'its output' : undefined;
}

/** Whether the task's arguments carry one of `names` (case and `_` aside), or `names.$`. */
function hasField(args: unknown, names: readonly string[]): boolean {
  if (!isObject(args)) return false;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return Object.keys(args).some((k) => wanted.has(k.replace(/\.\$$/, '').replace(/_/g, '').toLowerCase()));
}

/**
 * Where a task whose result grows only when it is a list (lambda:invoke) keeps a list that a later
 * Distributed Map iterates, and which Map; undefined when the definition shows no such list or the call is paged.
 */
function listKept(
  def: { value: unknown },
  v: StateVisit,
  entry: UnboundedIntegration,
  valueAt: readonly string[],
  args: unknown,
): { where: string; grows: string } | undefined {
  const paged = entry.onlyListed?.pagedBy ?? [];
  if (isObject(args) && (hasField(args.Payload, paged) || hasField(args, paged))) return undefined;
  const found = listIteratedLater(def.value, v, valueAt, paged);
  return (
    found && { where: found.where, grows: `${entry.grows}, a list that Distributed Map \`${found.map}\` iterates` }
  );
}

/** Values in a payload template that are the whole state input or the whole execution input. */
function wholeCopies(template: unknown, lang: StateVisit['queryLanguage']): { input: number; execution: number } {
  const out = { input: 0, execution: 0 };
  // Only strings that are object members count, so of an array only its containers are walked:
  // a template may hold a literal list of 100,000 numbers (and a spread of it into push() would
  // pass the engine's argument limit).
  const stack: unknown[] = [template];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (isObject(node)) {
      for (const k in node) {
        if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
        const x = node[k];
        if (typeof x === 'string') {
          if (lang === 'JSONPath' && k.endsWith('.$')) {
            if (WHOLE_INPUT_PATHS.has(x.trim())) out.input++;
            if (EXECUTION_INPUT_PATHS.has(x.trim())) out.execution++;
          } else if (lang === 'JSONata') {
            if (WHOLE_INPUT_EXPR.test(x.trim())) out.input++;
            if (EXECUTION_INPUT_EXPR.test(x.trim())) out.execution++;
          }
        } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return out;
}

export default defineRule({
  id: 'sfn-unbounded-result',
  description:
    'Step Functions tasks whose result grows with data at run time and is kept whole, and templates that copy the input twice',
  severity: 'warn',
  messages: {
    keptWhole:
      'Task `{{state}}` keeps the whole result of {{action}} ({{grows}}) in {{where}}: its size depends on the data at run time, and past {{limit}} the state fails with States.DataLimitExceeded. {{bound}}',
    inputTwice:
      'State `{{state}}` puts the whole state input and the whole execution input into its {{field}} ({{copies}} copies), so its data can be {{copies}} times the input and an input of {{share}} of the limit fails it. Pass only the fields the task needs.',
  },
  ...NO_OPTIONS,
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    const limit = formatBytes(STEP_FUNCTIONS_PAYLOAD_BYTES);
    for (const def of ctx.definitions()) {
      // A list kept whole matters only where a Distributed Map may iterate it later.
      let distributed: boolean | undefined;
      forEachState(def.value, (v) => {
        const { name, state, segments } = v;
        const field =
          v.queryLanguage === 'JSONata' ? 'Arguments' : state.Type === 'Map' ? 'ItemSelector' : 'Parameters';
        const args = state[field] ?? (state.Type === 'Map' ? state.Parameters : undefined);
        if (state.Type === 'Task') {
          const found = unboundedIntegration(state.Resource);
          const listed =
            found?.entry.onlyListed && (distributed ??= hasDistributedMap(def.value))
              ? listKept(def, v, found.entry, found.valueAt ?? [], args)
              : undefined;
          const where = found && (found.entry.onlyListed ? listed?.where : keptWhole(v));
          const bounded = found && isObject(args) && found.entry.knobs.some((k) => k in args || `${k}.$` in args);
          if (found && where && !bounded) {
            const keep = v.queryLanguage === 'JSONata' ? 'Output: "{% $states.result.<field> %}"' : 'ResultSelector';
            const knobs = found.entry.knobs.length
              ? `Set ${found.entry.knobs.map((k) => `\`${k}\``).join(' or ')}, or keep`
              : 'Keep';
            const advice = found.entry.advice ? `; ${found.entry.advice}` : '';
            const drop =
              v.queryLanguage === 'JSONata'
                ? 'leave `$states.result` out of Output and Assign'
                : 'set ResultPath to null';
            ctx.report({
              messageId: 'keptWhole',
              ...definitionReport(def, [...segments, 'Resource']),
              data: {
                state: name,
                action: found.action,
                grows: listed?.grows ?? found.entry.grows,
                where,
                limit,
                bound: `${knobs} only what the next states need (${keep}), or ${drop}${advice}.`,
              },
            });
          }
        }
        if (isObject(args)) {
          const copies = wholeCopies(args, v.queryLanguage);
          if (copies.input > 0 && copies.execution > 0) {
            const total = copies.input + copies.execution;
            ctx.report({
              messageId: 'inputTwice',
              ...definitionReport(def, [...segments, field in state ? field : 'Parameters']),
              data: {
                state: name,
                field: field in state ? field : 'Parameters',
                copies: String(total),
                share: `1/${total}`,
              },
            });
          }
        }
      });
    }
  },
});
