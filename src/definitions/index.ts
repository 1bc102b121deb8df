export { findDefinitions, findDefinitionReferences, markStoodIn, type EmbeddedDefinition, type DefinitionReference, type DefinitionForm } from './find.js';
export { forEachState, isObject, jsonPathKeepsResult, LITERAL_FIELDS, WHOLE_RESULT, compactBytes, hasDeployTimeParts, type StateVisit, type QueryLanguage } from './states.js';
export { findPlaceholders, standIn, filledBytes, type Placeholder } from './placeholders.js';
export { parseStoodIn } from './stood-in.js';
export { definitionReport } from './report.js';
export { maxBytesOption, limitLabel, lowerBoundNote } from './quota.js';
export { findDefinitionLinks, linkedDefinitions, type DefinitionLink, type LinkedFile, type LinkedFiles } from './links.js';
export { unreadDefinitions, type UnreadDefinition } from './unread.js';
export { isTerraformDocument } from './terraform.js';
