// Precompiled ajv validators, keyed `config` and `rule:<id>`. The build replaces the compiled copy
// of this file with standalone validation code (src/build/validators.ts), so a run with a config
// does not load ajv and compile schemas at start. This source stays empty: where it is used as is
// (tests on the sources), config.ts compiles the schemas at run time, with the same ajv options.
export type PrecompiledValidator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

export const validators: Record<string, PrecompiledValidator> = {};
