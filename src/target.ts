// The one place that decides which limit a document is measured against, and why: the engine
// (and through it payload-size) and `--print-config` both ask here, so what a run measures and
// what print-config says can never differ. Event shapes plug in here.
import type { DocumentKind } from './classify.js';
import type { FileSettings } from './config.js';
import type { ResolvedTarget } from './rule.js';
import { PAYLOAD_KINDS } from './classify.js';

export interface TargetDecision {
  target: ResolvedTarget;
  /** "default target", "config `targets` entry (queue/**)" */
  reason: string;
}

/**
 * The target of a document of `kind` whose parsed value is `value` (undefined when it was not
 * read). Today the config decides alone; `value` is there for decisions by the document's shape.
 */
export function targetFor(settings: FileSettings, kind: DocumentKind | undefined, value?: unknown): TargetDecision {
  const reason = settings.targetFrom ? `config \`targets\` entry (${settings.targetFrom})` : 'default target';
  const applies = kind === undefined || PAYLOAD_KINDS.has(kind);
  return { target: settings.target, reason: applies ? reason : `${reason}; not used: the file is not a payload` };
}
