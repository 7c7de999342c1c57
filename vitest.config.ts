import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // CI reads pass/fail counts from the JSON report (see .ci/run); people read the default reporter.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci-out/vitest.json' }]] : ['default'],
  },
});
