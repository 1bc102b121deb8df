// The slow tier (`npm run test:e2e`): the built bin, the packed package, real servers and the
// pre-commit framework (test/tiers.ts lists them). It refuses a dist/ older than the sources.
import { defineConfig } from 'vitest/config';
import { e2eFiles } from './tiers.js';
import { shared } from './vitest.config.js';

export default defineConfig({
  test: {
    ...shared,
    dir: '.',
    include: e2eFiles(),
    globalSetup: ['test/support/dist-fresh.ts'],
  },
});
