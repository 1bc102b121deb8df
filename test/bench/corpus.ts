// The bench corpus, in the proportions of real repositories (serverless-patterns,
// step-functions-workflows-collection, aws-stepfunctions-examples, cdk.out trees): most bytes are
// payloads and data files, but at least a fifth are templates and definitions, JSON and YAML, in
// every form the linter reads a definition from. Each class has a folder of its own, so the bench
// can time it against the floor of the same files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type FloorKind = 'json' | 'yaml';

export interface CorpusClass {
  /** folder under the corpus, and the name the bench prints */
  name: string;
  what: string;
  floor: FloorKind;
  /** bytes to write at scale 1 */
  bytes: number;
  /** writes file number `i` of the class; returns [relative path, text] */
  make(i: number): [string, string];
}

function noise(bytes: number, seed: string): Buffer {
  const out = Buffer.alloc(bytes);
  let block = Buffer.from(seed);
  for (let at = 0; at < bytes; at += 32) {
    block = crypto.createHash('sha256').update(block).digest();
    block.copy(out, at);
  }
  return out;
}

function png(bytes: number, seed: string): string {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(bytes, seed)]).toString(
    'base64',
  );
}

/** A lookup table as a Pass state's Result or a Map's ItemsPath source holds it: the "large literal". */
function table(rows: number, seed: number): Record<string, unknown>[] {
  return Array.from({ length: rows }, (_, k) => ({
    id: `${seed}-${k}`,
    region: ['us-east-1', 'eu-west-1', 'ap-south-1'][k % 3],
    weight: (k * 37) % 101,
    label: `item ${k} of table ${seed}`,
    tags: ['a', 'b', 'c'].slice(0, 1 + (k % 3)),
  }));
}

/** A state machine of `states` Task/Choice/Pass states, the last Pass holding `rows` of literal data. */
function definition(
  i: number,
  states: number,
  rows: number,
  opts: { placeholders?: boolean; image?: boolean } = {},
): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const fn = opts.placeholders ? '${WorkerFunctionArn}' : `arn:aws:lambda:us-east-1:123456789012:function:worker-${i}`;
  for (let k = 0; k < states; k++) {
    const next = k + 1 < states ? `Step${k + 1}` : 'Lookup';
    if (k % 4 === 3) {
      s[`Step${k}`] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.status', StringEquals: 'DONE', Next: next }],
        Default: next,
      };
    } else if (k % 4 === 2) {
      s[`Step${k}`] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: {
          TableName: opts.placeholders ? '${TableName}' : `orders-${i}`,
          Item: { pk: { 'S.$': '$.id' }, step: { N: String(k) } },
        },
        ResultPath: null,
        Next: next,
      };
    } else {
      s[`Step${k}`] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fn, 'Payload.$': '$' },
        ResultSelector: { 'body.$': '$.Payload' },
        ResultPath: `$.step${k}`,
        Retry: [
          {
            ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
            IntervalSeconds: 2,
            MaxAttempts: 6,
            BackoffRate: 2,
          },
        ],
        Next: next,
      };
    }
  }
  const result: Record<string, unknown> = { rows: table(rows, i) };
  if (opts.image) result.logo = png(24_000, `logo-${i}`);
  s.Lookup = { Type: 'Pass', Result: result, ResultPath: '$.lookup', End: true };
  return { Comment: `Order pipeline ${i}`, StartAt: 'Step0', States: s };
}

function json(v: unknown, indent = 2): string {
  return JSON.stringify(v, null, indent);
}

/** Indents every line of `text` by `by` spaces (a YAML block scalar's body). */
function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function yamlFunction(name: string): string {
  return `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n      CodeUri: src/${name}/\n      MemorySize: 512\n      Timeout: 30\n      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref Table\n`;
}

