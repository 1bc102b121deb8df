// The fast tier (`npm test`): in-process tests only, no build needed. The settings are kept in
// test/ (the top level holds only what the design names); test/tiers.ts says what runs where.
import { defineConfig } from 'vitest/config';
import { e2eFiles } from './tiers.js';

export const shared = {
  dir: 'test',
  include: ['**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
  coverage: {
    provider: 'v8' as const,
    include: ['src/**/*.ts', 'rules/**/*.ts'],
    exclude: ['src/build/**', 'src/generated/**'],
    reporter: ['text-summary', 'json-summary', 'text'],
    reportsDirectory: 'coverage',
    reportOnFailure: true,
  },
};

export default defineConfig({
  test: {
    ...shared,
    // Patterns are matched from `dir` (test/), so the tier list's leading `test/` is dropped.
    exclude: ['**/node_modules/**', ...e2eFiles().map((f) => f.replace(/^test\//, ''))],
  },
});
