// payload-guard/runtime: the function's half of the contract that `--fix --fix-unsafe` starts.
// It loads nothing of the linter (no CLI, yargs, chalk, ajv or YAML parser); the AWS SDK is a
// peer dependency, loaded on first use, or injected as `s3`.
export { resolveRefs, Resolver, originalKeyOf, DEFAULT_MAX_BYTES, type ResolveOptions, type LazyRef } from './refs.js';
export { offloadLarge, DEFAULT_OFFLOAD_THRESHOLD_BYTES, type OffloadOptions } from './offload.js';
export { RefError, STAGE_DIR_ENV, type S3Like, type StoreOptions } from './store.js';
export { withPayloadRefs, type PayloadRefsOptions } from './wrap.js';
