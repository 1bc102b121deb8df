// Every integration in the table has fixtures: an invalid case that keeps its result whole and a
// valid one that bounds or narrows it (issue 15's "Done when").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNBOUNDED_INTEGRATIONS, unboundedIntegration } from '../../src/definitions/integrations.js';

const dir = path.resolve(__dirname, '../../fixtures/sfn-unbounded-result');
const cases = fs.readdirSync(dir).filter((f) => /^(valid|invalid)-/.test(f) && !f.endsWith('.expected.txt'));
const resources = (prefix: string) => {
  const found = new Set<string>();
  for (const f of cases.filter((c) => c.startsWith(prefix))) {
    for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/arn:aws:states:::([\w:.-]+)/g))
      found.add(m[1].toLowerCase());
  }
  return found;
};

describe('UNBOUNDED_INTEGRATIONS', () => {
  const invalid = resources('invalid-');
  const valid = resources('valid-');
  for (const entry of UNBOUNDED_INTEGRATIONS) {
    for (const r of entry.resources) {
      it(`${r} has an invalid and a valid fixture in fixtures/sfn-unbounded-result (add a state calling it to the every-integration cases)`, () => {
        expect(invalid.has(r.toLowerCase()), `no invalid case calls ${r}`).toBe(true);
        expect(valid.has(r.toLowerCase()), `no valid case calls ${r}`).toBe(true);
      });
    }
  }

  it('finds entries by Resource with .sync and .waitForTaskToken suffixes, lambda:invoke callbacks aside', () => {
    expect(unboundedIntegration('arn:aws:states:::athena:getQueryResults')?.action).toBe('athena:getQueryResults');
    expect(unboundedIntegration('arn:aws-us-gov:states:::aws-sdk:s3:listObjectsV2.waitForTaskToken')?.action).toBe(
      's3:listObjectsV2',
    );
    expect(unboundedIntegration('arn:aws:states:::lambda:invoke')?.valueAt).toEqual(['Payload']);
    expect(unboundedIntegration('arn:aws:lambda:us-east-1:123456789012:function:f:live')?.valueAt).toEqual([]);
    expect(unboundedIntegration('arn:aws:states:::lambda:invoke.waitForTaskToken')).toBeUndefined();
    expect(unboundedIntegration('arn:aws:states:::aws-sdk:organizations:listAccounts')).toBeUndefined();
  });
});
