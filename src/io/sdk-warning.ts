// The AWS SDK for JavaScript v3 warns once per process on Node.js 20 (NodeVersionSupportWarning:
// SDK versions published after the first week of January 2027 need Node.js 22). payload-guard
// still supports Node.js 20.19, so a user on it would read that warning on every `--upload`, and a
// Lambda function on every cold start. The SDK reads AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED
// when a client is made (@aws-sdk/core, emitWarningIfUnsupportedVersion); it is set only around
// that call, and a value the user set is left as it is.
const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs `make` (which constructs an SDK client) without the SDK's Node.js version warning. */
export function withoutSdkNodeWarning<T>(make: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env[SDK_NODE_WARNING_ENV] !== undefined) return make();
  env[SDK_NODE_WARNING_ENV] = 'true';
  try {
    return make();
  } finally {
    delete env[SDK_NODE_WARNING_ENV];
  }
}
