// Which service delivers a payload to its function decides the limit it is judged against: a
// DynamoDB Streams test event reaches Lambda through an event source mapping (6 MB), not through
// Step Functions (256 KiB). Shapes are recognised by the fields AWS documents for each event, strict
// enough that a generic `Records` list is nobody's event until its `eventSource` says whose.
import type { DocumentKind } from './classify.js';
import type { FileSettings } from './config.js';
import {
  ALB_LAMBDA_REQUEST_BODY_BYTES,
  API_GATEWAY_PAYLOAD_BYTES,
  LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  LAMBDA_FUNCTION_URL_BYTES,
  TARGETS,
  type TargetName,
} from './limits.js';
import { child } from './pointer.js';
import type { ResolvedTarget } from './rule.js';
import { formatBytes, utf8Bytes } from './text.js';

type Obj = Record<string, unknown>;

export interface EventShape {
  /** what messages call it: "a DynamoDB Streams event" */
  name: string;
  test(event: Obj): boolean;
  target: TargetName;
  /** how the event reaches the function, which is why this limit applies */
  how: string;
  /** a limit other than the target's own (the label says whose) */
  limitBytes?: number;
  label?: string;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: Obj, key: string): string | undefined => {
  const value = child(v, key);
  return typeof value === 'string' ? value : undefined;
};

/** Every item of `Records` is an object whose `field` is `value` (SNS spells it `EventSource`). */
function allRecords(event: Obj, field: string, value: string): boolean {
  const records = child(event, 'Records');
  return Array.isArray(records) && records.length > 0 && records.every((r) => isObj(r) && child(r, field) === value);
}

const requestContext = (event: Obj): Obj | undefined => {
  const rc = child(event, 'requestContext');
  return isObj(rc) ? rc : undefined;
};

const ESM = 'Lambda reads it with an event source mapping, a synchronous invoke';
const ASYNC = 'invokes the function asynchronously';
const SYNC = 'invokes the function synchronously';

