import { describe, expect, it } from 'vitest';
import { classify } from '../src/classify.js';
import { eventShapeOf, targetFor } from '../src/events.js';
import { TARGETS } from '../src/limits.js';

const defaults = { target: TARGETS.stepfunctions };

// The smallest document of each shape, with the fields AWS's sample events carry.
const shapes: [string, unknown, string, number][] = [
  ['an SQS event', { Records: [{ eventSource: 'aws:sqs', body: '{}', receiptHandle: 'x' }] }, 'lambda-sync', 6_291_456],
  [
    'a Kinesis Data Streams event',
    { Records: [{ eventSource: 'aws:kinesis', kinesis: { data: 'e30=' } }] },
    'lambda-sync',
    6_291_456,
  ],
  ['a DynamoDB Streams event', { Records: [{ eventSource: 'aws:dynamodb', dynamodb: {} }] }, 'lambda-sync', 6_291_456],
  [
    'a Kafka (MSK or self-managed) event',
    { eventSource: 'aws:kafka', records: { 'topic-0': [] } },
    'lambda-sync',
    6_291_456,
  ],
  ['a Kafka (MSK or self-managed) event', { eventSource: 'SelfManagedKafka', records: {} }, 'lambda-sync', 6_291_456],
  ['an Amazon MQ event', { eventSource: 'aws:mq', messages: [] }, 'lambda-sync', 6_291_456],
  ['an Amazon MQ event', { eventSource: 'aws:rmq', rmqMessagesByQueue: {} }, 'lambda-sync', 6_291_456],
  ['an SNS event', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'hi' } }] }, 'lambda-async', 1_048_576],
  ['an S3 event notification', { Records: [{ eventSource: 'aws:s3', s3: {} }] }, 'lambda-async', 1_048_576],
  [
    'an EventBridge event',
    { 'detail-type': 'Order Placed', source: 'com.example', detail: {} },
    'lambda-async',
    1_048_576,
  ],
  ['a CloudWatch Logs subscription event', { awslogs: { data: 'H4sI' } }, 'lambda-async', 1_048_576],
  [
    'an ALB request',
    { httpMethod: 'GET', path: '/', requestContext: { elb: { targetGroupArn: 'arn' } } },
    'lambda-sync',
    1_048_576,
  ],
  [
    'a Lambda function URL request',
    {
      version: '2.0',
      routeKey: '$default',
      requestContext: { domainName: 'abc.lambda-url.eu-west-1.on.aws', http: { method: 'GET' } },
    },
    'lambda-sync',
    6_291_456,
  ],
  [
    'an API Gateway HTTP API request',
    { version: '2.0', routeKey: 'GET /x', requestContext: { http: { method: 'GET' } } },
    'lambda-sync',
    6_291_456,
  ],
  [
    'an API Gateway REST request',
    { resource: '/x', httpMethod: 'POST', requestContext: { apiId: 'a' } },
    'lambda-sync',
    6_291_456,
  ],
  [
    'a Cognito user pool trigger event',
    { triggerSource: 'PreSignUp_SignUp', userPoolId: 'eu-west-1_x' },
    'lambda-sync',
    6_291_456,
  ],
  ['a DocumentDB change stream event', { eventSource: 'aws:docdb', events: [] }, 'lambda-sync', 6_291_456],
  ['a PutEvents request entry', { Source: 'app', DetailType: 'Created', Detail: '{}' }, 'eventbridge', 1_048_576],
  ['a PutEvents request entry', [{ Source: 'app', EventBusName: 'bus', Detail: '{}' }], 'eventbridge', 1_048_576],
  [
    'a PutEvents request entry',
    { Entries: [{ Source: 'app', DetailType: 'Created', Detail: '{}' }] },
    'eventbridge',
    1_048_576,
  ],
  // Hand-trimmed test events: no eventSource, but the service's own record object.
  [
    'an S3 event notification',
    { Records: [{ s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] },
    'lambda-async',
    1_048_576,
  ],
  ['a Kinesis Data Streams event', { Records: [{ kinesis: { data: 'e30=' } }] }, 'lambda-sync', 6_291_456],
  ['a DynamoDB Streams event', { Records: [{ dynamodb: { NewImage: {} } }] }, 'lambda-sync', 6_291_456],
  ['an API Gateway REST request', { httpMethod: 'GET', path: '/x', headers: {} }, 'lambda-sync', 6_291_456],
  ['a Firehose data transformation event', { deliveryStreamArn: 'arn', records: [] }, 'lambda-sync', 6_291_456],
  [
    'a Firehose data transformation event',
    { invocationId: 'i', records: [{ recordId: '1', data: 'e30=' }] },
    'lambda-sync',
    6_291_456,
  ],
  ['an SES receipt event', { Records: [{ eventSource: 'aws:ses', ses: { mail: {} } }] }, 'lambda-async', 1_048_576],
  [
    'a CloudFormation custom resource request',
    { RequestType: 'Create', ResponseURL: 'https://x', ResourceType: 'Custom::X' },
    'lambda-async',
    1_048_576,
  ],
  ['a Lex bot event', { invocationSource: 'FulfillmentCodeHook', bot: { name: 'b' } }, 'lambda-sync', 6_291_456],
  ['an S3 Batch Operations task', { invocationSchemaVersion: '1.0', tasks: [] }, 'lambda-sync', 6_291_456],
];

