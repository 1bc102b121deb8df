// The part of an event that a limit counts when it is not the whole file: a PutEvents entry, an
// ALB request body, the message inside each SNS or SQS record.
import { EVENT_SHAPES, putEventsEntries, type EventShape, type Obj } from './events.js';
import { SNS_MESSAGE_BYTES, SQS_MESSAGE_BYTES } from './limits.js';
import { child, isObject } from './pointer.js';
import type { ResolvedTarget } from './rule.js';

/**
 * What EventBridge counts against its PutEvents entry limit (eb-putevent-size.html): 14 bytes for
 * `Time` when set, and the UTF-8 bytes of `Source`, `DetailType`, `Detail` (the JSON text) and each
 * of `Resources`. For an EventBridge event file, its `time`, `source`, `detail-type`, `detail` and
 * `resources`; for PutEvents entries, their sum. Undefined for anything else.
 */
export function eventBridgeEntryBytes(value: unknown): number | undefined {
  const entries = putEventsEntries(value);
  if (entries)
    return entries.reduce((sum, e) => sum + entryBytes(e, 'Time', 'Source', 'DetailType', 'Detail', 'Resources'), 0);
  if (!isObject(value) || EVENT_SHAPES.find((s) => s.name === 'an EventBridge event')?.test(value) !== true)
    return undefined;
  return entryBytes(value, 'time', 'source', 'detail-type', 'detail', 'resources');
}

function entryBytes(
  entry: Obj,
  time: string,
  source: string,
  detailType: string,
  detail: string,
  resources: string,
): number {
  const text = (v: unknown): number =>
    v === undefined ? 0 : Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v));
  let bytes = child(entry, time) !== undefined ? 14 : 0;
  bytes += text(child(entry, source)) + text(child(entry, detailType)) + text(child(entry, detail));
  const list = child(entry, resources);
  if (Array.isArray(list)) for (const r of list) if (typeof r === 'string') bytes += Buffer.byteLength(r);
  return bytes;
}

/** One message inside an event that its own service limits (it could not have been sent larger). */
export interface InnerMessage {
  segments: string[];
  /** UTF-8 bytes of the message text (attributes, which the services also count, are left out) */
  bytes: number;
  limitBytes: number;
  /** "the SNS message limit (262,144 bytes unless the topic's MaximumMessageSize is raised)" */
  limit: string;
}

/**
 * The SNS `Message` and SQS `body` of each record: a test event whose message is over its
 * service's limit describes a message that service refuses to accept.
 */
export function innerMessages(value: unknown, shape: EventShape | undefined): InnerMessage[] {
  const field =
    shape?.name === 'an SNS event' ? ['Sns', 'Message'] : shape?.name === 'an SQS event' ? ['body'] : undefined;
  const records = child(value, 'Records');
  if (!field || !Array.isArray(records)) return [];
  const limitBytes = field[0] === 'Sns' ? SNS_MESSAGE_BYTES : SQS_MESSAGE_BYTES;
  const limit =
    field[0] === 'Sns'
      ? 'SNS message limit (unless the topic’s `MaximumMessageSize` is raised, up to 1 MiB)'
      : 'SQS message limit';
  const out: InnerMessage[] = [];
  records.forEach((r, i) => {
    const text = field.reduce<unknown>((node, k) => child(node, k), r);
    if (typeof text === 'string' && text.length > limitBytes / 4)
      out.push({ segments: ['Records', String(i), ...field], bytes: Buffer.byteLength(text), limitBytes, limit });
  });
  return out;
}

/** The part of a payload its limit counts, when that is not the whole file. */
export interface MeasuredPart {
  bytes: number;
  /** the sentence's subject: "The PutEvents entry EventBridge counts (...)" */
  what: string;
  /** what to do when it is over */
  advice: string;
}

export function measuredPart(
  value: unknown,
  target: Pick<ResolvedTarget, 'name' | 'measure'>,
): MeasuredPart | undefined {
  if (target.name === 'eventbridge') {
    const bytes = eventBridgeEntryBytes(value);
    if (bytes === undefined) return undefined;
    return {
      bytes,
      what: 'The PutEvents entry EventBridge counts (Time, Source, DetailType, Detail, Resources)',
      advice: 'Move the largest fields of the detail to S3 and put the key in the event.',
    };
  }
  if (target.measure === 'request-body') {
    const body = child(value, 'body');
    const text = typeof body === 'string' ? body : '';
    // The load balancer limits the request body as the client sent it: decode a base64 body.
    const bytes = child(value, 'isBase64Encoded') === true ? base64DecodedBytes(text) : Buffer.byteLength(text);
    return {
      bytes,
      what: 'The request body',
      advice: 'Have clients upload large bodies to S3 (a presigned URL) and send the key.',
    };
  }
  return undefined;
}

function base64DecodedBytes(text: string): number {
  const chars = text.replace(/[\s=]/g, '').length;
  return Math.floor((chars * 3) / 4);
}
