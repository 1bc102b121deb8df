import { defineRule, NO_OPTIONS } from '../src/rule.js';

// The engine reports these itself when a file cannot be read or parsed; the rule exists so that
// parse errors have an id, a doc and fixtures like every other finding. It cannot be turned off:
// a file that does not parse has not been checked.
export default defineRule({
  id: 'parse-error',
  description:
    'Files that cannot be read or parsed (malformed JSON/YAML, binary, bad encoding, empty JSON), and duplicate YAML keys',
  severity: 'error',
  messages: {
    syntax: 'Cannot parse this {{format}} file: {{detail}}. Nothing in it was checked; fix the syntax first.',
    empty:
      'The file is empty, and empty text is not JSON (a JSON file holds at least one value, such as `{}`); delete it or give it content.',
    binary: 'This is a binary file, not JSON or YAML ({{detail}}); exclude it with `ignores` in the config.',
    encoding: 'Cannot read this file as text: {{detail}}. Save it as UTF-8.',
    unreadable: 'Cannot read this path: {{detail}}.',
    crash: 'Rule `{{rule}}` failed on this file ({{detail}}); the other rules still ran. Please report this.',
    duplicateTemplateKey:
      'The key `{{key}}` is written twice in one mapping (lines {{firstLine}} and {{line}}): CloudFormation and PyYAML keep the last, which is what was checked, but cfn-lint rejects the template (E0000 Duplicate found); remove one of them.',
    duplicateKey:
      'The key `{{key}}` is written twice in one mapping (lines {{firstLine}} and {{line}}): PyYAML keeps the last, which is what was checked, but strict YAML loaders reject the file; remove one of them.',
    ignoredFile:
      'File ignored by default: {{reason}}, so nothing in it was checked; lint it with `--no-ignore`, or with a `!` entry in the config `ignores`.',
    laterDocument:
      'A second YAML document starts on line {{line}}; only the first document of a file is checked, so nothing from here on was. Put each document in a file of its own.',
  },
  ...NO_OPTIONS,
  appliesTo: [],
  check() {},
});
