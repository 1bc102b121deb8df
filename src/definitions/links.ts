// Definitions kept in a file of their own, named by the document: SAM `DefinitionUri`,
// CloudFormation `DefinitionS3Location` as a local path (a template `aws cloudformation package`
// uploads), Serverless `definition: ${file(./flow.asl.json)}` or `${file(./flows.yml):checkout}`.
// The engine asks the injected reader for each file; this module only finds the links and the
// definition a linked document holds.
import type { DocumentKind } from '../classify.js';
import { isStateMachine } from '../classify.js';
import { child } from '../pointer.js';
import type { SourceDocument } from '../types.js';
import { definitionAt, findDefinitionReferences, type EmbeddedDefinition } from './find.js';
import { isObject } from './states.js';

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
      .map((r) => ({ name: r.name, holder: r.holder, property: r.holder[r.holder.length - 1], file: r.file }));
  }
  if (kind !== 'serverless') return [];
  const machines = child(child(doc.value, 'stepFunctions'), 'stateMachines');
  if (!isObject(machines)) return [];
  const out: DefinitionLink[] = [];
  for (const name of Object.keys(machines)) {
    const m = machines[name];
    const m2 = isObject(m) && typeof m.definition === 'string' ? FILE_VARIABLE.exec(m.definition.trim()) : null;
    if (!m2) continue;
    out.push({ name, holder: ['stepFunctions', 'stateMachines', name, 'definition'], property: 'definition', file: m2[2].trim(), ...(m2[3] ? { key: m2[3].split('.') } : {}) });
  }
  return out;
}

/** The definition a linked document holds: the document itself, or the part `key` selects. */
export function linkedDefinition(doc: SourceDocument, link: DefinitionLink): EmbeddedDefinition | undefined {
  if (!link.key) return isStateMachine(doc.value) ? definitionAt(doc, link.name, []) : undefined;
  return definitionAt(doc, link.name, link.key);
}
