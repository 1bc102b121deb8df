// One report that exercises every part a reporter renders: an error with a size, a warning with a
// safe fix, a note, a finding silenced by a comment, a suppression with an unsafe suggestion, and
// a clean file. Plain data, so the contract test depends on no rule and no disk.
import { infoOf, ruleDocUrl } from '../../src/io/package-info.js';
import type { ReportContext, RuleMeta } from '../../src/reporters/types.js';
import type { Diagnostic, FileResult } from '../../src/types.js';

const info = infoOf(
  {
    name: 'payload-guard',
    version: '1.2.3',
    repository: { url: 'git+https://github.com/payload-guard/payload-guard.git' },
  },
  '/nowhere',
);

const rule = (
  id: string,
  description: string,
  severity: RuleMeta['severity'],
  fixable?: RuleMeta['fixable'],
): RuleMeta => ({
  id,
  description,
  severity,
  ...(fixable ? { fixable } : {}),
  helpUri: ruleDocUrl(id, info),
});

const SAMPLE_RULES: RuleMeta[] = [
  rule('payload-size', 'A payload file must fit its target’s size limit', 'error'),
  rule('no-inline-base64', 'Base64 blobs inline in a payload belong in S3', 'error', 'unsafe'),
  rule('unused-suppression', 'Suppression comments that no longer silence any finding', 'warn', 'safe'),
  rule('sfn-definition-unread', 'State machines whose definition payload-guard cannot read', 'note'),
  rule('sfn-dataflow', 'Step Functions data-flow smells', 'off'),
];

function diagnostic(
  filePath: string,
  d: Partial<Diagnostic> & Pick<Diagnostic, 'ruleId' | 'messageId' | 'message' | 'severity' | 'line' | 'column'>,
): Diagnostic {
  return { filePath, path: '$', pointer: '', endLine: d.line, endColumn: d.column + 1, ...d };
}

const upload = 'events/upload.json';
const template = 'stacks/orders.yaml';

export const SAMPLE_RESULTS: FileResult[] = [
  {
    filePath: upload,
    fileBytes: 312_000,
    limitBytes: 262_144,
    diagnostics: [
      diagnostic(upload, {
        ruleId: 'payload-size',
        messageId: 'over',
        message:
          'The payload is 304.7 KiB (312,000 bytes), 119% of the 256 KiB Step Functions limit; move the largest fields to S3.',
        severity: 'error',
        line: 1,
        column: 1,
        bytes: 312_000,
        limitBytes: 262_144,
        valueHash: 'aaaa1111',
      }),
      diagnostic(upload, {
        ruleId: 'no-inline-base64',
        messageId: 'inline',
        message: '`$.payload.file` is 9.8 KiB of base64 (PNG, "a,b": 50% <of> the budget); move it to S3.',
        severity: 'warn',
        path: '$.payload.file',
        pointer: '/payload/file',
        line: 3,
        column: 13,
        endLine: 3,
        endColumn: 40,
        bytes: 10_000,
        valueHash: 'bbbb2222',
        suggestions: [
          {
            kind: 'unsafe',
            description: 'replace the blob with a payloadS3 reference',
            edits: [{ start: 30, end: 10_030, text: '{"payloadS3": "s3://b/k"}' }],
          },
        ],
      }),
      diagnostic(upload, {
        ruleId: 'unused-suppression',
        messageId: 'unusedComment',
        message: 'This payload-guard-disable comment for payload-size silences nothing; remove it.',
        severity: 'warn',
        line: 5,
        column: 3,
        endColumn: 40,
        fix: { kind: 'safe', description: 'remove the comment', edits: [{ start: 80, end: 117, text: '' }] },
      }),
    ],
    suppressed: [
      {
        ...diagnostic(upload, {
          ruleId: 'no-inline-base64',
          messageId: 'inline',
          message: '`$.thumb` is 2.1 KiB of base64 (JPEG).',
          severity: 'warn',
          path: '$.thumb',
          pointer: '/thumb',
          line: 7,
          column: 12,
        }),
        suppression: { kind: 'inSource', justification: 'the thumbnail is part of the contract' },
      },
    ],
  },
  {
    filePath: template,
    diagnostics: [
      diagnostic(template, {
        ruleId: 'sfn-definition-unread',
        messageId: 'unread',
        message:
          '1 state machine definition is not checked here: `Orders` (in S3, DefinitionS3Location key `orders/v3.asl.json`). Lint what deployment reads instead.',
        severity: 'note',
        path: '$.Resources.Orders.Properties.DefinitionS3Location',
        pointer: '/Resources/Orders/Properties/DefinitionS3Location',
        line: 7,
        column: 7,
        endLine: 9,
        endColumn: 32,
      }),
    ],
  },
  { filePath: 'events/clean.json', diagnostics: [], fileBytes: 12, limitBytes: 262_144 },
];

/** A terminal 100 columns wide (stylish wraps, compact prints its count), no colour, paths under /project. */
export const SAMPLE_CONTEXT: ReportContext = {
  color: false,
  cwd: '/project',
  srcRoot: '/project',
  env: {},
  columns: 100,
  rules: SAMPLE_RULES,
  tool: { version: info.version, informationUri: info.repositoryUrl },
};
