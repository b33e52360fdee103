import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds dist/ and the oclif manifest when stale, for the CLI tests that spawn bin/run.js.
    globalSetup: ['test/setup/build.ts'],
  },
});
