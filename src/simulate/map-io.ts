// What a Distributed Map does around its iterations: ItemBatcher groups the (selected) items into
// batches, each child execution receiving `{ "BatchInput": ..., "Items": [...] }`, and
// ResultWriter decides what comes back into the state: a small object naming the results in S3
// when it exports them, or the results themselves, transformed, when it only has a WriterConfig
// ("ResultWriter (Map)" and "ItemBatcher (Map)", Step Functions developer guide, checked 2026-12-01).
import { isObject } from '../pointer.js';
import { compactJsonBytes } from '../text.js';

type Obj = Record<string, unknown>;

/** Literal batch bounds of an ItemBatcher; `*Path` variants are read by the caller. */
export interface BatchBounds {
  maxItems?: number;
  maxBytes?: number;
}

/**
 * Items grouped as Step Functions batches them: at most `maxItems` per batch and, when
 * `maxBytes` is set, no more than fits in that many bytes of batch JSON (a single item larger
 * than the bound still goes alone, and the child execution then fails in AWS).
 */
export function batchItems(items: readonly unknown[], bounds: BatchBounds, batchInput: unknown): Obj[] {
  const out: Obj[] = [];
  const wrap = (list: unknown[]): Obj =>
    batchInput === undefined ? { Items: list } : { BatchInput: batchInput, Items: list };
  const base = compactJsonBytes(wrap([]));
  let current: unknown[] = [];
  let bytes = base;
  for (const item of items) {
    const itemBytes = compactJsonBytes(item) + (current.length ? 1 : 0);
    const full =
      (bounds.maxItems !== undefined && current.length >= bounds.maxItems) ||
      (bounds.maxBytes !== undefined && current.length > 0 && bytes + itemBytes > bounds.maxBytes);
    if (full) {
      out.push(wrap(current));
      current = [];
      bytes = base;
    }
    bytes += compactJsonBytes(item) + (current.length ? 1 : 0);
    current.push(item);
  }
  if (current.length) out.push(wrap(current));
  return out;
}

export function batchBounds(batcher: Obj, read: (path: string) => unknown): BatchBounds {
  const num = (literal: unknown, path: unknown): number | undefined => {
    const v = literal ?? (typeof path === 'string' ? read(path) : undefined);
    return typeof v === 'number' && v > 0 ? v : undefined;
  };
  return {
    maxItems: num(batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath),
    maxBytes: num(batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath),
  };
}

/** Whether a ResultWriter exports the results to S3 (it names a bucket), rather than only formatting them. */
function exportsResults(writer: Obj): boolean {
  const args = isObject(writer.Arguments)
    ? writer.Arguments
    : isObject(writer.Parameters)
      ? writer.Parameters
      : undefined;
  return typeof writer.Resource === 'string' && !!args && ('Bucket' in args || 'Bucket.$' in args);
}

/**
 * What the Map state gets back. Exported: `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`.
 * Not exported: the results, FLATTEN-ed or wrapped with execution metadata (NONE) as asked;
 * COMPACT (the default) leaves them as they are.
 */
export function writerResult(
  results: unknown[],
  writer: Obj,
  inputs: readonly unknown[],
  bucket: unknown,
  prefix: unknown,
): unknown {
  if (exportsResults(writer)) {
    const key = `${typeof prefix === 'string' && prefix ? `${prefix.replace(/\/$/, '')}/` : ''}00000000-0000-4000-8000-000000000000/manifest.json`;
    return {
      MapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:machine/Map:00000000-0000-4000-8000-000000000000',
      ResultWriterDetails: { Bucket: typeof bucket === 'string' ? bucket : 'bucket', Key: key },
    };
  }
  const config = isObject(writer.WriterConfig) ? writer.WriterConfig : {};
  if (config.Transformation === 'FLATTEN')
    return results.flatMap((r): unknown[] => (Array.isArray(r) ? (r as unknown[]) : [r]));
  if (config.Transformation === 'NONE') {
    return results.map((output, i) => ({
      ExecutionArn: `arn:aws:states:us-east-1:123456789012:execution:machine/Map:${String(i).padStart(8, '0')}`,
      Input: JSON.stringify(inputs[i]),
      InputDetails: { Included: true },
      Name: String(i).padStart(8, '0'),
      Output: JSON.stringify(output),
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      StartDate: '2026-11-28T10:00:00.000Z',
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine/Map',
      Status: 'SUCCEEDED',
      StopDate: '2026-11-28T10:00:01.000Z',
    }));
  }
  return results;
}
