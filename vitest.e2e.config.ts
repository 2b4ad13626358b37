import { defineConfig } from 'vitest/config';

/** Browser tests: `npx vitest run -c vitest.e2e.config.ts` (starts the app itself unless E2E_BASE_URL is set). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    // One server, one browser at a time: predictable on small CI machines.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-e2e.json' }]],
  },
});
