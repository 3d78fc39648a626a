import { defineConfig } from 'vitest/config';

// One runner for everything: unit tests beside the code, integration tests against the real
// broker that the global setup starts, and browser e2e tests (playwright-core + Debian chromium).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'e2e/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores and a JVM broker: keep file-level parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default', './test-support/count-reporter.ts'],
  },
});
