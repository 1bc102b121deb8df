// Precompiled ajv validators for schemas that rules check documents against, keyed by rule id.
// The build replaces the compiled copy of this file with standalone validation code
// (src/build/validators.ts), so linting a Power Tuning input neither loads ajv nor compiles a
// schema. This source stays empty: where it is used as is (tests on the sources), the rule
// compiles its schema at run time, with the same ajv options.
import type { PrecompiledValidator } from './validators.js';

export const dataValidators: Record<string, PrecompiledValidator> = {};
