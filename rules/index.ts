// The registry, written by hand: adding a rule is one line here (plus its file, doc and fixtures).
import type { AnyRule } from '../src/rule.js';
import noInlineBase64 from './no-inline-base64.js';
import parseError from './parse-error.js';
import payloadSize from './payload-size.js';
import powerTuningBudget from './power-tuning-budget.js';
import powerTuningInput from './power-tuning-input.js';
import sfnDataflow from './sfn-dataflow.js';
import sfnDefinitionSize from './sfn-definition-size.js';
import sfnDefinitionUri from './sfn-definition-uri.js';
import sfnDefinitionUnread from './sfn-definition-unread.js';
import sfnDistributedMap from './sfn-distributed-map.js';
import sfnLogTruncation from './sfn-log-truncation.js';
import sfnLiteralSize from './sfn-literal-size.js';
import sfnUnboundedResult from './sfn-unbounded-result.js';
import sfnVariableSize from './sfn-variable-size.js';
import unusedSuppression from './unused-suppression.js';

export const rules: readonly AnyRule[] = [
  parseError,
  payloadSize,
  noInlineBase64,
  sfnLiteralSize,
  sfnLogTruncation,
  sfnVariableSize,
  sfnDefinitionSize,
  sfnDefinitionUri,
  sfnDefinitionUnread,
  sfnDataflow,
  sfnDistributedMap,
  sfnUnboundedResult,
  unusedSuppression,
  powerTuningInput,
  powerTuningBudget,
];
