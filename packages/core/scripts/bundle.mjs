#!/usr/bin/env node
/**
 * Bundles tsc's output (dist/**) into dist/esm/: the public entry points (`.`, `./internal`,
 * `./parallel`, its browser twin) and the two worker scripts, with shared code split into chunks so
 * every class exists once (an error thrown in a worker-thread CV is `instanceof LassoKitError` of
 * the main entry). Importing 91 modules cost ~70 ms in a fresh Node process (resolution and
 * compilation per file); the bundle ~15 ms — the cold start a CLI run or a serverless request pays.
 * Worker scripts stay next to the entries that start them (`new URL('./cvWorker.js',
 * import.meta.url)`), as in dist/. Types stay tsc's (dist/*.d.ts).
 */
import { build } from 'esbuild';

const entries = ['index', 'internal', 'parallel/index', 'parallel/browser', 'parallel/cvWorker', 'parallel/cvWebWorker'];
await build({
  entryPoints: entries.map((e) => `dist/${e}.js`),
  outbase: 'dist',
  outdir: 'dist/esm',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  external: ['node:*'],
  target: 'es2022',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
