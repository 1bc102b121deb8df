// Every quota payload-guard measures against, in one place. Each number names the AWS page it
// comes from and the date it was checked against that page.

/** Step Functions: execution input, state input/output, task result. "Quotas related to state
 * throttling / maximum input or output size for a task, state, or execution: 256 KiB of data as a
 * UTF-8 encoded string." docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (checked 2026-11-28) */
export const STEP_FUNCTIONS_PAYLOAD_BYTES = 256 * 1024;

/** Step Functions: one variable, and one Assign block (same quotas page, checked 2026-11-28). */
export const STEP_FUNCTIONS_VARIABLE_BYTES = 256 * 1024;

/** Step Functions: all variables of one execution together (same page, checked 2026-11-28). */
export const STEP_FUNCTIONS_ALL_VARIABLES_BYTES = 10 * 1024 * 1024;

/** Step Functions: a state machine definition, "1 MB" (same page, checked 2026-11-28). */
export const STEP_FUNCTIONS_DEFINITION_BYTES = 1024 * 1024;

/** Step Functions intrinsic functions: input strings up to 10,000 characters
 * (docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html, checked 2026-11-28). */
export const STEP_FUNCTIONS_INTRINSIC_CHARS = 10_000;

/** Lambda synchronous invocation request and response: 6 MB. The number is the one Lambda's own
 * RequestEntityTooLargeException quotes ("...exceeded maximum allowed payload size (6291456 bytes)").
 * docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (checked 2026-11-28) */
export const LAMBDA_SYNC_BYTES = 6_291_456;

/** Lambda asynchronous invocation (Event): 1 MB since October 2025 (was 256 KB). Same page,
 * checked 2026-11-28. */
export const LAMBDA_ASYNC_BYTES = 1_048_576;

/** SQS message: 1 MiB (docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html, checked 2026-11-28). */
export const SQS_MESSAGE_BYTES = 1_048_576;

/** EventBridge PutEvents entry: 1 MiB (docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html, checked 2026-11-28). */
export const EVENTBRIDGE_EVENT_BYTES = 1_048_576;

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
} as const satisfies Record<string, { name: string; limitBytes: number; label: string }>;

export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];
export const DEFAULT_TARGET: TargetName = 'stepfunctions';

/** Step Functions execution history and CloudWatch Logs: "... if the escaped data is greater than
 * 248 KB, it is truncated" (log event data with IncludeExecutionData). docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 * (checked 2026-12-01) */
export const STEP_FUNCTIONS_LOG_DATA_BYTES = 248 * 1024;
