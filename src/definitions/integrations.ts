// Step Functions service integrations whose result size the definition does not bound: it depends
// on the data at run time (how many keys a bucket holds, how long a transcript is). Data, not
// code: adding an integration is one entry. `knobs` are the request parameters that bound the
// result; `narrowing` says what else keeps it out of the state data. Checked 2026-12-01 against
// the Step Functions developer guide ("Integrating services", "AWS SDK service integrations") and
// each service's API reference named in `source`. Precision first: a call whose one page is small
// by the API's own bound (Organizations listAccounts: 20 accounts; SSM getParametersByPath: 10
// parameters; Lambda listFunctions: 50 configurations) is not listed, however often it is paged.

export interface UnboundedIntegration {
  /** `service:action` as it appears after `arn:aws:states:::aws-sdk:` or `arn:aws:states:::` */
  resources: readonly string[];
  /** what the result holds, for the message */
  grows: string;
  /** request parameters that bound the result; empty when only narrowing helps */
  knobs: readonly string[];
  /** extra advice for this integration */
  advice?: string;
  source: string;
  /**
   * The result is reported only where the definition shows a list in it (a later Distributed Map
   * iterates it from the state data): a Lambda function's return value is most often small. `valueAt` is where the
   * returned value sits in the task result; `pagedBy` are request fields (in `Payload`) that show
   * the function returns one page.
   */
  onlyListed?: { valueAt: readonly string[]; pagedBy: readonly string[] };
}

export const UNBOUNDED_INTEGRATIONS: readonly UnboundedIntegration[] = [
  {
    resources: ['aws-sdk:s3:getObject'],
    grows: "the object's whole content in `Body`",
    knobs: ['Range'],
    advice: 'pass the key to a Lambda function or Distributed Map instead of the content',
    source: 'Amazon S3 API Reference, GetObject',
  },
  {
    resources: ['aws-sdk:s3:listObjectsV2', 'aws-sdk:s3:listObjects'],
    grows: 'up to 1,000 keys with their metadata',
    knobs: ['MaxKeys'],
    advice: 'or read the listing with a Distributed Map ItemReader',
    source: 'Amazon S3 API Reference, ListObjectsV2',
  },
  {
    resources: ['aws-sdk:s3:listObjectVersions'],
    grows: 'up to 1,000 versions with their metadata',
    knobs: ['MaxKeys'],
    source: 'Amazon S3 API Reference, ListObjectVersions',
  },
  {
    resources: ['aws-sdk:dynamodb:scan', 'aws-sdk:dynamodb:query'],
    grows: 'up to 1 MB of items',
    knobs: ['Limit'],
    source: 'Amazon DynamoDB API Reference, Scan and Query (1 MB per page)',
  },
  {
    resources: ['aws-sdk:dynamodb:batchGetItem'],
    grows: 'up to 16 MB of items',
    knobs: [],
    source: 'Amazon DynamoDB API Reference, BatchGetItem',
  },
  {
    resources: ['athena:getQueryResults', 'aws-sdk:athena:getQueryResults'],
    grows: 'up to 1,000 rows of the query result',
    knobs: ['MaxResults'],
    advice: 'or read the result file from S3 with a Distributed Map',
    source: 'Amazon Athena API Reference, GetQueryResults',
  },
  {
    resources: ['aws-sdk:cloudwatchlogs:getLogEvents', 'aws-sdk:cloudwatchlogs:filterLogEvents'],
    grows: 'up to 1 MB or 10,000 log events',
    knobs: ['Limit'],
    source: 'Amazon CloudWatch Logs API Reference, GetLogEvents and FilterLogEvents',
  },
  {
    resources: ['aws-sdk:cloudwatchlogs:getQueryResults'],
    grows: 'up to 10,000 rows of a Logs Insights query',
    knobs: [],
    source: 'Amazon CloudWatch Logs API Reference, GetQueryResults',
  },
  {
    resources: ['aws-sdk:secretsmanager:batchGetSecretValue'],
    grows: 'up to 20 secret values of up to 64 KB each',
    knobs: ['MaxResults', 'SecretIdList'],
    source: 'AWS Secrets Manager API Reference, BatchGetSecretValue',
  },
  {
    resources: ['aws-sdk:cloudformation:getTemplate'],
    grows: 'the whole template body (up to 1 MB)',
    knobs: [],
    source: 'AWS CloudFormation API Reference, GetTemplate',
  },
  {
    resources: ['aws-sdk:ec2:describeInstances'],
    grows: 'every instance with its full description',
    knobs: ['MaxResults', 'InstanceIds'],
    source: 'Amazon EC2 API Reference, DescribeInstances',
  },
  {
    resources: ['bedrock:invokeModel', 'aws-sdk:bedrockruntime:invokeModel'],
    grows: "the model's whole response (a long completion or an image)",
    knobs: ['Output'],
    advice: 'the optimized integration can write the response to S3 (`Output: {"S3Uri": ...}`)',
    source: 'Step Functions developer guide, "Invoke and customize Amazon Bedrock models"',
  },
  {
    resources: ['lambda:invoke'],
    grows: "the function's whole return value",
    knobs: [],
    advice:
      'have the function return one page with a token for the next, or write the list to S3 and read it with a Distributed Map ItemReader',
    source:
      'Step Functions developer guide, "Invoke an AWS Lambda function with Step Functions" (the return value is in `Payload`)',
    onlyListed: {
      valueAt: ['Payload'],
      pagedBy: ['Limit', 'PageSize', 'MaxItems', 'MaxResults', 'NextToken', 'ContinuationToken', 'Cursor', 'Offset'],
    },
  },
];

const BY_RESOURCE = new Map<string, UnboundedIntegration>();
for (const entry of UNBOUNDED_INTEGRATIONS) for (const r of entry.resources) BY_RESOURCE.set(r.toLowerCase(), entry);

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;

/**
 * The table entry for a Task's Resource (`arn:aws:states:::aws-sdk:s3:listObjectsV2`, with an
 * optional `.sync`/`.waitForTaskToken` suffix), or undefined.
 */
export function unboundedIntegration(
  resource: unknown,
): { entry: UnboundedIntegration; action: string; valueAt?: readonly string[] } | undefined {
  if (typeof resource !== 'string') return undefined;
  // A Lambda function ARN as the Resource (the older form) returns the function's value itself.
  if (LAMBDA_FUNCTION_ARN.test(resource)) {
    const entry = BY_RESOURCE.get('lambda:invoke');
    return entry && { entry, action: 'lambda:invoke', valueAt: [] };
  }
  const m = /^arn:aws[\w-]*:states:::(.+?)(?:\.sync(?::2)?|\.waitForTaskToken)?$/.exec(resource);
  if (!m) return undefined;
  const entry = BY_RESOURCE.get(m[1].toLowerCase());
  // `.waitForTaskToken`: the result is what the callback sends, not the function's return value.
  if (!entry || (entry.onlyListed && resource.endsWith('.waitForTaskToken'))) return undefined;
  return {
    entry,
    action: m[1].replace(/^aws-sdk:/, ''),
    ...(entry.onlyListed ? { valueAt: entry.onlyListed.valueAt } : {}),
  };
}
