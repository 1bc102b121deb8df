// Definitions kept in a file of their own, named by the document: SAM `DefinitionUri`,
// CloudFormation `DefinitionS3Location` as a local path (a template `aws cloudformation package`
// uploads), Serverless `definition: ${file(./flow.asl.json)}` or `${file(./flows.yml):checkout}`.
// The engine asks the injected reader for each file; this module only finds the links and the
// definition a linked document holds.
import type { DocumentKind } from '../classify.js';
import { isStateMachine } from '../classify.js';
import { child, isObject } from '../pointer.js';
import type { SourceDocument } from '../types.js';
import { definitionAt, findDefinitionReferences, type EmbeddedDefinition } from './find.js';

export interface DefinitionLink {
  /** resource logical id or Serverless state machine name */
  name: string;
  /** pointer segments of the property that names the file */
  holder: string[];
  /** `DefinitionUri`, `DefinitionS3Location` or `definition` */
  property: string;
  /** the path as written, relative to the document's folder */
  file: string;
  /** Serverless `${file(x.yml):a.b}`: the part of the file that holds the definition */
  key?: string[];
  /** What the linked part is: one definition (the default), or Serverless `stateMachines` / `stepFunctions` */
  holds?: 'stateMachines' | 'stepFunctions';
  /**
   * Terraform `templatefile()` / `file()`: the linked file is linted as this definition, with the
   * template's literal variables in place of its `${...}` (plan-time ones stay deployment-time parts).
   */
  terraform?: { substitutions: Readonly<Record<string, unknown>> };
}

/** What the reader found for a linked path. */
export type LinkedFile =
  | { status: 'found'; bytes: Uint8Array }
  /** no such file, but `actual` (same folder walk, relative as written) differs only in letter case */
  | { status: 'case'; actual: string }
  | { status: 'missing' }
  | { status: 'unreadable'; detail: string };

/** Reads a path relative to the linted file's folder (injected: the engine never touches a disk). */
export type LinkedFiles = (relative: string) => LinkedFile;

// `${file(./x.json)}`, `${file('./x.yml'):a.b}`; anything else (a variable in the path) is not followed.
const FILE_VARIABLE = /^\$\{file\(\s*(['"]?)([^'"()$]+)\1\s*\)(?::([\w.-]+))?\}$/;

export function findDefinitionLinks(doc: SourceDocument, kind: DocumentKind): DefinitionLink[] {
  if (kind === 'template') {
    return findDefinitionReferences(doc)
      .filter((r) => !r.file.includes('${'))
      .map((r) => ({
        name: r.name,
        holder: r.holder,
        property: r.holder[r.holder.length - 1],
        file: r.file,
        ...(r.terraform ? { terraform: { substitutions: r.substitutions } } : {}),
      }));
  }
  if (kind !== 'serverless') return [];
  const out: DefinitionLink[] = [];
  // `stepFunctions: ${file(./step-functions.yml)}` or `stateMachines: ${file(...)}`: the machines live elsewhere.
  const sf = child(doc.value, 'stepFunctions');
  const service = child(doc.value, 'service');
  const serviceName = typeof service === 'string' ? service : 'the service';
  const sfLink = fileVariable(sf);
  if (sfLink)
    out.push({
      name: serviceName,
      holder: ['stepFunctions'],
      property: 'stepFunctions',
      ...sfLink,
      holds: 'stepFunctions',
    });
  const machines = child(sf, 'stateMachines');
  const machinesLink = fileVariable(machines);
  if (machinesLink)
    out.push({
      name: serviceName,
      holder: ['stepFunctions', 'stateMachines'],
      property: 'stateMachines',
      ...machinesLink,
      holds: 'stateMachines',
    });
  if (!isObject(machines)) return out;
  for (const name of Object.keys(machines)) {
    const m = machines[name];
    const link = isObject(m) ? fileVariable(m.definition) : undefined;
    if (link)
      out.push({
        name,
        holder: ['stepFunctions', 'stateMachines', name, 'definition'],
        property: 'definition',
        ...link,
      });
  }
  return out;
}

function fileVariable(v: unknown): { file: string; key?: string[] } | undefined {
  const m = typeof v === 'string' ? FILE_VARIABLE.exec(v.trim()) : null;
  return m ? { file: m[2].trim(), ...(m[3] ? { key: m[3].split('.') } : {}) } : undefined;
}

/** The definitions a linked document holds: the document itself, the part `key` selects, or the machines there. */
export function linkedDefinitions(doc: SourceDocument, link: DefinitionLink): EmbeddedDefinition[] {
  const base = link.key ?? [];
  if (!link.holds) {
    const def = !base.length && !isStateMachine(doc.value) ? undefined : definitionAt(doc, link.name, base);
    return def ? [def] : [];
  }
  const at = link.holds === 'stepFunctions' ? [...base, 'stateMachines'] : base;
  let machines: unknown = doc.value;
  for (const seg of at) machines = child(machines, seg);
  if (!isObject(machines)) return [];
  const out: EmbeddedDefinition[] = [];
  for (const name of Object.keys(machines)) {
    const m = machines[name];
    const def =
      isObject(m) && m.definition !== undefined ? definitionAt(doc, name, [...at, name, 'definition']) : undefined;
    if (def) out.push(def);
  }
  return out;
}
