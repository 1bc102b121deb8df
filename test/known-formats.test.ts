import { describe, expect, it } from 'vitest';
import { knownFormat, templateSyntaxAt } from '../src/known-formats.js';
import { parseJson } from '../src/parse/json.js';

describe('knownFormat', () => {
  it.each([
    ['OpenAPI 3', { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }, 'OpenAPI 3.1.0 document'],
    ['Swagger 2', { swagger: '2.0', info: { title: 't' }, paths: {} }, 'Swagger 2.0 document'],
    [
      'an SDK service model',
      { version: '2.0', metadata: { protocol: 'json', serviceId: 'DynamoDB' }, operations: {}, shapes: {} },
      'AWS SDK service model (DynamoDB)',
    ],
    [
      'a model listing protocols',
      { metadata: { protocols: ['json'], endpointPrefix: 'sqs' }, operations: {}, shapes: {} },
      'AWS SDK service model (sqs)',
    ],
    [
      'botocore endpoints.json',
      { partitions: [{ partition: 'aws', regions: {}, services: {} }], version: 3 },
      'AWS SDK endpoints model',
    ],
    [
      'paginators-1.json',
      { pagination: { ListThings: { input_token: 'NextToken', output_token: 'NextToken', result_key: 'Things' } } },
      'AWS SDK paginators model',
    ],
    ['waiters-2.json', { version: 2, waiters: { Ready: { delay: 5, acceptors: [] } } }, 'AWS SDK waiters model'],
    [
      'an endpoint rule set',
      { version: '1.0', parameters: {}, rules: [{ type: 'endpoint', conditions: [] }] },
      'AWS SDK endpoint rule set',
    ],
    [
      'JSON Schema by its URL',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
      'JSON Schema',
    ],
    ['JSON Schema by its shape', { $schema: './meta.json', type: 'object', properties: {} }, 'JSON Schema'],
    [
      'a SARIF log',
      { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [] },
      'SARIF log',
    ],
    ['AsyncAPI', { asyncapi: '2.6.0', info: { title: 't' }, channels: {} }, 'AsyncAPI 2.6.0 document'],
    [
      'a Postman collection',
      {
        info: { _postman_id: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [],
      },
      'Postman collection',
    ],
    ['a CDK asset manifest', { version: '36.0.0', files: {}, dockerImages: {} }, 'CDK asset manifest'],
    [
      'a CDK asset manifest with files only',
      {
        version: '38.0.1',
        files: {
          h: {
            source: { path: 'asset.h', packaging: 'zip' },
            destinations: { 'a-r': { bucketName: 'b', objectKey: 'h.zip' } },
          },
        },
      },
      'CDK asset manifest',
    ],
    [
      'a CDK asset manifest with images only',
      {
        version: '38.0.1',
        dockerImages: {
          h: { source: { directory: 'asset.h' }, destinations: { 'a-r': { repositoryName: 'r', imageTag: 'h' } } },
        },
      },
      'CDK asset manifest',
    ],
    [
      'a CDK cloud assembly manifest',
      {
        version: '38.0.1',
        artifacts: {
          Orders: { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1' },
          Tree: { type: 'cdk:tree' },
        },
      },
      'CDK cloud assembly manifest',
    ],
    [
      'a CDK construct tree',
      { version: 'tree-0.1', tree: { id: 'App', path: '', children: {} } },
      'CDK construct tree',
    ],
    [
      'a Terraform plan',
      { format_version: '1.2', terraform_version: '1.7.0', planned_values: {} },
      'Terraform state or plan',
    ],
    [
      'an IAM policy',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      'IAM policy document',
    ],
    [
      'examples-1.json',
      { version: '1.0', examples: { PutItem: [{ input: {}, output: {} }] } },
      'AWS SDK examples model',
    ],
    ['a Smithy model', { smithy: '2.0', shapes: {} }, 'Smithy model'],
    [
      'a Step Functions Local mock config',
      { StateMachines: { Orders: { TestCases: {} } }, MockedResponses: {} },
      'Step Functions Local mock config',
    ],
    ['a source map', { version: 3, sources: ['a.ts'], mappings: 'AAAA' }, 'source map'],
    [
      'a config naming its schema',
      { $schema: 'https://example.com/tool.schema.json', option: true },
      'a document that names its schema (`$schema`: https://example.com/tool.schema.json)',
    ],
  ])('knows %s', (_, value, reason) => {
    expect(knownFormat(value)).toBe(reason);
  });

  it.each([
    ['an SQS event', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }],
    ['an API Gateway event', { body: '{"a":1}', requestContext: {}, headers: {} }],
    ['an event that names a schema', { $schema: './event.schema.json', Records: [] }],
    ['an EventBridge event that names a schema', { $schema: 'x', 'detail-type': 'Order', detail: {} }],
    ['a payload with an `openapi` field only', { openapi: '3.0.0', order: 1 }],
    ['a payload with `shapes` and `operations` but no metadata', { shapes: {}, operations: {} }],
    ['a payload with `partitions` of data', { partitions: [{ id: 1 }] }],
    ['an event whose body is a policy', { body: '{"Version":"2012-10-17"}', Version: '1' }],
    ['a payload with `files`', { version: '1', files: {} }],
    ['a payload with `files` of data', { version: '1', files: { a: { name: 'a.txt', size: 3 } } }],
    ['a payload with `artifacts` of data', { version: '1', artifacts: { build: { type: 'zip' } } }],
    ['a payload with `examples` of data', { version: '1', examples: { a: 1 } }],
    ['an array', [{ openapi: '3.0.0', info: {} }]],
    ['a string', 'openapi'],
  ])('leaves %s a payload', (_, value) => {
    expect(knownFormat(value)).toBeUndefined();
  });
});

describe('templateSyntaxAt', () => {
  const failure = (text: string) => {
    const parsed = parseJson(text, { comments: false });
    if (parsed.ok) throw new Error('expected a parse failure');
    return templateSyntaxAt(text, parsed.error.offset);
  };

  it('finds Jinja where the JSON parser stopped', () => {
    expect(failure('{\n  "size": {{ cookiecutter.size }}\n}\n')).toMatch(/^Jinja template/);
    expect(failure('{% if x %}\n{"a": 1}\n{% endif %}\n')).toMatch(/starts with `\{%`/);
  });

  it('finds API Gateway VTL where the JSON parser stopped', () => {
    expect(failure('#set($root = $input.path(\'$\'))\n{"a": 1}\n')).toBe('API Gateway VTL mapping template');
    expect(failure('{\n  "body": $input.json(\'$.body\')\n}\n')).toBe('API Gateway VTL mapping template');
  });

  it('leaves a genuine syntax error one, even with template text elsewhere in the file', () => {
    expect(failure('{\n  "greeting": "Hello {{ name }}",\n  "a": 1\n  "b": 2\n}\n')).toBeUndefined();
    expect(failure('{\n  "mapping": "#set($x = 1)",\n  "a": [1,,2]\n}\n')).toBeUndefined();
    expect(failure('{"a": 1,}')).toBeUndefined();
  });
});
