import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Many tests wait on child processes (the CLI, Chromium, npm): two test files at a time use
    // both cores of a 2-core machine where vitest's default (cores - 1) runs one.
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    // Test files in one worker share its loaded modules instead of loading them again each.
    isolate: false,
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
