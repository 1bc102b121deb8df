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
import { child, childString, isObject } from './pointer.js';
import type { ResolvedTarget } from './rule.js';
import { formatBytes } from './text.js';

export type Obj = Record<string, unknown>;

export interface EventShape {
  /** what messages call it: "a DynamoDB Streams event" */
  name: string;
  /** the top-level value; an object for every shape except a list of PutEvents entries */
  test(event: Obj | unknown[]): boolean;
  target: TargetName;
  /** how the event reaches the function, which is why this limit applies */
  how: string;
  /** a limit other than the target's own (the label says whose) */
  limitBytes?: number;
  label?: string;
  /** what the limit counts, when it is not the whole event */
  measure?: ResolvedTarget['measure'];
}

/**
 * Every item of `Records` is an object whose `field` is `value` (SNS spells it `EventSource`), or,
 * in a hand-trimmed test event without it, holds the service's own record object (`s3` with
 * `bucket` and `object`, `kinesis` with `data`...): a list of plain items is nobody's event.
 */
function allRecords(event: Obj | unknown[], field: string, value: string, own: (record: Obj) => boolean): boolean {
  const records = child(event, 'Records');
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => isObject(r) && (child(r, field) === value || own(r)))
  );
}

const has = (v: unknown, ...keys: string[]): boolean => isObject(v) && keys.every((k) => child(v, k) !== undefined);

/** A PutEvents request entry (`Source`, `DetailType`, `Detail` as a string), as SDK calls and tests write them. */
function isPutEventsEntry(v: unknown): v is Obj {
  return (
    isObject(v) &&
    typeof child(v, 'Source') === 'string' &&
    typeof child(v, 'Detail') === 'string' &&
    (child(v, 'DetailType') !== undefined || child(v, 'EventBusName') !== undefined)
  );
}

/** The entries of a PutEvents request: one entry, a list of them, or `{ "Entries": [...] }`. */
export function putEventsEntries(v: unknown): Obj[] | undefined {
  const list = Array.isArray(v)
    ? v
    : isObject(v) && Array.isArray(child(v, 'Entries'))
      ? (child(v, 'Entries') as unknown[])
      : isPutEventsEntry(v)
        ? [v]
        : undefined;
  return list && list.length > 0 && list.every(isPutEventsEntry) ? list : undefined;
}

const requestContext = (event: Obj | unknown[]): Obj | undefined => {
  const rc = child(event, 'requestContext');
  return isObject(rc) ? rc : undefined;
};

const ESM = 'Lambda reads it with an event source mapping, a synchronous invoke';
const ASYNC = 'invokes the function asynchronously';
const SYNC = 'invokes the function synchronously';

