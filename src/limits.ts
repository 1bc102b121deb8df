// Every quota payload-guard measures against, in one place. Each number names the AWS page it
// comes from and the date it was checked against that page.

/** Step Functions: execution input, state input/output, task result. "Quotas related to state
 * throttling / maximum input or output size for a task, state, or execution: 256 KiB of data as a
 * UTF-8 encoded string." docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (checked 2026-11-28) */
export const STEP_FUNCTIONS_PAYLOAD_BYTES = 256 * 1024;

/** Step Functions: one variable, and one Assign block (same quotas page, checked 2026-11-28). */
export const STEP_FUNCTIONS_VARIABLE_BYTES = 256 * 1024;

/** Step Functions: a state machine definition, "1 MB" (same page, checked 2026-11-28). */
export const STEP_FUNCTIONS_DEFINITION_BYTES = 1024 * 1024;

/** Step Functions intrinsic functions: input strings up to 10,000 characters
 * (docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html, checked 2026-11-28). */
export const STEP_FUNCTIONS_INTRINSIC_CHARS = 10_000;

/** Lambda synchronous invocation request and response: 6 MB. The number is the one Lambda's own
 * RequestEntityTooLargeException quotes ("...exceeded maximum allowed payload size (6291456 bytes)").
 * docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (checked 2026-11-28) */
export const LAMBDA_SYNC_BYTES = 6_291_456;

/** Lambda synchronous invocation response: the number Lambda's own error quotes for a response
 * ("Response payload size (...) exceeded maximum allowed payload size (6291556 bytes)"), 100 bytes
 * more than the request limit. API_Invoke.html says only "For synchronous invocations, the
 * maximum payload size is 6 MB" (checked 2026-12-01); the exact byte count comes from Lambda's
 * error message, which no documentation page states: not verified against a page.
 * @public The README's and payload-size doc's response figure comes from here; no code compares against it yet. */
export const LAMBDA_SYNC_RESPONSE_BYTES = 6_291_556;

/** Lambda asynchronous invocation (Event): 1 MB since October 2025 (was 256 KB). Same page,
 * checked 2026-11-28; API_Invoke.html says "For asynchronous invocations, the maximum payload
 * size is 1 MB" (checked 2026-12-01). */
const LAMBDA_ASYNC_BYTES = 1_048_576;

/** Lambda event source mappings (SQS, Kinesis, DynamoDB Streams, MSK and Kafka, Amazon MQ) pass
 * a batch "in a single call, up to the payload limit for synchronous invocation (6 MB)"
 * (docs.aws.amazon.com/lambda/latest/dg/API_EventSourceMappingConfiguration.html, BatchSize,
 * checked 2026-12-01). */
export const LAMBDA_EVENT_SOURCE_MAPPING_BYTES = LAMBDA_SYNC_BYTES;

/** Lambda function URL, invoke mode BUFFERED (the default): "The maximum payload size is 6 MB"
 * (docs.aws.amazon.com/lambda/latest/dg/config-rs-invoke-furls.html, checked 2026-12-01). */
export const LAMBDA_FUNCTION_URL_BYTES = LAMBDA_SYNC_BYTES;

/** API Gateway REST and HTTP APIs: payload size 10 MB, not adjustable (HTTP APIs:
 * docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html, checked 2026-12-01;
 * REST APIs: limits.html on the same guide, seen only as quoted on re:Post that day). A Lambda proxy integration invokes synchronously, so Lambda's 6 MB binds
 * first: this number is only quoted in messages. */
export const API_GATEWAY_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** Application Load Balancer, Lambda target: "The maximum size of the request body that you can
 * send to a Lambda function is 1 MB" (docs.aws.amazon.com/elasticloadbalancing/latest/application/
 * lambda-functions.html, checked 2026-12-01). The page does not say whether 1 MB is 10^6 or 2^20
 * bytes; 2^20 is assumed, as for Lambda's own "1 MB". */
export const ALB_LAMBDA_REQUEST_BODY_BYTES = 1_048_576;

/** SNS message (body and attributes together): 262,144 bytes by default; a topic's
 * `MaximumMessageSize` can raise it to 1 MiB (1,048,576 bytes)
 * (docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html, checked 2026-12-01). */
export const SNS_MESSAGE_BYTES = 262_144;

/** SQS message: 1 MiB (docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html, checked 2026-11-28). */
export const SQS_MESSAGE_BYTES = 1_048_576;

/** EventBridge PutEvents entry: 1 MiB (docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html, checked 2026-11-28).
 * The entry is counted as the AWS page "Calculating Amazon EventBridge PutEvents event entry size"
 * (eb-putevent-size.html, checked 2026-12-01) says: 14 bytes for `Time` if set, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each of `Resources`; not the whole event JSON.
 * That page (and the PutEvents API reference) still say 256KB: on 2026-12-01 the 1 MiB figure
 * could not be confirmed from a stored AWS page, only from the earlier check and third-party notes. */
const EVENTBRIDGE_EVENT_BYTES = 1_048_576;

export interface Target {
  name: TargetName;
  limitBytes: number;
  /** What the limit applies to, for messages. */
  label: string;
}

export const TARGETS = {
  stepfunctions: { name: 'stepfunctions', limitBytes: STEP_FUNCTIONS_PAYLOAD_BYTES, label: 'Step Functions' },
  'lambda-sync': { name: 'lambda-sync', limitBytes: LAMBDA_SYNC_BYTES, label: 'Lambda synchronous' },
  'lambda-async': { name: 'lambda-async', limitBytes: LAMBDA_ASYNC_BYTES, label: 'Lambda asynchronous' },
  sqs: { name: 'sqs', limitBytes: SQS_MESSAGE_BYTES, label: 'SQS' },
  eventbridge: { name: 'eventbridge', limitBytes: EVENTBRIDGE_EVENT_BYTES, label: 'EventBridge' },
  sns: { name: 'sns', limitBytes: SNS_MESSAGE_BYTES, label: 'SNS' },
} as const satisfies Record<string, { name: string; limitBytes: number; label: string }>;

export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];
export const DEFAULT_TARGET: TargetName = 'stepfunctions';

/** Step Functions execution history and CloudWatch Logs: "... if the escaped data is greater than
 * 248 KB, it is truncated" (log event data with IncludeExecutionData). docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 * (checked 2026-12-01) */
export const STEP_FUNCTIONS_LOG_DATA_BYTES = 248 * 1024;
