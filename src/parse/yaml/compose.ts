// Composing the first YAML document with the CloudFormation short-form tags known, so `!Ref`
// and friends neither warn nor lose their names. Pure: no I/O.
import { Composer, Parser, Schema, type CollectionTag, type Document, type Node, type ScalarTag } from 'yaml';

// cfn-lint turns every `!X` into `{ "Fn::X": ... }`, except `!Ref` and `!Condition`, which keep
// their names. Only the names below are converted; any other local tag keeps its plain value.
const CFN_TAGS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'And',
    'Base64',
    'Cidr',
    'Contains',
    'EachMemberEquals',
    'EachMemberIn',
    'Equals',
    'FindInMap',
    'ForEach',
    'GetAZs',
    'GetAtt',
    'If',
    'ImportValue',
    'Join',
    'Length',
    'Not',
    'Or',
    'RefAll',
    'Select',
    'Split',
    'Sub',
    'ToJsonString',
    'Transform',
    'ValueOf',
    'ValueOfAll',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

// YAML 1.2 core schema: `2024-01-01` and `yes` stay strings as CloudFormation passes them on, and
// `<<` is an ordinary key (no merge). resolveKnownTags off keeps `!!binary` and `!!timestamp`
// as the text written rather than bytes or Dates. Duplicate keys are found in `toPlain` with one
// Set per map; yaml's own check compares every pair with every other.
//
// The schema is made once: given its name, yaml builds a Schema (merging its tag lists with ours)
// for every document, a measurable part of reading a repository of small templates. A Document
// only reads it. It is the schema those options made, whatever `%YAML` a file declares.
const COMPOSE_OPTIONS = {
  version: '1.2',
  schema: new Schema({ schema: 'core', merge: false, resolveKnownTags: false, customTags: cfnSchemaTags() }),
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: false,
  intAsBigInt: false,
} as const;

/** The long-form key (`Fn::Sub`, `Ref`) of a node written with a CloudFormation short-form tag. */
export function cfnName(node: Node): string | undefined {
  return node.tag === undefined ? undefined : CFN_TAGS.get(node.tag);
}

// Only the first document is read: a template or payload is one document. The parser composes
// nothing after it, so a later document's errors do not count; but where one has content, its
// offset is returned, so the file can say that part of it was not checked.
export function composeFirstDocument(src: string): { doc: Document.Parsed; laterDocumentOffset?: number } {
  const composer = firstErrorOnly(new Composer(COMPOSE_OPTIONS));
  const docs: Document.Parsed[] = [];
  let documents = 0;
  let errorTokens = 0;
  for (const token of new Parser().parse(src)) {
    // The stream's error tokens only add errors, each an Error made on the spot: the first is kept.
    if (token.type === 'error' && ++errorTokens > 1) continue;
    if (token.type === 'document' && ++documents > 1) {
      // Later documents are only looked at: the first with content is named, empty ones skipped.
      if (token.value) return { doc: finish(composer, docs, src), laterDocumentOffset: token.offset };
      continue;
    }
    if (documents <= 1) for (const doc of composer.next(token)) docs.push(doc);
  }
  return { doc: finish(composer, docs, src) };
}

type OnError = (source: unknown, code: string, message: string, warning?: boolean) => void;

/**
 * yaml makes an Error, with its stack trace, for every problem it meets, and a template that only
 * PyYAML's leniency reads (relax.ts) can have eight hundred: their stack traces were most of
 * reading it. Only a document's first error is used (index.ts), and no warning: the composer's
 * reporter (a field yaml's types call private) keeps the first and drops the rest unmade, as the
 * loop above does with the stream's error tokens.
 */
function firstErrorOnly(composer: Composer): Composer {
  const own = composer as unknown as { onError: OnError; errors: unknown[] };
  const report = own.onError;
  own.onError = (source, code, message, warning) => {
    if (!warning && own.errors.length === 0) report(source, code, message, warning);
  };
  return composer;
}

function finish(composer: Composer, docs: Document.Parsed[], src: string): Document.Parsed {
  for (const doc of composer.end(true, src.length)) docs.push(doc);
  return docs[0];
}

// Known tags keep yaml from reporting each `!Ref` as an unresolved tag: a warning per tag, each
// an Error with a stack trace, is a measurable share of the parse time of a large template.
function cfnSchemaTags(): (ScalarTag | CollectionTag)[] {
  return [...CFN_TAGS.keys()].flatMap((tag): (ScalarTag | CollectionTag)[] => [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq', resolve: (value) => value },
    { tag, collection: 'map', resolve: (value) => value },
  ]);
}
