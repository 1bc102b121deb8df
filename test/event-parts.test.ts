import { describe, expect, it } from 'vitest';
import { eventBridgeEntryBytes, innerMessages, measuredPart } from '../src/event-parts.js';
import { eventShapeOf, targetFor } from '../src/events.js';
import { TARGETS } from '../src/limits.js';

const defaults = { target: TARGETS.stepfunctions };

describe('eventBridgeEntryBytes', () => {
  it('counts Time as 14 bytes and the UTF-8 bytes of Source, DetailType, Detail and Resources', () => {
    const event = {
      version: '0',
      id: 'not counted',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2026-11-30T12:00:00Z',
      source: 'com.example',
      'detail-type': 'Café',
      resources: ['arn:a', 'arn:bb'],
      detail: { a: 1 },
    };
    expect(eventBridgeEntryBytes(event)).toBe(14 + 11 + 5 + '{"a":1}'.length + 5 + 6);
    const { time: _time, ...untimed } = event;
    expect(eventBridgeEntryBytes(untimed)).toBe(11 + 5 + 7 + 11);
  });

  it('sums the entries of a PutEvents request', () => {
    const entry = {
      Source: 'app',
      DetailType: 'Created',
      Detail: '{"a":1}',
      Resources: ['arn:a'],
      EventBusName: 'not counted',
    };
    expect(eventBridgeEntryBytes([entry, { ...entry, Time: '2026-11-30T12:00:00Z' }])).toBe(2 * (3 + 7 + 7 + 5) + 14);
  });

  it('is undefined for what is not an EventBridge event', () => {
    expect(eventBridgeEntryBytes({ detail: {} })).toBeUndefined();
  });
});

describe('innerMessages', () => {
  it('gives each SQS body and SNS Message with its own service limit', () => {
    const sqs = { Records: [{ eventSource: 'aws:sqs', body: 'é'.repeat(600_000) }] };
    expect(innerMessages(sqs, eventShapeOf(sqs))).toEqual([
      { segments: ['Records', '0', 'body'], bytes: 1_200_000, limitBytes: 1_048_576, limit: 'SQS message limit' },
    ]);
    const sns = { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'x'.repeat(300_000) } }] };
    expect(innerMessages(sns, eventShapeOf(sns)).map((m) => [m.segments.join('/'), m.limitBytes])).toEqual([
      ['Records/0/Sns/Message', 262_144],
    ]);
  });

  it('skips short messages and what is not an SNS or SQS event', () => {
    const sqs = { Records: [{ eventSource: 'aws:sqs', body: 'small' }] };
    expect(innerMessages(sqs, eventShapeOf(sqs))).toEqual([]);
    const plain = { Records: [{ body: 'x'.repeat(2_000_000) }] };
    expect(innerMessages(plain, eventShapeOf(plain))).toEqual([]);
  });
});

describe('measuredPart', () => {
  it('counts an ALB request by its body, decoded when base64, not by the whole event', () => {
    const alb = {
      httpMethod: 'POST',
      path: '/',
      requestContext: { elb: {} },
      headers: { h: 'x'.repeat(5000) },
      body: 'aGVsbG8=',
      isBase64Encoded: true,
    };
    const { target } = targetFor(alb, 'payload', defaults);
    expect(measuredPart(alb, target)?.bytes).toBe(5);
    expect(measuredPart({ ...alb, body: 'héllo', isBase64Encoded: false }, target)?.bytes).toBe(6);
  });

  it('counts the whole file for other targets, and for a config target on an ALB request', () => {
    const alb = { httpMethod: 'POST', path: '/', requestContext: { elb: {} }, body: 'x' };
    expect(
      measuredPart(alb, targetFor(alb, 'payload', { target: TARGETS['lambda-sync'], targetGlob: '**' }).target),
    ).toBeUndefined();
    expect(measuredPart({ a: 1 }, TARGETS.stepfunctions)).toBeUndefined();
  });
});
