// The reporters' registry: one entry per `--format` name. The names (`--format` choices, the
// README's format list, action.yml's `format` input) all come from this table's keys, so adding a
// reporter is one file and one line here (test/reporters/contract.test.ts then asks for its golden).
// Reporters turn diagnostics into text; they are the only place colour appears.
import type { Reporter } from './types.js';

export type { Reporter, ReportContext } from './types.js';

interface ReporterEntry {
  /** one line for the README's format list */
  description: string;
  /** loaded on demand: a run pays only for the reporters it asks for */
  load: () => Promise<{ default: Reporter }>;
}

export const REPORTERS = {
  stylish: {
    description: 'the default terminal report, grouped by file, with a size bar for payloads over budget',
    load: () => import('./stylish.js'),
  },
  json: {
    description: 'ESLint-compatible JSON (`eslint -f json` readers), plus `path`, `pointer`, `bytes`, `limitBytes`',
    load: () => import('./json.js'),
  },
  compact: {
    description: 'one line per finding, `file:line:col: severity message [rule]`, for problem matchers and grep',
    load: () => import('./compact.js'),
  },
  github: {
    description:
      'GitHub Actions annotations on the pull request (`::error`, `::warning`, `::notice`), and a job summary',
    load: () => import('./github.js'),
  },
  junit: {
    description: 'JUnit XML for CI test reports (GitLab, Jenkins, Azure): one failing test case per error or warning',
    load: () => import('./junit.js'),
  },
  sarif: {
    description: 'SARIF 2.1.0 for GitHub code scanning and other viewers, with fingerprints, fixes and rule links',
    load: () => import('./sarif.js'),
  },
} as const satisfies Record<string, ReporterEntry>;

export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export async function loadReporter(name: ReporterName): Promise<Reporter> {
  return (await REPORTERS[name].load()).default;
}
