// Documents that say what they are. Most payloads carry no marker, so a JSON document of no known
// kind stays a payload; these markers are the formats that are well evidenced and never a payload:
// an API description, a schema, an SDK's model of a service, a tool's log. Each test asks for the
// format's own structure, not one key, so `{ "Records": [...] }` or `{ "body": ... }` never matches.
import { child, isObject } from './pointer.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Every value of `v` is an object for which `test` holds (and there is at least one). */
function allEntries(v: unknown, test: (e: Record<string, unknown>) => boolean): boolean {
  if (!isObject(v)) return false;
  const entries = Object.values(v);
  return entries.length > 0 && entries.every((e) => isObject(e) && test(e));
}

/** Event envelopes: a document with one of these keys at the top is judged as a payload whatever else it holds. */
const EVENT_KEYS = ['Records', 'body', 'detail-type', 'detail', 'requestContext', 'payload'];

const SCHEMA_KEYWORDS = [
  'type',
  'properties',
  'definitions',
  '$defs',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  'enum',
];

/**
 * One key of each test below that the test cannot hold without (`version` is in none: an
 * EventBridge event has one). A document with none of them, nearly every payload, is no known
 * format, and a pass over its few keys says so without the 40-odd lookups of the tests.
 */
const FORMAT_KEYS = new Set([
  'openapi',
  'swagger',
  'metadata',
  'partitions',
  'pagination',
  'waiters',
  'examples',
  'smithy',
  'rules',
  'asyncapi',
  'info',
  'files',
  'dockerImages',
  'artifacts',
  'tree',
  'terraform_version',
  'StateMachines',
  'mappings',
  'Statement',
  '$schema',
]);

/** Whether `value` has a key of FORMAT_KEYS (or an inherited enumerable one: then the tests decide). */
function mayBeKnownFormat(value: Record<string, unknown>): boolean {
  for (const key in value) if (FORMAT_KEYS.has(key)) return true;
  return false;
}

/** What a parsed document is when its structure names a known non-payload format, else undefined. */
export function knownFormat(value: unknown): string | undefined {
  if (!isObject(value) || !mayBeKnownFormat(value)) return undefined;
  const openapi = str(child(value, 'openapi'));
  if (
    openapi &&
    /^3\./.test(openapi) &&
    ['paths', 'components', 'webhooks', 'info'].some((k) => isObject(child(value, k)))
  )
    return `OpenAPI ${openapi} document`;
  const swagger = str(child(value, 'swagger'));
  if (swagger && /^2\./.test(swagger) && ['paths', 'info'].some((k) => isObject(child(value, k))))
    return `Swagger ${swagger} document`;

  // AWS SDK data (botocore, the JS and Go SDKs ship the same models): service, endpoints, paginators, waiters, rule sets.
  const metadata = child(value, 'metadata');
  if (
    isObject(metadata) &&
    (str(child(metadata, 'protocol')) || Array.isArray(child(metadata, 'protocols'))) &&
    isObject(child(value, 'operations')) &&
    isObject(child(value, 'shapes'))
  ) {
    const name = str(child(metadata, 'serviceId')) ?? str(child(metadata, 'endpointPrefix'));
    return `AWS SDK service model${name ? ` (${name})` : ''}`;
  }
  const partitions = child(value, 'partitions');
  const isPartition = (p: unknown) =>
    isObject(p) &&
    typeof child(p, 'partition') === 'string' &&
    (isObject(child(p, 'regions')) || isObject(child(p, 'services')));
  if (Array.isArray(partitions) && partitions.length > 0 && partitions.every(isPartition))
    return 'AWS SDK endpoints model';
  if (
    allEntries(child(value, 'pagination'), (p) =>
      ['input_token', 'output_token', 'result_key', 'limit_key'].some((k) => child(p, k) !== undefined),
    )
  )
    return 'AWS SDK paginators model';
  if (allEntries(child(value, 'waiters'), (w) => Array.isArray(child(w, 'acceptors')))) return 'AWS SDK waiters model';
  const examples = child(value, 'examples');
  if (
    typeof child(value, 'version') === 'string' &&
    isObject(examples) &&
    Object.keys(examples).length > 0 &&
    Object.values(examples).every(Array.isArray)
  )
    return 'AWS SDK examples model';
  if (typeof child(value, 'smithy') === 'string' && isObject(child(value, 'shapes'))) return 'Smithy model';
  const rules = child(value, 'rules');
  if (
    typeof child(value, 'version') === 'string' &&
    isObject(child(value, 'parameters')) &&
    Array.isArray(rules) &&
    rules.length > 0 &&
    rules.every((r) => isObject(r) && typeof child(r, 'type') === 'string' && Array.isArray(child(r, 'conditions')))
  ) {
    return 'AWS SDK endpoint rule set';
  }

  const asyncapi = str(child(value, 'asyncapi'));
  if (asyncapi && /^[23]\./.test(asyncapi) && isObject(child(value, 'info'))) return `AsyncAPI ${asyncapi} document`;
  const info = child(value, 'info');
  if (
    isObject(info) &&
    (typeof child(info, '_postman_id') === 'string' || /getpostman\.com/.test(str(child(info, 'schema')) ?? '')) &&
    Array.isArray(child(value, 'item'))
  )
    return 'Postman collection';
  if (isCdkAssetManifest(value)) return 'CDK asset manifest';
  // cdk.out/manifest.json and cdk.out/tree.json, also under another name (a copied cloud assembly).
  const artifacts = child(value, 'artifacts');
  if (
    typeof child(value, 'version') === 'string' &&
    allEntries(artifacts, (a) => /^(aws|cdk):/.test(str(child(a, 'type')) ?? ''))
  )
    return 'CDK cloud assembly manifest';
  const tree = child(value, 'tree');
  if (
    /^tree-/.test(str(child(value, 'version')) ?? '') &&
    isObject(tree) &&
    typeof child(tree, 'id') === 'string' &&
    typeof child(tree, 'path') === 'string'
  )
    return 'CDK construct tree';
  // `terraform show -json` and terraform.tfstate written as .json.
  if (
    typeof child(value, 'terraform_version') === 'string' &&
    ['format_version', 'resources', 'planned_values', 'values', 'serial'].some((k) => child(value, k) !== undefined)
  )
    return 'Terraform state or plan';
  // Step Functions Local's MockConfigFile.json: test cases and the responses they mock.
  if (isObject(child(value, 'StateMachines')) && isObject(child(value, 'MockedResponses')))
    return 'Step Functions Local mock config';
  if (
    child(value, 'version') === 3 &&
    typeof child(value, 'mappings') === 'string' &&
    Array.isArray(child(value, 'sources'))
  )
    return 'source map';
  const statement = child(value, 'Statement');
  if (
    /^20(08-10-17|12-10-17)$/.test(str(child(value, 'Version')) ?? '') &&
    (Array.isArray(statement) || isObject(statement))
  )
    return 'IAM policy document';

  const schema = str(child(value, '$schema'));
  if (schema !== undefined) {
    if (/sarif/i.test(schema) && Array.isArray(child(value, 'runs'))) return 'SARIF log';
    const keywords = SCHEMA_KEYWORDS.filter((k) => child(value, k) !== undefined);
    if (/json-schema\.org/i.test(schema) && keywords.length) return 'JSON Schema';
    if (
      keywords.length &&
      (child(value, 'properties') !== undefined ||
        child(value, 'definitions') !== undefined ||
        child(value, '$defs') !== undefined) &&
      child(value, 'type') !== undefined
    )
      return 'JSON Schema';
    // `$schema` naming any other schema is a tool's document (a config validated by its schema);
    // an event envelope stays a payload whatever it names.
    if (!EVENT_KEYS.some((k) => child(value, k) !== undefined))
      return `a document that names its schema (\`$schema\`: ${schema.length > 60 ? schema.slice(0, 57) + '...' : schema})`;
  }
  return undefined;
}

