// What every reporter is given and what it returns. Plain types: the registry (index.ts) and the
// reporters both import this module, and neither imports the other, so there is no cycle.
import type { FileResult, Severity } from '../types.js';

/** A rule as reporters describe it (SARIF's `tool.driver.rules`), filled in by the CLI from the registry. */
export interface RuleMeta {
  id: string;
  description: string;
  severity: Severity | 'off';
  fixable?: 'safe' | 'unsafe';
  /** https address of the rule's doc (see package-info's ruleDocUrl) */
  helpUri: string;
}

/** The tool that wrote the report (SARIF's `tool.driver`), from package.json. */
interface ToolMeta {
  version: string;
  /** https address of the project, when package.json names one */
  informationUri?: string;
}

export interface ReportContext {
  color: boolean;
  cwd: string;
  /** the rules of the run, for reporters that describe rules (SARIF); none: results only */
  rules?: readonly RuleMeta[];
  /** the tool's version and home; default version 0.0.0 */
  tool?: ToolMeta;
  /** environment (GITHUB_WORKSPACE for the github reporter); given by the CLI; default none */
  env?: Readonly<Record<string, string | undefined>>;
  /** repository root that SARIF URIs are relative to (%SRCROOT%); default cwd */
  srcRoot?: string;
  /** width of the terminal the report is printed on; undefined for a file or a pipe (no wrapping, no summary) */
  columns?: number;
}

export type Reporter = (results: readonly FileResult[], ctx: ReportContext) => string;
