import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Latency tests run alone, after everything else: `test:load` (vitest.load.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.load.test.ts'],
    testTimeout: 120_000,
    // Setup that starts a real server (it trains the built-in model first: 1.3 s on a quiet machine)
    // took over vitest's default 10 s once in CI, with the other packages' tests on the same 2 cores.
    hookTimeout: 60_000,
  },
});
