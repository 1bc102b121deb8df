// Which strings of a document are base64 data, by contract or by content.
import { detectBase64, type Base64Info } from './detect.js';
import { child } from '../pointer.js';
import type { KnownStringBytes } from '../sizes.js';
import { jsonStringBytes } from '../text.js';
import { visitStrings, type StringVisit } from '../walk.js';

export type ContractShape =
  | 'api-gateway-body'
  | 'sqs-body'
  | 'kinesis-data'
  | 'kinesis-put-data'
  | 'firehose-data'
  | 'cloudwatch-logs-data'
  | 'kafka-value'
  | 'mq-data';

export interface Base64Field {
  segments: string[];
  value: string;
  info: Base64Info;
  /** JSON bytes of the string as it sits in compact JSON (quotes and escapes included) */
  bytes: number;
  /** Set when AWS defines this field as base64: rewriting it breaks the event's shape. */
  contract?: ContractShape;
  /** the object or array holding the string */
  container: object | undefined;
}

/** Contract fields are recognised by their place in a known AWS event shape. */
function contractShape(
  visit: Pick<StringVisit, 'key' | 'container' | 'parent' | 'ancestors'>,
): ContractShape | undefined {
  const { key, container } = visit;
  if (!container || Array.isArray(container)) return undefined;
  // API Gateway (REST and HTTP), ALB, Lambda function URLs: request and response alike.
  // The HTTP body's place is fixed whether or not API Gateway encoded it: `bodyRef` would be a
  // field the integration never sends.
  if (key === 'body' && child(container, 'isBase64Encoded') !== undefined) return 'api-gateway-body';
  if (
    key === 'body' &&
    (child(container, 'receiptHandle') !== undefined || child(container, 'eventSource') === 'aws:sqs')
  )
    return 'sqs-body';
  const parent = visit.parent();
  if (key === 'data') {
    if (parent?.key === 'kinesis') return 'kinesis-data';
    if (parent?.key === 'awslogs') return 'cloudwatch-logs-data';
    if (child(container, 'recordId') !== undefined) return 'firehose-data';
  }
  if (key === 'value' && child(container, 'topic') !== undefined && child(container, 'partition') !== undefined) {
    return 'kafka-value';
  }
  // Amazon MQ events: ActiveMQ `messages[].data` (with `messageID`), RabbitMQ
  // `rmqMessagesByQueue.<queue>[].data` (with `basicProperties`). Lambda delivers the body base64-encoded.
  if (
    key === 'data' &&
    (child(container, 'basicProperties') !== undefined ||
      (child(container, 'messageID') !== undefined && child(container, 'messageType') !== undefined))
  ) {
    return 'mq-data';
  }
  // Kinesis PutRecord / PutRecords entries (SDK task Parameters, producer test records): `Data` is a
  // blob beside its `PartitionKey`; Firehose PutRecordBatch entries sit under `DeliveryStreamName`.
  if (key === 'Data') {
    if (child(container, 'PartitionKey') !== undefined) return 'kinesis-put-data';
    const holder = visit.ancestors()[1];
    if (holder?.key === 'Records' && child(holder.container, 'DeliveryStreamName') !== undefined)
      return 'firehose-data';
  }
  return undefined;
}

/** A long string that holds JSON text (an API Gateway or SQS `body`, a stringified event). */
export interface EmbeddedJson {
  segments: string[];
  value: string;
}

export interface StringScan {
  base64: Base64Field[];
  embeddedJson: EmbeddedJson[];
}

/** One walk over the strings of at least `minChars` characters: base64 data, and JSON in strings. */
export function scanStrings(root: unknown, minChars: number): StringScan {
  const base64: Base64Field[] = [];
  const embeddedJson: EmbeddedJson[] = [];
  visitStrings(root, minChars, (v) => {
    const contract = contractShape(v);
    const info = detectBase64(v.value, { contract: contract !== undefined });
    if (info)
      base64.push({
        segments: v.path(),
        value: v.value,
        info,
        bytes: base64JsonBytes(v.value, info),
        contract,
        container: v.container,
      });
    else if (LOOKS_LIKE_JSON.test(v.value)) embeddedJson.push({ segments: v.path(), value: v.value });
  });
  return { base64, embeddedJson };
}

// An object or array opening, after optional whitespace: checked on the first characters only.
const LOOKS_LIKE_JSON = /^\s*[{[]\s*["{[\]}]/;

/** Every base64 string of at least `minChars` characters, in document order. */
export function findBase64Fields(root: unknown, minChars: number): Base64Field[] {
  return scanStrings(root, minChars).base64;
}

/**
 * JSON bytes of a detected base64 string without a second pass over it: the alphabet is ASCII
 * that JSON never escapes, so only a data: prefix or line breaks (escaped as `\n`, `\r\n`) differ.
 */
function base64JsonBytes(value: string, info: Base64Info): number {
  if (info.lineBreak) return jsonStringBytes(value);
  if (!info.dataUri) return value.length + 2;
  return jsonStringBytes(info.dataUri.prefix) + value.length - info.dataUri.prefix.length;
}

/** Lets a SizeIndex reuse the sizes the base64 scan measured. */
export function knownBytesOf(fields: readonly Base64Field[]): KnownStringBytes {
  const byContainer = new WeakMap<object, Map<string, number>>();
  for (const f of fields) {
    if (!f.container) continue;
    let m = byContainer.get(f.container);
    if (!m) byContainer.set(f.container, (m = new Map<string, number>()));
    m.set(f.segments[f.segments.length - 1], f.bytes);
  }
  return (container, key) => byContainer.get(container)?.get(key);
}
