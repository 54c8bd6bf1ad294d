import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the long fuzz runs (FUZZ_RUNS defaults to 100,000 there).
export default defineConfig({
  test: {
    include: ['**/*.fuzz.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '100000' },
  },
});
