// A Map state's iterations: the items (ItemsPath or JSONata Items), each shaped by ItemSelector
// with `$$.Map.Item`, grouped by ItemBatcher, run through the ItemProcessor, and what ResultWriter
// gives back to the state (map-io.ts holds the batching and writer shapes).
import { isObject } from '../pointer.js';
import { SimulationError } from './bounds.js';
import type { Frame, Obj, Runner, StateCall } from './context.js';
import { textOf } from '../text.js';
import { readPath } from './jsonpath.js';
import { batchBounds, batchItems, writerResult } from './map-io.js';
import { template } from './state-jsonpath.js';

/** The Map's result given its shaped input (`Arguments`, or the effective input under JSONPath). */
export async function runMap(run: Runner, call: StateCall, input: unknown): Promise<unknown> {
  const { label, name, state, frame, lang } = call;
  const states: Obj = { input, context: run.contextFor(frame, name) };
  let items: unknown;
  if (lang === 'JSONata') items = state.Items !== undefined ? await run.evaluateAll(state.Items, states) : input;
  else items = state.ItemsPath !== undefined ? readPath(textOf(state.ItemsPath), run.roots(input, frame, name)) : input;
  if (state.ItemReader !== undefined)
    run.note(`${label}: ItemReader reads items from S3; the sample's items are used instead`);
  if (!Array.isArray(items)) {
    run.note(`${label}: the items are not an array in the sample (States.Runtime); no iterations run`);
    return [];
  }
  const processor = isObject(state.ItemProcessor)
    ? state.ItemProcessor
    : isObject(state.Iterator)
      ? state.Iterator
      : undefined;
  if (!processor) throw new SimulationError(`Map \`${name}\` has no ItemProcessor`);
  const itemFrame = (index: number): Frame => ({
    prefix: `${label}/`,
    map: { index, value: items[index] },
    depth: frame.depth + 1,
  });
  const selector = state.ItemSelector ?? state.Parameters;
  // ItemSelector shapes each item; ItemBatcher then groups the shaped items into batches.
  let inputs: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    if (!run.budgetLeft()) break;
    let item: unknown = items[index];
    if (selector !== undefined) {
      const context = run.contextFor(itemFrame(index), name);
      item =
        lang === 'JSONata'
          ? await run.evaluateAll(selector, { input, context })
          : template(run, selector, { input, context, variables: run.variables }, `${label} ItemSelector`);
    }
    inputs.push(item);
  }
  const roots = run.roots(input, frame, name);
  if (isObject(state.ItemBatcher)) {
    const batcher = state.ItemBatcher;
    const batchInput =
      batcher.BatchInput === undefined
        ? undefined
        : lang === 'JSONata'
          ? await run.evaluateAll(batcher.BatchInput, states)
          : template(run, batcher.BatchInput, roots, `${label} BatchInput`);
    inputs = batchItems(
      inputs,
      batchBounds(batcher, (p) => readPath(p, roots)),
      batchInput,
    );
    run.note(
      `${label}: ItemBatcher makes ${inputs.length} batch${inputs.length === 1 ? '' : 'es'}; each child execution gets { BatchInput, Items }`,
    );
  }
  const out: unknown[] = [];
  for (let index = 0; index < inputs.length; index++) {
    if (!run.budgetLeft()) break;
    out.push(await run.machine(processor, inputs[index], itemFrame(index), lang));
  }
  if (!isObject(state.ResultWriter)) return out;
  const writer = state.ResultWriter;
  const args = isObject(writer.Arguments) ? writer.Arguments : isObject(writer.Parameters) ? writer.Parameters : {};
  const literal = (k: string) =>
    typeof args[`${k}.$`] === 'string' ? readPath(String(args[`${k}.$`]), roots) : args[k];
  const written = writerResult(out, writer, inputs, literal('Bucket'), literal('Prefix'));
  if (!Array.isArray(written))
    run.note(`${label}: ResultWriter exports the results to S3; the state gets only where they are`);
  return written;
}