describe('event shapes', () => {
  it.each(shapes)('%s is judged against the limit of its delivery', (name, event, target, limitBytes) => {
    expect(eventShapeOf(event)?.name).toBe(name);
    const choice = targetFor(event, 'payload', defaults);
    expect(choice.target.name).toBe(target);
    expect(choice.target.limitBytes).toBe(limitBytes);
    expect(choice.reason.startsWith(`${name}: `)).toBe(true);
  });

  it('says why in the words of the delivery', () => {
    expect(targetFor(shapes[2][1], 'payload', defaults).reason).toBe(
      'a DynamoDB Streams event: Lambda reads it with an event source mapping, a synchronous invoke, 6 MiB',
    );
  });

  it('does not take a generic Records list, or a mixed one, for an event', () => {
    expect(eventShapeOf({ Records: [{ id: 1 }] })).toBeUndefined();
    expect(eventShapeOf({ Records: [] })).toBeUndefined();
    expect(eventShapeOf({ Records: [{ eventSource: 'aws:s3' }, { eventSource: 'aws:sqs' }] })).toBeUndefined();
    expect(eventShapeOf({ Records: [{ eventSource: 'aws:something-new' }] })).toBeUndefined();
    expect(eventShapeOf({ source: 'app', detail: {} })).toBeUndefined();
    expect(eventShapeOf({ httpMethod: 'GET' })).toBeUndefined();
    expect(eventShapeOf([{ eventSource: 'aws:sqs' }])).toBeUndefined();
    expect(eventShapeOf({ Records: [{ s3: { bucket: 'b' } }] })).toBeUndefined();
    expect(eventShapeOf([{ Source: 'app', Detail: '{}', DetailType: 'x' }, { id: 1 }])).toBeUndefined();
  });

  it('keeps Step Functions for unrecognised payloads and Power Tuning inputs, and says so', () => {
    const plain = targetFor({ orderId: 1 }, 'payload', defaults);
    expect(plain.target.name).toBe('stepfunctions');
    expect(plain.reason).toMatch(/no known event shape/);
    const tuning = targetFor({ Records: [{ eventSource: 'aws:sqs' }] }, 'power-tuning', defaults);
    expect(tuning.target.name).toBe('stepfunctions');
  });

  it('lets a config targets entry win over the shape, and names its glob', () => {
    const choice = targetFor(shapes[2][1], 'payload', { target: { ...TARGETS.sqs }, targetGlob: 'events/**' });
    expect(choice.target.name).toBe('sqs');
    expect(choice.reason).toBe('config targets glob events/**');
  });
});

describe('YAML payloads', () => {
  it('are payloads by an event shape or an events/ folder, and configuration otherwise', () => {
    expect(classify('test/sqs.yaml', { Records: [{ eventSource: 'aws:sqs' }] }, 'yaml')).toBe('payload');
    expect(classify('functions/events/order.yml', { orderId: 1 }, 'yaml')).toBe('payload');
    expect(classify('deploy/values.yaml', { replicas: 2 }, 'yaml')).toBe('other');
    expect(classify('myevents/values.yaml', { replicas: 2 }, 'yaml')).toBe('other');
  });
});
