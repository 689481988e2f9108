import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The tests start real engines and run real queries; with every package's suite sharing two
    // cores in CI, a query that takes 2 s alone has taken 20 s. The limit guards against a hang.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
