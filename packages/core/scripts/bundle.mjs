#!/usr/bin/env node
/**
 * Bundles tsc's output (dist/**) into dist/esm/: the public entry points (`.`, `./internal`,
 * `./parallel`, its browser twin) and the two worker scripts, with shared code split into chunks so
 * every class exists once (an error thrown in a worker-thread CV is `instanceof LassoKitError` of
 * the main entry). Importing 91 modules cost ~70 ms in a fresh Node process (resolution and
 * compilation per file); the bundle ~15 ms — the cold start a CLI run or a serverless request pays.
 * Whitespace and comments are left out (`minifyWhitespace`; names and syntax stay, and the source
 * maps lead back): the doc comments' non-ASCII characters (≤, α, ·) made V8 read each chunk as a
 * two-byte string, and parsing them cost a fresh process ~4 ms of its ~17 ms import (now ~13).
 * Worker scripts stay next to the entries that start them (`new URL('./cvWorker.js',
 * import.meta.url)`), as in dist/. Types stay tsc's (dist/*.d.ts).
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const entries = ['index', 'internal', 'parallel/index', 'parallel/browser', 'parallel/cvWorker', 'parallel/cvWebWorker'];
const { metafile } = await build({
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
  minifyWhitespace: true,
  metafile: true,
  logLevel: 'warning',
});

// One-byte text or the build fails: a character beyond Latin-1 (in a regex or a kept comment; strings
// are escaped) would make V8 read the whole chunk as two-byte again.
for (const file of Object.keys(metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(file, 'utf8');
  const at = text.search(/[\u{100}-\u{10ffff}]/u);
  if (at >= 0) throw new Error(`${file}: a character beyond Latin-1 at offset ${at} (${JSON.stringify(text.slice(Math.max(0, at - 30), at + 10))}); write it as a \\u escape`);
}
