import { unreadDefinitions } from '../src/definitions/unread.js';
import { defineRule, NO_OPTIONS } from '../src/rule.js';

export default defineRule({
  id: 'sfn-definition-unread',
  description:
    'State machines whose definition payload-guard sees but cannot read (S3 objects, built in code, known at plan time), listed once per file',
  // A note: listed so nothing is skipped in silence, yet never failing a run over what it cannot see.
  severity: 'note',
  messages: {
    unread:
      '{{count}} not checked here: {{list}}. Lint what deployment reads instead (the synthesised cdk.out, `terraform show -json PLAN`, the local ASL file), or turn this rule off for this file.',
    cdkNotSynthesised:
      'This CDK app has no cdk.out, so the state machines {{where}} defines with Step Functions are not checked here. Run `cdk synth` first, then lint cdk.out (see the README for the CI step).',
  },
  ...NO_OPTIONS,
  appliesTo: ['template', 'serverless'],
  check(ctx) {
    const unread = unreadDefinitions(ctx.document, ctx.kind, ctx.definitions());
    if (!unread.length) return;
    const list = unread.map((u) => `\`${u.name}\` (${u.reason})`).join('; ');
    ctx.report({
      messageId: 'unread',
      at: unread[0].holder,
      data: {
        count: unread.length === 1 ? '1 state machine definition is' : `${unread.length} state machine definitions are`,
        list,
      },
    });
  },
});
