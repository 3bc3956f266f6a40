import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take 6–30 s each, longest first. Vitest starts files in the order of
 * their past durations when its cache has them, and a fresh clone's (CI's) has none: it then
 * starts the biggest files first, and these are small files, so they started last and left one
 * worker running alone at the end. They now start first, the rest in vitest's own order.
 */
const LONGEST = ['ingest/property', 'crash', 'cli', 'cron', 'detect/scenarios', 'detect/decoy', 'edges', 'report/report', 'faults', 'pack', 'ingest/parallel', 'ingest/robustness', 'crash-pile', 'query'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(`/test/${name}.test.ts`));
      return i === -1 ? LONGEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    // Two test files run at once on two cores: DuckDB gets one thread in each (workers and the CLI
    // they start), not one per core in each, so that no thread waits on a busy core. Full runs
    // one after the other: 112 s against 129 s, CPU 210 s against 245 s. The tests of parallel
    // and killed loads still ask for two (ENGINE_THREADS in test/helpers.ts).
    env: { FAULTLINE_THREADS: '1' },
    sequence: { sequencer: LongestFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
