import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A hang guard, not a speed test: CI runs every package's suite at once on two cores, where
    // simulation tests that take 15–20 s alone have taken 2–3× that.
    testTimeout: 120_000,
  },
});
