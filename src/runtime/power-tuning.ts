// payload-guard/runtime/power-tuning: a ready Power Tuning pre-processor. Power Tuning invokes
// `preProcessorARN` with the payload before each invocation and sends the function under test what
// it returns (when not empty). Deployed as its own function, this resolves the references in a
// payload, so a Power Tuning input can hold only references while the function under test stays
// as it is: the bytes travel Lambda to Lambda (under 6 MB), never through the state machine.
// The trade-off: the function's own S3 fetch is then not part of what is measured.
//
// Settings come from the environment: PAYLOAD_GUARD_ALLOW_BUCKETS and PAYLOAD_GUARD_ALLOW_PREFIXES
// (comma-separated), PAYLOAD_GUARD_KEY_TEMPLATE, PAYLOAD_GUARD_MAX_BYTES, PAYLOAD_GUARD_STAGE_DIR.
import { Resolver, type ResolveOptions } from './refs.js';

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ResolveOptions {
  return {
    allowBuckets: list(env.PAYLOAD_GUARD_ALLOW_BUCKETS),
    allowPrefixes: list(env.PAYLOAD_GUARD_ALLOW_PREFIXES),
    ...(env.PAYLOAD_GUARD_KEY_TEMPLATE ? { keyTemplate: env.PAYLOAD_GUARD_KEY_TEMPLATE } : {}),
    ...(env.PAYLOAD_GUARD_MAX_BYTES ? { maxBytes: Number(env.PAYLOAD_GUARD_MAX_BYTES) } : {}),
  };
}

let resolver: Resolver | undefined;

/** The pre-processor: the payload with every reference resolved. */
export async function handler(event: unknown): Promise<unknown> {
  // Built on the first event, kept for the warm container (its cache serves later invocations).
  resolver ??= new Resolver(optionsFromEnv());
  return resolver.resolve(event);
}

/** The same, with explicit options (for a pre-processor of your own). */
export function createPreProcessor(options: ResolveOptions): (event: unknown) => Promise<unknown> {
  const r = new Resolver(options);
  return (event) => r.resolve(event);
}
