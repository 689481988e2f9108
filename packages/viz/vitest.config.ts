import { defineConfig } from 'vitest/config';

// Its own config, so vitest does not look further up the directory tree for one.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
