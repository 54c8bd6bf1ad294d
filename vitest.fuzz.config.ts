import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the fuzz tests (files named *-fuzz.test.ts) at 100,000 runs each (FUZZ_RUNS
// overrides). npm test runs the same files at their default of 10,000.
export default defineConfig({
  test: {
    include: ['**/*-fuzz.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '100000' },
  },
});