/** First match wins: the more specific HTTP shapes (ALB, function URL) come before API Gateway's. */
export const EVENT_SHAPES: readonly EventShape[] = [
  {
    name: 'an SQS event',
    test: (e) => allRecords(e, 'eventSource', 'aws:sqs', (r) => has(r, 'body', 'receiptHandle')),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'a Kinesis Data Streams event',
    test: (e) =>
      allRecords(e, 'eventSource', 'aws:kinesis', (r) => typeof child(child(r, 'kinesis'), 'data') === 'string'),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'a DynamoDB Streams event',
    test: (e) =>
      allRecords(e, 'eventSource', 'aws:dynamodb', (r) =>
        ['Keys', 'NewImage', 'OldImage'].some((k) => isObject(child(child(r, 'dynamodb'), k))),
      ),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'a Kafka (MSK or self-managed) event',
    test: (e) =>
      (childString(e, 'eventSource') === 'aws:kafka' || childString(e, 'eventSource') === 'SelfManagedKafka') &&
      isObject(child(e, 'records')),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'an Amazon MQ event',
    test: (e) =>
      (childString(e, 'eventSource') === 'aws:mq' && Array.isArray(child(e, 'messages'))) ||
      (childString(e, 'eventSource') === 'aws:rmq' && isObject(child(e, 'rmqMessagesByQueue'))),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'a DocumentDB change stream event',
    test: (e) => childString(e, 'eventSource') === 'aws:docdb' && Array.isArray(child(e, 'events')),
    target: 'lambda-sync',
    how: ESM,
    limitBytes: LAMBDA_EVENT_SOURCE_MAPPING_BYTES,
  },
  {
    name: 'an SNS event',
    test: (e) => allRecords(e, 'EventSource', 'aws:sns', (r) => has(child(r, 'Sns'), 'Message')),
    target: 'lambda-async',
    how: `SNS ${ASYNC}`,
  },
  {
    name: 'an S3 event notification',
    test: (e) =>
      allRecords(
        e,
        'eventSource',
        'aws:s3',
        (r) => isObject(child(child(r, 's3'), 'bucket')) && isObject(child(child(r, 's3'), 'object')),
      ),
    target: 'lambda-async',
    how: `S3 ${ASYNC}`,
  },
  {
    name: 'an EventBridge event',
    test: (e) =>
      child(e, 'detail-type') !== undefined &&
      typeof child(e, 'source') === 'string' &&
      child(e, 'detail') !== undefined,
    target: 'lambda-async',
    how: `EventBridge ${ASYNC}`,
  },
  {
    name: 'an SES receipt event',
    test: (e) => allRecords(e, 'eventSource', 'aws:ses', (r) => has(child(r, 'ses'), 'mail')),
    target: 'lambda-async',
    how: `SES ${ASYNC}`,
  },
  {
    name: 'a CloudFormation custom resource request',
    test: (e) =>
      typeof child(e, 'RequestType') === 'string' &&
      typeof child(e, 'ResponseURL') === 'string' &&
      child(e, 'ResourceType') !== undefined,
    target: 'lambda-async',
    how: `CloudFormation ${ASYNC}`,
  },
  {
    name: 'a PutEvents request entry',
    test: (e) => putEventsEntries(e) !== undefined,
    target: 'eventbridge',
    how: 'EventBridge counts the entries of a PutEvents request (Time, Source, DetailType, Detail, Resources)',
  },
  {
    name: 'a CloudWatch Logs subscription event',
    test: (e) => isObject(child(e, 'awslogs')) && typeof child(child(e, 'awslogs'), 'data') === 'string',
    target: 'lambda-async',
    how: `CloudWatch Logs ${ASYNC}`,
  },
  {
    name: 'an ALB request',
    test: (e) => typeof child(e, 'httpMethod') === 'string' && isObject(child(requestContext(e), 'elb')),
    target: 'lambda-sync',
    how: `the load balancer ${SYNC}; its limit is on the request body`,
    limitBytes: ALB_LAMBDA_REQUEST_BODY_BYTES,
    label: 'ALB Lambda target',
    measure: 'request-body',
  },
  {
    name: 'a Lambda function URL request',
    test: (e) =>
      isObject(child(requestContext(e), 'http')) &&
      /\.lambda-url\./.test(childString(requestContext(e), 'domainName') ?? ''),
    target: 'lambda-sync',
    how: `the function URL ${SYNC}`,
    limitBytes: LAMBDA_FUNCTION_URL_BYTES,
  },
  {
    name: 'an API Gateway HTTP API request',
    test: (e) =>
      childString(e, 'version') === '2.0' &&
      typeof child(e, 'routeKey') === 'string' &&
      isObject(child(requestContext(e), 'http')),
    target: 'lambda-sync',
    how: `API Gateway ${SYNC}; its own ${formatBytes(API_GATEWAY_PAYLOAD_BYTES)} payload limit is higher than Lambda's`,
  },
  {
    name: 'an API Gateway REST request',
    test: (e) =>
      typeof child(e, 'httpMethod') === 'string' &&
      (typeof child(e, 'resource') === 'string' || typeof child(e, 'path') === 'string') &&
      (requestContext(e) !== undefined || isObject(child(e, 'headers'))),
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
    name: 'a Lex bot event',
    test: (e) => typeof child(e, 'invocationSource') === 'string' && isObject(child(e, 'bot')),
    target: 'lambda-sync',
    how: `Lex ${SYNC}`,
  },
  {
    name: 'an S3 Batch Operations task',
    test: (e) => typeof child(e, 'invocationSchemaVersion') === 'string' && Array.isArray(child(e, 'tasks')),
    target: 'lambda-sync',
    how: `S3 Batch Operations ${SYNC}`,
  },
  {
    name: 'a Firehose data transformation event',
    test: (e) => {
      const records = child(e, 'records');
      return (
        (typeof child(e, 'deliveryStreamArn') === 'string' || typeof child(e, 'invocationId') === 'string') &&
        Array.isArray(records) &&
        records.every((r) => has(r, 'recordId', 'data'))
      );
    },
    target: 'lambda-sync',
    how: `Firehose ${SYNC}`,
  },
];

/** The event shape `value` has, if any. */
export function eventShapeOf(value: unknown): EventShape | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return EVENT_SHAPES.find((s) => s.test(value as Obj | unknown[]));
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
export function targetFor(
  value: unknown,
  kind: DocumentKind,
  settings: Pick<FileSettings, 'target' | 'targetGlob'>,
  /** the shape of `value` when the caller has looked it up already (`null`: it has none) */
  knownShape?: EventShape | null,
): TargetChoice {
  if (settings.targetGlob !== undefined)
    return { target: settings.target, reason: `config targets glob ${settings.targetGlob}` };
  if (kind === 'payload') {
    const shape = knownShape === undefined ? eventShapeOf(value) : (knownShape ?? undefined);
    if (shape) {
      const own = TARGETS[shape.target];
      const limitBytes = shape.limitBytes ?? own.limitBytes;
      const target = {
        name: own.name,
        limitBytes,
        label: shape.label ?? own.label,
        ...(shape.measure ? { measure: shape.measure } : {}),
      };
      return { target, reason: `${shape.name}: ${shape.how}, ${formatBytes(limitBytes)}` };
    }
    return {
      target: settings.target,
      reason: 'no known event shape, so the default: a Step Functions execution input',
    };
  }
  if (kind === 'power-tuning')
    return { target: settings.target, reason: 'a Power Tuning input is a Step Functions execution input' };
  return { target: settings.target, reason: 'the default target' };
}
