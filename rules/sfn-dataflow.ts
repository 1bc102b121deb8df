import {
  definitionReport,
  forEachState,
  jsonPathKeepsResult,
  WHOLE_RESULT,
  type StateVisit,
} from '../src/definitions/index.js';
import { isObject } from '../src/pointer.js';
import { STEP_FUNCTIONS_INTRINSIC_CHARS, STEP_FUNCTIONS_PAYLOAD_BYTES } from '../src/limits.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';
import { formatBytes, formatInt, compactJsonBytes } from '../src/text.js';

// Field names that say a value is content (for Base64Encode arguments: an encoded value is text).
const CONTENT_FIELDS = /(base64|b64|body|content|data|file|document|html|image|payload|blob|bytes|text)$/i;
const WHOLE = /^(\$|\$\$\.Execution\.Input|\$\.Payload|\$states\.(input|result)|\$states\.result\.Payload)$/;
const DATA_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output', 'Assign'];
const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;
const LAMBDA_FUNCTION = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:/;

function isLambdaTask(state: Record<string, unknown>): boolean {
  return (
    state.Type === 'Task' &&
    typeof state.Resource === 'string' &&
    (LAMBDA_INVOKE.test(state.Resource) || LAMBDA_FUNCTION.test(state.Resource))
  );
}

/** Does the state keep its task result whole in its output? */
function keepsWholeResult(v: StateVisit): boolean {
  const s = v.state;
  if (v.queryLanguage === 'JSONata')
    return s.Output === undefined || (typeof s.Output === 'string' && WHOLE_RESULT.test(s.Output));
  return jsonPathKeepsResult(s);
}

/**
 * Why a Lambda task's result is known to carry binary data, or undefined. A state's name, Comment
 * or function name is no evidence (`Update Customer Profile`, `Copy input file` return status
 * strings); a later Base64Decode of the stored result is: the definition itself says the result
 * holds encoded bytes.
 */
function binaryReason(v: StateVisit, siblings: Record<string, unknown>): string | undefined {
  const s = v.state;
  const next = typeof s.Next === 'string' && isObject(siblings[s.Next]) ? s.Next : undefined;
  if (v.queryLanguage === 'JSONata') {
    // The whole result reaches the next state as (part of) `$states.input`.
    const decoded = next ? decodedArguments(siblings[next]).find((a) => /^\$states\.input(?![\w])/.test(a)) : undefined;
    return decoded ? `state \`${next}\` decodes \`${decoded}\` from base64` : undefined;
  }
  const stored = typeof s.ResultPath === 'string' && s.ResultPath !== '$' ? s.ResultPath : undefined;
  if (stored) {
    // A stored result keeps its place in the state data: any later state may decode it.
    for (const [name, other] of Object.entries(siblings)) {
      if (name === v.name) continue;
      const decoded = decodedArguments(other).find(
        (a) => a.startsWith(stored) && /^$|^[.[]/.test(a.slice(stored.length)),
      );
      if (decoded) return `state \`${name}\` decodes \`${decoded}\` from base64`;
    }
    return undefined;
  }
  // The result replaces the state data: only the next state reads it as it was returned.
  const decoded = next ? decodedArguments(siblings[next]).find((a) => a.startsWith('$')) : undefined;
  return decoded ? `state \`${next}\` decodes \`${decoded}\` from base64` : undefined;
}

/** The arguments of every States.Base64Decode / $base64decode call in a state's data-flow fields. */
function decodedArguments(state: unknown): string[] {
  const out: string[] = [];
  if (!isObject(state)) return out;
  for (const field of DATA_FIELDS) {
    for (const { s } of strings(state[field], [field])) {
      const re = /States\.Base64Decode\s*\(|\$base64decode\s*\(/g;
      for (let m = re.exec(s); m; m = re.exec(s)) out.push(callArgument(s, m.index + m[0].length - 1).text);
    }
  }
  return out;
}

/** The `States` object a visited state belongs to. */
function siblingStates(definition: unknown, segments: readonly string[]): Record<string, unknown> {
  let node: unknown = definition;
  for (const seg of segments.slice(0, -1))
    node = isObject(node) ? node[seg] : Array.isArray(node) ? node[Number(seg)] : undefined;
  return isObject(node) ? node : {};
}

/** Every string of a value with its segments (data-flow fields are small: recursion is fine). */
function strings(v: unknown, at: string[], out: { at: string[]; s: string }[] = []) {
  if (typeof v === 'string') out.push({ at, s: v });
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, [...at, String(i)], out));
  else if (isObject(v)) for (const k of Object.keys(v)) strings(v[k], [...at, k], out);
  return out;
}

/** The argument text of a call starting at `open` (index of its parenthesis). */
function callArgument(s: string, open: number): { text: string; end: number } {
  let depth = 0;
  let quote = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === "'" || c === '"') quote = false;
    } else if (c === "'" || c === '"') quote = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { text: s.slice(open + 1, i).trim(), end: i + 1 };
  }
  return { text: s.slice(open + 1).trim(), end: s.length };
}

