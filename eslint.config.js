import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/.svelte-kit/**', '**/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  { files: ['**/*.mjs', '**/*.js', '**/bench/**', '**/scripts/**', '**/test/browser/**'], languageOptions: { globals: globals.node } },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: globals.browser },
    // replaceState only rewrites the current route's query string (shallow routing for shareable state).
    rules: { 'svelte/no-navigation-without-resolve': ['error', { ignoreReplaceState: true }] },
  },
  // Browser tests run code in the page (page.evaluate) as well as in Node.
  { files: ['**/test/browser/**', 'apps/web/scripts/load-figures.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  { files: ['**/*.svelte', '**/*.svelte.ts'], languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
);
