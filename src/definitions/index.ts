export { findDefinitions, findDefinitionReferences, type EmbeddedDefinition } from './find.js';
export { forEachState, jsonPathKeepsResult, LITERAL_FIELDS, WHOLE_RESULT, type StateVisit } from './states.js';
export { parseStoodIn } from './stood-in.js';
export { definitionReport } from './report.js';
export { maxBytesOption, limitLabel, lowerBoundNote } from './quota.js';
export {
  findDefinitionLinks,
  linkedDefinitions,
  type DefinitionLink,
  type LinkedFile,
  type LinkedFiles,
} from './links.js';
export { unreadDefinitions } from './unread.js';
export { isTerraformDocument } from './terraform.js';
