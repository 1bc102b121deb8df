import { defineRule, NO_OPTIONS } from '../src/rule.js';

// The engine reports these itself (src/suppress.ts) after every other rule has run, since only then
// is it known whether a suppression silenced anything. The rule gives the finding an id, a
// severity that can be configured, a doc and fixtures. Unused `glob#/pointer` config ignores are
// reported on the config file at the end of a run.
export default defineRule({
  id: 'unused-suppression',
  description: 'Suppression comments and config ignores that no longer silence any finding',
  severity: 'warn',
  fixable: 'safe',
  messages: {
    unusedComment:
      'This payload-guard-disable-next-line comment for {{rules}} silences nothing: the next line has no such finding. Remove the comment (`--fix` does).',
    unknownRule:
      'This payload-guard-disable-next-line comment names `{{rule}}`, which is not a rule ({{hint}}). Correct the name; `--fix` leaves the comment for you, as it holds your intent.',
    unusedIgnore:
      'The `ignores` entry `{{entry}}` silences nothing in the {{files}} it matched in this run{{reason}}. Remove it from the config.',
  },
  ...NO_OPTIONS,
  appliesTo: [],
  check() {},
});
