import { defineConfig } from 'vitest/config';

/** The latency tests (`*.load.test.ts`): `pnpm test:load`, which turbo runs after every other task. */
export default defineConfig({
  test: {
    include: ['test/**/*.load.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