/**
 * CDK's cdk.out/<stack>.assets.json, what `cdk deploy` uploads: a `version` and `files` and/or
 * `dockerImages` (either may be left out), every entry a `source` with its `destinations`.
 * A `files` section of nothing but `{}` is no evidence on its own.
 */
function isCdkAssetManifest(value: Record<string, unknown>): boolean {
  if (typeof child(value, 'version') !== 'string') return false;
  // Most documents with a `version` (an EventBridge event's "0") have neither section.
  if (child(value, 'files') === undefined && child(value, 'dockerImages') === undefined) return false;
  const sections = ['files', 'dockerImages'].map((k) => child(value, k)).filter((section) => section !== undefined);
  if (sections.length === 0 || !sections.every(isObject)) return false;
  const entries = sections.flatMap((section) => Object.values(section));
  if (!entries.every((e) => isObject(e) && isObject(child(e, 'source')) && isObject(child(e, 'destinations'))))
    return false;
  return entries.length > 0 || sections.length === 2;
}

/**
 * Template syntax where a parser gave up: Jinja/Cookiecutter (`{{ x }}`, `{% if %}`, `{# #}`) or
 * API Gateway's VTL mapping templates (`#set(`, `#foreach(`, `$input.json(...)`). Asked only for
 * a text that failed to parse, at the failure's offset, so a broken file is still a broken file
 * unless the syntax that broke it is a template's.
 */
export function templateSyntaxAt(text: string, offset: number): string | undefined {
  const first = /\S/.exec(text);
  if (first && /^\{[%#]/.test(text.slice(first.index, first.index + 2)))
    return 'Jinja template (the document starts with `' + text.slice(first.index, first.index + 2) + '`)';
  // The parser's offset may sit on the token or just after its first character.
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const around = text.slice(Math.max(lineStart, offset - 2), offset + 16);
  if (/\{\{|\{%|\{#/.test(around)) return 'Jinja template (`{{`/`{%` where JSON or YAML wants a value)';
  if (/(^|[^\w$])(#(set|if|elseif|else|end|foreach)\b|\$(input|util|context|stageVariables)\.)/.test(around))
    return 'API Gateway VTL mapping template';
  return undefined;
}
