import { describe, expect, it } from 'vitest';
import compact from '../../src/reporters/compact.js';
import junit from '../../src/reporters/junit.js';
import type { FileResult } from '../../src/types.js';

const results: FileResult[] = [
  {
    filePath: 'events/a&b.json',
    diagnostics: [
      {
        ruleId: 'no-inline-base64',
        messageId: 'inline',
        message: '`$.x` is <big> & "inline"',
        severity: 'warn',
        filePath: 'events/a&b.json',
        path: '$.x',
        pointer: '/x',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
      },
    ],
  },
  { filePath: 'events/ok.json', diagnostics: [] },
];

describe('compact reporter', () => {
  it('prints file:line:col: severity message [rule]', () => {
    expect(compact(results, { color: false, cwd: '/' })).toBe(
      'events/a&b.json:3:5: warning `$.x` is <big> & "inline" [no-inline-base64]\n',
    );
    // On a terminal, the count follows, as in ESLint's compact.
    expect(compact(results, { color: false, cwd: '/', columns: 60 })).toBe(
      'events/a&b.json:3:5: warning `$.x` is <big> & "inline" [no-inline-base64]\n\n1 problem (0 errors, 1 warning)\n',
    );
    expect(compact([{ filePath: 'ok.json', diagnostics: [] }], { color: false, cwd: '/' })).toBe('');
  });
  it('counts notes on a line of their own, never as problems', () => {
    const noted: FileResult[] = [
      {
        filePath: 'a.yaml',
        diagnostics: [{ ...results[0].diagnostics[0], filePath: 'a.yaml', severity: 'note', message: 'not read' }],
      },
    ];
    expect(compact(noted, { color: false, cwd: '/', columns: 60 })).toBe(
      'a.yaml:3:5: note not read [no-inline-base64]\n\n1 note\n',
    );
    expect(compact(noted, { color: false, cwd: '/' })).toBe('a.yaml:3:5: note not read [no-inline-base64]\n');
  });
});

describe('junit reporter', () => {
  it('writes one suite per file, a failing case per finding and a passing case for a clean file', () => {
    expect(junit(results, { color: false, cwd: '/' })).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="payload-guard" tests="2" failures="1" errors="0">
  <testsuite name="events/a&amp;b.json" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="events/a&amp;b.json" name="no-inline-base64 at 3:5 ($.x)" file="events/a&amp;b.json" line="3">
      <failure type="warning" message="\`$.x\` is &lt;big&gt; &amp; &quot;inline&quot;">warning \`$.x\` is &lt;big&gt; &amp; &quot;inline&quot; [no-inline-base64]
events/a&amp;b.json:3:5</failure>
    </testcase>
  </testsuite>
  <testsuite name="events/ok.json" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="events/ok.json" name="payload-guard" file="events/ok.json"/>
  </testsuite>
</testsuites>
`);
  });
});