export const CLASSES: CorpusClass[] = [
  {
    name: 'events',
    what: 'small JSON events',
    floor: 'json',
    bytes: 9_000_000,
    make: (i) => [
      `events/e${i}.json`,
      json({
        version: '0',
        id: `evt-${i}`,
        'detail-type': 'Order Placed',
        source: 'shop',
        detail: {
          orderId: i,
          lines: Array.from({ length: 1 + (i % 20) }, (_, k) => ({ sku: `S${k}`, qty: k, note: 'n'.repeat(k * 10) })),
        },
      }),
    ],
  },
  {
    name: 'images',
    what: 'Power Tuning inputs with images',
    floor: 'json',
    bytes: 22_000_000,
    make: (i) => [
      `tuning/p${i}.json`,
      json({
        lambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        num: 10,
        payload: { image: png(20_000 + (i % 30) * 10_000, `p${i}`), name: `img-${i}.png` },
      }),
    ],
  },
  {
    name: 'blobs',
    what: 'data files of 5 to 7 MB with blobs',
    floor: 'json',
    bytes: 24_000_000,
    make: (i) => {
      const target = 5_000_000 + (i % 5) * 450_000;
      const records = [];
      let size = 0;
      for (let k = 0; size < target; k++) {
        const rec =
          k % 50 === 0
            ? { id: k, attachment: png(60_000, `b${i}-${k}`) }
            : { id: k, name: `record ${k}`, values: [k, k * 2, k * 3], text: 'lorem ipsum dolor sit amet '.repeat(4) };
        records.push(rec);
        size += JSON.stringify(rec).length;
      }
      return [`big/b${i}.json`, JSON.stringify({ records })];
    },
  },
  {
    name: 'cfn-json',
    what: 'JSON templates, DefinitionString literal or Fn::Sub',
    floor: 'json',
    bytes: 6_000_000,
    make: (i) => {
      const def = definition(i, 12, 400 + (i % 7) * 250, { placeholders: i % 2 === 1, image: i % 9 === 0 });
      const body = JSON.stringify(def);
      const ds =
        i % 2 === 1
          ? {
              'Fn::Sub': [
                body,
                { WorkerFunctionArn: { 'Fn::GetAtt': ['Worker', 'Arn'] }, TableName: { Ref: 'Table' } },
              ],
            }
          : body;
      return [
        `cfn/stack${i}.template.json`,
        json({
          AWSTemplateFormatVersion: '2010-09-09',
          Resources: {
            Table: {
              Type: 'AWS::DynamoDB::Table',
              Properties: {
                BillingMode: 'PAY_PER_REQUEST',
                KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
                AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
              },
            },
            Worker: {
              Type: 'AWS::Lambda::Function',
              Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Code: { S3Bucket: 'b', S3Key: 'k.zip' } },
            },
            Machine: {
              Type: 'AWS::StepFunctions::StateMachine',
              Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, DefinitionString: ds },
            },
          },
        }),
      ];
    },
  },
  {
    name: 'cdk-out',
    what: 'cdk.out templates, DefinitionString as Fn::Join',
    floor: 'json',
    bytes: 6_000_000,
    make: (i) => {
      // CDK cuts the definition where a token (a Ref, a GetAtt) goes and joins the pieces.
      const body = JSON.stringify(definition(i, 10, 300 + (i % 5) * 300, { placeholders: true }));
      const pieces: unknown[] = [];
      const parts = body.split(/\$\{(WorkerFunctionArn|TableName)\}/);
      parts.forEach((p, k) =>
        pieces.push(
          k % 2 === 0 ? p : p === 'TableName' ? { Ref: `Table${i}` } : { 'Fn::GetAtt': [`Worker${i}`, 'Arn'] },
        ),
      );
      return [
        `cdk.out/Stack${i}.template.json`,
        json(
          {
            Resources: {
              [`Machine${i}`]: {
                Type: 'AWS::StepFunctions::StateMachine',
                Properties: {
                  DefinitionString: { 'Fn::Join': ['', pieces] },
                  RoleArn: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] },
                },
                Metadata: { 'aws:cdk:path': `Stack${i}/Machine/Resource` },
              },
              [`Worker${i}`]: {
                Type: 'AWS::Lambda::Function',
                Properties: {
                  Handler: 'index.handler',
                  Runtime: 'nodejs20.x',
                  Code: {
                    S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' },
                    S3Key: `${i}.zip`,
                  },
                },
              },
            },
          },
          1,
        ),
      ];
    },
  },
  {
    name: 'asl',
    what: 'ASL files (.asl.json) with large literals',
    floor: 'json',
    bytes: 6_000_000,
    make: (i) => [
      `statemachine/flow${i}.asl.json`,
      json(definition(i, 16, 500 + (i % 6) * 300, { image: i % 7 === 0 })),
    ],
  },
  {
    name: 'sam-yaml',
    what: 'SAM/CloudFormation YAML, !Sub block with a JSON definition',
    floor: 'yaml',
    bytes: 5_000_000,
    make: (i) => {
      const def = json(definition(i, 12, 250 + (i % 5) * 200, { placeholders: true }));
      // Both forms real templates use: `!Sub` with a variables list, and a bare `!Sub |` block.
      const machine =
        i % 3 === 2
          ? `  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n${indent(def, 8)}\n`
          : `  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: !GetAtt Role.Arn\n      DefinitionString: !Sub\n        - |-\n${indent(def, 10)}\n        - WorkerFunctionArn: !GetAtt Worker.Arn\n          TableName: !Ref Table\n`;
      const text = `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nDescription: Order pipeline ${i}\nResources:\n${yamlFunction('Worker')}${machine}`;
      return [`sam/app${i}/template.yaml`, text];
    },
  },
  {
    name: 'serverless',
    what: 'serverless.yml with stepFunctions definitions',
    floor: 'yaml',
    bytes: 3_000_000,
    make: (i) => {
      const def = definition(i, 10, 120 + (i % 4) * 80, { placeholders: false });
      // Serverless writes the definition as YAML; its JSON form, indented, is valid YAML too, but
      // real files use block style: dump it by hand, two spaces a level.
      const toYaml = (v: unknown, depth: number): string => {
        const pad = '  '.repeat(depth);
        if (Array.isArray(v))
          return v
            .map((x) =>
              typeof x === 'object' && x !== null
                ? `\n${pad}- ${toYaml(x, depth + 1).trimStart()}`
                : `\n${pad}- ${JSON.stringify(x)}`,
            )
            .join('');
        if (typeof v === 'object' && v !== null) {
          return Object.entries(v)
            .map(([k, x]) =>
              typeof x === 'object' && x !== null
                ? `\n${pad}${JSON.stringify(k)}:${toYaml(x, depth + 1)}`
                : `\n${pad}${JSON.stringify(k)}: ${JSON.stringify(x)}`,
            )
            .join('');
        }
        return ` ${JSON.stringify(v)}`;
      };
      return [
        `sls/svc${i}/serverless.yml`,
        `service: orders-${i}\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  worker:\n    handler: handler.worker\nstepFunctions:\n  stateMachines:\n    pipeline:\n      name: pipeline-\${sls:stage}\n      definition:${toYaml(def, 4)}\nplugins:\n  - serverless-step-functions\n`,
      ];
    },
  },
];

export interface Generated {
  files: number;
  bytes: number;
  /** bytes and files per class name */
  perClass: Map<string, { files: number; bytes: number; list: string[] }>;
}

/** Writes every class into `dir` until it holds `scale` times its bytes. */
export function generate(dir: string, scale: number): Generated {
  fs.rmSync(dir, { recursive: true, force: true });
  const perClass = new Map<string, { files: number; bytes: number; list: string[] }>();
  let files = 0;
  let bytes = 0;
  for (const c of CLASSES) {
    const mine = { files: 0, bytes: 0, list: [] as string[] };
    perClass.set(c.name, mine);
    for (let i = 0; mine.bytes < c.bytes * scale; i++) {
      const [rel, text] = c.make(i);
      const p = path.join(dir, c.name, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      const n = Buffer.byteLength(text);
      mine.files++;
      mine.bytes += n;
      mine.list.push(p);
    }
    files += mine.files;
    bytes += mine.bytes;
  }
  return { files, bytes, perClass };
}