/** First match wins: the more specific HTTP shapes (ALB, function URL) come before API Gateway's. */
export const EVENT_SHAPES: readonly EventShape[] = [
  { name: 'an SQS event', test: (e) => allRecords(e, 'eventSource', 'aws:sqs'), target: 'lambda-sync', how: ESM, limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES },
  { name: 'a Kinesis Data Streams event', test: (e) => allRecords(e, 'eventSource', 'aws:kinesis'), target: 'lambda-sync', how: ESM, limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES },
  { name: 'a DynamoDB Streams event', test: (e) => allRecords(e, 'eventSource', 'aws:dynamodb'), target: 'lambda-sync', how: ESM, limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES },
  {
    name: 'a Kafka (MSK or self-managed) event',
    test: (e) => (str(e, 'eventSource') === 'aws:kafka' || str(e, 'eventSource') === 'SelfManagedKafka') && isObj(child(e, 'records')),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'an Amazon MQ event',
    test: (e) =>
      (str(e, 'eventSource') === 'aws:mq' && Array.isArray(child(e, 'messages'))) ||
      (str(e, 'eventSource') === 'aws:rmq' && isObj(child(e, 'rmqMessagesByQueue'))),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  { name: 'an SNS event', test: (e) => allRecords(e, 'EventSource', 'aws:sns'), target: 'lambda-async', how: `SNS ${ASYNC}` },
  { name: 'an S3 event notification', test: (e) => allRecords(e, 'eventSource', 'aws:s3'), target: 'lambda-async', how: `S3 ${ASYNC}` },
  {
    name: 'an EventBridge event',
    test: (e) => typeof child(e, 'detail-type') === 'string' && typeof child(e, 'source') === 'string' && child(e, 'detail') !== undefined,
    target: 'lambda-async',
    how: `EventBridge ${ASYNC}`,
  },
  {
    name: 'a CloudWatch Logs subscription event',
    test: (e) => isObj(child(e, 'awslogs')) && typeof child(child(e, 'awslogs'), 'data') === 'string',
    target: 'lambda-async',
    how: `CloudWatch Logs ${ASYNC}`,
  },
  {
    name: 'an ALB request',
    test: (e) => typeof child(e, 'httpMethod') === 'string' && isObj(child(requestContext(e), 'elb')),
    target: 'lambda-sync',
    how: `the load balancer ${SYNC} and sends it at most ${formatBytes(ALB_LAMBDA_REQUEST_BODY_BYTES)} of request body (payload-guard counts the whole event)`,
    limitBytes: ALB_LAMBDA_REQUEST_BODY_BYTES,
    label: 'ALB Lambda target',
  },
  {
    name: 'a Lambda function URL request',
    test: (e) => isObj(child(requestContext(e), 'http')) && /\.lambda-url\./.test(String(child(requestContext(e), 'domainName') ?? '')),
    target: 'lambda-sync',
    how: `the function URL ${SYNC}`,
    limitBytes: LAMBDA_FUNCTION_URL_BYTES,
  },
  {
    name: 'an API Gateway HTTP API request',
    test: (e) => str(e, 'version') === '2.0' && typeof child(e, 'routeKey') === 'string' && isObj(child(requestContext(e), 'http')),
    target: 'lambda-sync',
    how: `API Gateway ${SYNC}; its own ${formatBytes(API_GATEWAY_PAYLOAD_BYTES)} payload limit is higher than Lambda's`,
  },
  {
    name: 'an API Gateway REST request',
    test: (e) => typeof child(e, 'httpMethod') === 'string' && typeof child(e, 'resource') === 'string' && requestContext(e) !== undefined,
    target: 'lambda-sync',
    how: `API Gateway ${SYNC}; its own ${formatBytes(API_GATEWAY_PAYLOAD_BYTES)} payload limit is higher than Lambda's`,
  },
  {
    name: 'a Cognito user pool trigger event',
    test: (e) => typeof child(e, 'triggerSource') === 'string' && typeof child(e, 'userPoolId') === 'string',
    target: 'lambda-sync',
    how: `Cognito ${SYNC}`,
  },
  {
    name: 'a Firehose data transformation event',
    test: (e) => typeof child(e, 'deliveryStreamArn') === 'string' && Array.isArray(child(e, 'records')),
    target: 'lambda-sync',
    how: `Firehose ${SYNC}`,
  },
];

/** The event shape `value` has, if any. */
export function eventShapeOf(value: unknown): EventShape | undefined {
  if (!isObj(value)) return undefined;
  return EVENT_SHAPES.find((s) => s.test(value));
}

export interface TargetChoice {
  target: ResolvedTarget;
  /** why this limit: a config glob, an event shape and how it is delivered, or the default */
  reason: string;
}

/**
 * The limit a document is judged against. A config `targets` entry always wins; then the event
 * shape of a payload; a Power Tuning input, an execution input or an unrecognised payload keeps
 * the default (Step Functions).
 */
export function targetFor(value: unknown, kind: DocumentKind, settings: Pick<FileSettings, 'target' | 'targetGlob'>): TargetChoice {
  if (settings.targetGlob !== undefined) return { target: settings.target, reason: `config targets glob ${settings.targetGlob}` };
  if (kind === 'payload') {
    const shape = eventShapeOf(value);
    if (shape) {
      const own = TARGETS[shape.target];
      const limitBytes = shape.limitBytes ?? own.limitBytes;
      const target = { name: own.name, limitBytes, label: shape.label ?? own.label };
      return { target, reason: `${shape.name}: ${shape.how}, ${formatBytes(limitBytes)}` };
    }
    return { target: settings.target, reason: 'no known event shape, so the default: a Step Functions execution input' };
  }
  if (kind === 'power-tuning') return { target: settings.target, reason: 'a Power Tuning input is a Step Functions execution input' };
  return { target: settings.target, reason: 'the default target' };
}

/**
 * What EventBridge counts of an event against its PutEvents entry limit: 14 bytes for `Time` when
 * set, and the UTF-8 bytes of `Source`, `DetailType`, `Detail` (the JSON text) and each of
 * `Resources` (eb-putevent-size.html). Undefined when `value` is not an EventBridge event.
 */
export function eventBridgeEntryBytes(value: unknown): number | undefined {
  if (!isObj(value) || EVENT_SHAPES.find((s) => s.name === 'an EventBridge event')?.test(value) !== true) return undefined;
  let bytes = child(value, 'time') !== undefined ? 14 : 0;
  bytes += utf8Bytes(String(child(value, 'source'))) + utf8Bytes(String(child(value, 'detail-type')));
  const detail = child(value, 'detail');
  bytes += utf8Bytes(typeof detail === 'string' ? detail : JSON.stringify(detail));
  const resources = child(value, 'resources');
  if (Array.isArray(resources)) for (const r of resources) if (typeof r === 'string') bytes += utf8Bytes(r);
  return bytes;
}
