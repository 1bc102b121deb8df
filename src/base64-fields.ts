// Which strings of a document are base64 data, by contract or by content.
import { detectBase64, type Base64Info } from './base64.js';
import { child } from './pointer.js';
import { jsonStringBytes } from './text.js';
import { visitStrings, type StringVisit } from './walk.js';

export type ContractShape = 'api-gateway-body' | 'kinesis-data' | 'firehose-data' | 'cloudwatch-logs-data' | 'kafka-value';

export interface Base64Field {
  segments: string[];
  value: string;
  info: Base64Info;
  /** JSON bytes of the string as it sits in compact JSON (quotes and escapes included) */
  bytes: number;
  /** Set when AWS defines this field as base64: rewriting it breaks the event's shape. */
  contract?: ContractShape;
}

/** Contract fields are recognised by their place in a known AWS event shape. */
export function contractShape(visit: Pick<StringVisit, 'key' | 'container' | 'ancestors'>): ContractShape | undefined {
  const { key, container } = visit;
  if (!container || Array.isArray(container)) return undefined;
  // API Gateway (REST and HTTP), ALB, Lambda function URLs: request and response alike.
  if (key === 'body' && child(container, 'isBase64Encoded') === true) return 'api-gateway-body';
  const parent = visit.ancestors()[0];
  if (key === 'data') {
    if (parent?.key === 'kinesis') return 'kinesis-data';
    if (parent?.key === 'awslogs') return 'cloudwatch-logs-data';
    if (child(container, 'recordId') !== undefined) return 'firehose-data';
  }
  if (key === 'value' && child(container, 'topic') !== undefined && child(container, 'partition') !== undefined) {
    return 'kafka-value';
  }
  return undefined;
}

/** Every base64 string of at least `minChars` characters, in document order. */
export function findBase64Fields(root: unknown, minChars: number): Base64Field[] {
  const out: Base64Field[] = [];
  visitStrings(root, minChars, (v) => {
    const contract = contractShape(v);
    const info = detectBase64(v.value, { contract: contract !== undefined });
    if (!info) return;
    out.push({ segments: v.path(), value: v.value, info, bytes: jsonStringBytes(v.value), contract });
  });
  return out;
}
