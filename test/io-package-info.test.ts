// Rule doc links are built from package.json's repository (or homepage), for every form npm
// accepts there, and are https addresses at the version's tag; never a path on this machine.
import { describe, expect, it } from 'vitest';
import { infoOf, packageInfo, ruleDocUrl } from '../src/io/package-info.js';

const link = (pkg: Parameters<typeof infoOf>[0]) =>
  ruleDocUrl('payload-size', infoOf({ name: 'payload-guard', version: '2.0.1', ...pkg }, '/x'));

describe('ruleDocUrl', () => {
  it.each([
    ['git+https://github.com/o/r.git', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['https://github.com/o/r', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['github:o/r', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['o/r', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['git@github.com:o/r.git', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['git+ssh://git@github.com/o/r.git', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['git://github.com/o/r.git', 'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md'],
    ['gitlab:g/r', 'https://gitlab.com/g/r/-/blob/v2.0.1/rules/payload-size.md'],
    [
      'https://gitlab.example.com/team/sub/r.git',
      'https://gitlab.example.com/team/sub/r/-/blob/v2.0.1/rules/payload-size.md',
    ],
    ['bitbucket:t/r', 'https://bitbucket.org/t/r/src/v2.0.1/rules/payload-size.md'],
  ])('%s', (repository, expected) => {
    expect(link({ repository })).toBe(expected);
    expect(link({ repository: { url: repository } })).toBe(expected);
  });

  it('follows repository.directory in a monorepo', () => {
    expect(link({ repository: { url: 'https://github.com/o/mono.git', directory: 'packages/pg/' } })).toBe(
      'https://github.com/o/mono/blob/v2.0.1/packages/pg/rules/payload-size.md',
    );
  });

  it('falls back to a repository homepage, then to the docs the package ships', () => {
    expect(link({ homepage: 'https://github.com/o/r#readme' })).toBe(
      'https://github.com/o/r/blob/v2.0.1/rules/payload-size.md',
    );
    expect(link({ homepage: 'https://example.com' })).toBe(
      'https://unpkg.com/payload-guard@2.0.1/rules/payload-size.md',
    );
    expect(link({ repository: 'file:../local' })).toBe('https://unpkg.com/payload-guard@2.0.1/rules/payload-size.md');
    expect(link({})).toBe('https://unpkg.com/payload-guard@2.0.1/rules/payload-size.md');
  });

  it('reads this package.json', () => {
    const info = packageInfo();
    expect(ruleDocUrl('payload-size')).toBe(
      `https://github.com/payload-guard/payload-guard/blob/v${info.version}/rules/payload-size.md`,
    );
  });
});
