// What the CLI tells the reporters about the run besides its results: the rules (with their doc
// links) and the tool. Built here from the registry the CLI passes in, so reporters never import
// rules/ nor read package.json themselves.
import { packageInfo, ruleDocUrl } from '../io/package-info.js';
import type { Severity } from '../types.js';
import type { ReportContext } from '../reporters/types.js';

interface RuleLike {
  id: string;
  description: string;
  severity: Severity | 'off';
  fixable?: 'safe' | 'unsafe';
}

export function aboutRun(registry: readonly RuleLike[]): Pick<ReportContext, 'rules' | 'tool'> {
  const info = packageInfo();
  return {
    rules: registry.map((r) => ({
      id: r.id,
      description: r.description,
      severity: r.severity,
      ...(r.fixable ? { fixable: r.fixable } : {}),
      helpUri: ruleDocUrl(r.id, info),
    })),
    tool: { version: info.version, ...(info.repositoryUrl ? { informationUri: info.repositoryUrl } : {}) },
  };
}
