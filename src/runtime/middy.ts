// payload-guard/runtime/middy: the same as withPayloadRefs, as a Middy middleware
// (`middy(handler).use(payloadRefs({ allowBuckets: ['my-bucket'] }))`). Middy itself is not a
// dependency: a middleware is a plain object of `before` and `after` functions.
import { offloadLarge } from './offload.js';
import { Resolver } from './refs.js';
import { offloadOptions, type PayloadRefsOptions } from './wrap.js';

export type { PayloadRefsOptions };

interface MiddyRequest {
  event: unknown;
  response?: unknown;
}

export function payloadRefs(options: PayloadRefsOptions = {}) {
  const resolver = new Resolver(options);
  return {
    before: async (request: MiddyRequest): Promise<void> => {
      request.event = await resolver.resolve(request.event);
    },
    after: async (request: MiddyRequest): Promise<void> => {
      if (options.offload && request.response !== undefined)
        request.response = await offloadLarge(request.response, offloadOptions(options));
    },
  };
}

export default payloadRefs;