function encodeReason(arg: string): string | undefined {
  const inner = /^(States\.JsonToString|\$string)\((.*)\)$/s.exec(arg);
  const target = (inner ? inner[2] : arg).trim();
  if (/^'.*'$|^".*"$/s.test(target)) {
    return target.length - 2 > STEP_FUNCTIONS_INTRINSIC_CHARS
      ? `its literal argument is ${formatInt(target.length - 2)} characters`
      : undefined;
  }
  if (WHOLE.test(target)) return `\`${target}\` is a whole input or result, whose size the definition does not bound`;
  if (inner && /^\$/.test(target)) return `it encodes the JSON text of \`${target}\`, an object of unbounded size`;
  const last = /[.[]'?([A-Za-z0-9_]+)'?\]?$/.exec(target);
  if (last && CONTENT_FIELDS.test(last[1])) return `\`${target}\` is named like content, not like a short value`;
  return undefined;
}

export default defineRule({
  id: 'sfn-dataflow',
  description:
    'Step Functions data-flow smells: whole binary Lambda results, unbounded Base64Encode, Map outputs that add up',
  severity: 'warn',
  messages: {
    wholeBinaryResult:
      'Task `{{state}}` merges the whole Lambda response into the state data while its result is known to carry binary data ({{reason}}); one large file makes the next state fail with States.DataLimitExceeded. Keep only the fields you need ({{keep}}) and pass file content through S3.',
    base64Encode:
      '`{{call}}` in state `{{state}}` can pass the {{chars}}-character limit of intrinsic function input: {{reason}}. Encode in a Lambda function and keep the result in S3, or encode only a bounded field.',
    mapCollects:
      'Map `{{state}}` collects one output per item into a single array that can pass the {{limit}} state limit: {{reason}}. Select a few fields per item (ResultSelector / Output), set ResultPath to null, or write results to S3 with a ResultWriter that names a bucket.',
  },
  ...NO_OPTIONS,
  appliesTo: ['state-machine', 'template', 'serverless'],
  check(ctx) {
    for (const def of ctx.definitions()) {
      forEachState(def.value, (v) => {
        const { name, state, segments } = v;
        if (isLambdaTask(state) && keepsWholeResult(v)) {
          const reason = binaryReason(v, siblingStates(def.value, segments));
          if (reason) {
            const keep =
              v.queryLanguage === 'JSONata'
                ? 'Output: "{% $states.result.Payload.key %}"'
                : 'ResultSelector: {"key.$": "$.Payload.key"}';
            ctx.report({
              messageId: 'wholeBinaryResult',
              ...definitionReport(def, [...segments, 'Resource']),
              data: { state: name, reason, keep },
            });
          }
        }
        for (const field of DATA_FIELDS) {
          for (const { at, s } of strings(state[field], [field])) {
            const re = /States\.Base64Encode\s*\(|\$base64encode\s*\(/g;
            for (let m = re.exec(s); m; m = re.exec(s)) {
              const arg = callArgument(s, m.index + m[0].length - 1);
              const reason = encodeReason(arg.text);
              if (!reason) continue;
              const call = s.slice(m.index, Math.min(arg.end, m.index + 60)) + (arg.end > m.index + 60 ? '…' : '');
              ctx.report({
                messageId: 'base64Encode',
                ...definitionReport(def, [...segments, ...at], { start: m.index, end: arg.end }),
                data: { call, state: name, chars: formatInt(STEP_FUNCTIONS_INTRINSIC_CHARS), reason },
              });
            }
          }
        }
        if (state.Type === 'Map') {
          const reason = mapReason(v);
          if (reason)
            ctx.report({
              messageId: 'mapCollects',
              ...definitionReport(def, [...segments, 'Type']),
              data: { state: name, reason, limit: formatBytes(STEP_FUNCTIONS_PAYLOAD_BYTES) },
            });
        }
      });
    }
  },
});

/** Does the Map keep its collected array in its output? */
function mapKeepsResult(v: StateVisit): boolean {
  const s = v.state;
  if (v.queryLanguage === 'JSONata')
    return s.Output === undefined || (typeof s.Output === 'string' && WHOLE_RESULT.test(s.Output));
  if (s.ResultSelector !== undefined || s.ResultPath === null || s.OutputPath === null) return false;
  if (s.OutputPath === undefined || s.OutputPath === '$') return true;
  // OutputPath keeps the array only when it selects the place ResultPath put it, or a parent of it.
  if (typeof s.ResultPath !== 'string' || s.ResultPath === '$' || typeof s.OutputPath !== 'string') return false;
  return (
    s.ResultPath === s.OutputPath ||
    (s.ResultPath.startsWith(s.OutputPath) && /^[.[]/.test(s.ResultPath.slice(s.OutputPath.length)))
  );
}

/** A ResultWriter exports the results only when it names where to (a Resource and a bucket). */
function exportsResults(writer: unknown): boolean {
  if (!isObject(writer) || typeof writer.Resource !== 'string') return false;
  const args = writer.Parameters ?? writer.Arguments;
  return isObject(args) ? 'Bucket' in args || 'Bucket.$' in args : typeof args === 'string';
}

function mapReason(v: StateVisit): string | undefined {
  const s = v.state;
  if (exportsResults(s.ResultWriter) || !mapKeepsResult(v)) return undefined;
  const noExport =
    s.ResultWriter === undefined
      ? 'no ResultWriter sends the results to S3'
      : 'its ResultWriter names no bucket (a WriterConfig alone exports nothing), so the results come back into the state data';
  if (s.ItemReader !== undefined) {
    // A MaxItems bound is the author's bound on the item count: without a per-item size to
    // multiply it by, the rule cannot say the array passes the limit.
    const config = isObject(s.ItemReader) && isObject(s.ItemReader.ReaderConfig) ? s.ItemReader.ReaderConfig : {};
    if (config.MaxItems !== undefined || config.MaxItemsPath !== undefined) return undefined;
    return `its items are read from S3 with no ReaderConfig.MaxItems bounding their number and ${noExport}`;
  }
  const processor = isObject(s.ItemProcessor) ? s.ItemProcessor : isObject(s.Iterator) ? s.Iterator : undefined;
  const states = processor && isObject(processor.States) ? processor.States : {};
  const lang =
    processor?.QueryLanguage === 'JSONata' || (v.queryLanguage === 'JSONata' && processor?.QueryLanguage !== 'JSONPath')
      ? 'JSONata'
      : 'JSONPath';
  const selector = s.ItemSelector ?? s.Parameters;
  const copiesWholeInput =
    isObject(selector) &&
    Object.entries(selector).some(([k, x]) => k.endsWith('.$') && typeof x === 'string' && WHOLE.test(x));
  for (const [name, inner] of Object.entries(states)) {
    if (!isObject(inner) || inner.End !== true || inner.Type !== 'Task') continue;
    const q = inner.QueryLanguage === 'JSONata' ? 'JSONata' : inner.QueryLanguage === 'JSONPath' ? 'JSONPath' : lang;
    const visit = { name, state: inner, segments: [], queryLanguage: q } as StateVisit;
    if (!keepsWholeResult(visit)) continue;
    // A task whose output is just a small result (Power Tuning's executor) is fine; the array
    // grows dangerously when each item carries an envelope, file content, or the whole input.
    const envelope = typeof inner.Resource === 'string' && LAMBDA_INVOKE.test(inner.Resource) && q === 'JSONPath';
    const merges = q === 'JSONPath' && typeof inner.ResultPath === 'string' && inner.ResultPath !== '$';
    const binary = binaryReason(visit, states);
    if (envelope)
      return `each item ends in task \`${name}\`, which keeps the whole Lambda response envelope (headers and metadata besides \`Payload\`), so the array grows with item count times envelope size`;
    if (binary)
      return `each item ends in task \`${name}\`, which keeps its whole result, and ${binary}, so the array grows with item count times file size`;
    if (merges && copiesWholeInput)
      return `each item receives the whole state input (ItemSelector) and task \`${name}\` adds its result to it, so the array holds one copy of the input per item`;
  }
  const items = s.Items;
  if (Array.isArray(items) && processor) {
    for (const inner of Object.values(states)) {
      if (!isObject(inner) || inner.End !== true || inner.Type !== 'Pass' || inner.Result === undefined) continue;
      const total = items.length * compactJsonBytes(inner.Result);
      if (total > STEP_FUNCTIONS_PAYLOAD_BYTES)
        return `${items.length} items each return ${formatBytes(compactJsonBytes(inner.Result))}, ${formatBytes(total)} together`;
    }
  }
  return undefined;
}
