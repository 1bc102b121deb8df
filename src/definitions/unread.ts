// State machines a document declares whose definition payload-guard cannot read here: an S3
// object that is not a local file, a definition built in code or known only at plan time. They
// are listed (sfn-definition-unread, --print-config), never skipped in silence.
import type { DocumentKind } from '../classify.js';
import { child, isObject } from '../pointer.js';
import type { SourceDocument } from '../types.js';
import type { EmbeddedDefinition } from './find.js';
import { fileCall, terraformHomes } from './terraform.js';

export interface UnreadDefinition {
  name: string;
  /** pointer segments of what names the definition (or of the state machine) */
  holder: string[];
  /** why it is not read, for messages */
  reason: string;
}

const STATE_MACHINE_TYPES = new Set(['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine']);

export function unreadDefinitions(
  doc: SourceDocument,
  kind: DocumentKind,
  found: readonly EmbeddedDefinition[],
): UnreadDefinition[] {
  if (kind !== 'template' && kind !== 'serverless') return [];
  const read = new Set(found.map((d) => d.name));
  const root = doc.value;
  const out: UnreadDefinition[] = [];
  const resources = child(root, 'Resources');
  if (isObject(resources)) {
    for (const [id, r] of Object.entries(resources)) {
      if (!isObject(r) || !STATE_MACHINE_TYPES.has(String(r.Type)) || read.has(id)) continue;
      const props = isObject(r.Properties) ? r.Properties : {};
      const base = ['Resources', id, 'Properties'];
      const uri = ['DefinitionUri', 'DefinitionS3Location'].find((k) => props[k] !== undefined);
      const local = uri && typeof props[uri] === 'string' && !/^s3:\/\//i.test(props[uri]);
      if (local) continue; // a local file: linted as its own file
      const key = uri && child(props[uri], 'Key');
      // `DefinitionBody.fromFile` in cdk.out: the key is the asset's hash, and the asset file
      // (cdk.out/asset.<hash>.json, mapped by <stack>.assets.json) is checked on its own.
      if (
        uri &&
        /(^|[\\/])cdk\.out[\\/]/.test(doc.filePath) &&
        typeof key === 'string' &&
        /^[0-9a-f]{64}\.(json|ya?ml)$/.test(key)
      )
        continue;
      if (uri) {
        const where = typeof key === 'string' ? `in S3, ${uri} key \`${key}\`` : `in S3, ${uri}`;
        out.push({ name: id, holder: [...base, uri], reason: where });
      } else if (props.Definition !== undefined || props.DefinitionString !== undefined) {
        const k = props.Definition !== undefined ? 'Definition' : 'DefinitionString';
        out.push({
          name: id,
          holder: [...base, k],
          reason: `a ${k} built at deployment that does not read as States Language here`,
        });
      } else out.push({ name: id, holder: ['Resources', id], reason: 'no definition in the template' });
    }
  }
  for (const home of terraformHomes(root)) {
    if (read.has(home.name)) continue;
    const ref = fileCall(home.value, root);
    // A file discovery searches is checked as its own file; another (`.tftpl`, `.json.tpl`) is not.
    if (ref && /\.(json|jsonc|ya?ml)$/i.test(ref.file)) continue;
    if (ref) {
      out.push({
        name: home.name,
        holder: home.holder,
        reason: `read from \`${ref.file}\`, a file type that is not searched: name it .asl.json to have it checked`,
      });
      continue;
    }
    const expr =
      typeof home.value === 'string' && home.value.startsWith('${')
        ? `\`${home.value.slice(2, -1).slice(0, 60)}\`, known at plan time`
        : 'a value that does not read as States Language';
    out.push({ name: home.name, holder: home.holder, reason: expr });
  }
  if (kind === 'serverless') {
    const machines = child(child(root, 'stepFunctions'), 'stateMachines');
    if (isObject(machines)) {
      for (const [name, m] of Object.entries(machines)) {
        if (!isObject(m) || read.has(name)) continue;
        // `${file(x.json)}` names a file that is linted on its own.
        if (typeof m.definition === 'string' && /^\$\{file\(/.test(m.definition)) continue;
        out.push({
          name,
          holder: ['stepFunctions', 'stateMachines', name, ...(m.definition !== undefined ? ['definition'] : [])],
          reason:
            m.definition === undefined ? 'no definition' : 'a definition that does not read as States Language here',
        });
      }
    }
  }
  return out;
}
