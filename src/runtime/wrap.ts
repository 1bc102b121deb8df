// A handler wrapper: the handler sees the event with its references resolved, and, given
// `offload`, its result has large members moved to S3 before it goes back to Step Functions.
import { offloadLarge, type OffloadOptions } from './offload.js';
import { Resolver, type ResolveOptions } from './refs.js';

export interface PayloadRefsOptions extends ResolveOptions {
  /** move large members of the result to S3 (the bucket and threshold to use) */
  offload?: Omit<OffloadOptions, keyof ResolveOptions> &
    Partial<Pick<OffloadOptions, 'stageDir' | 's3' | 'keyTemplate'>>;
}

export function withPayloadRefs<E, C, R>(
  handler: (event: E, context: C) => Promise<R> | R,
  options: PayloadRefsOptions = {},
): (event: E, context: C) => Promise<R> {
  // Made once per wrap, at cold start: its cache then serves every event of the warm container.
  const resolver = new Resolver(options);
  return async (event, context) => {
    const result = await handler(await resolver.resolve(event), context);
    return options.offload ? offloadLarge(result, offloadOptions(options)) : result;
  };
}

export function offloadOptions(options: PayloadRefsOptions): OffloadOptions {
  return {
    s3: options.s3,
    stageDir: options.stageDir,
    keyTemplate: options.keyTemplate,
    timeoutMs: options.timeoutMs,
    ...options.offload!,
  };
}
