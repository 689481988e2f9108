import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { App } from '../../deps.js';
import { VERSION } from '@lassokit/core';
import { ApiError } from '../../errors.js';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const INIT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });\n";

/**
 * Interactive docs at /docs: Swagger UI served from the swagger-ui-dist npm package's own files
 * (no CDN — the demo works offline), reading /openapi.json.
 */
export function registerDocs(app: App): void {
  // Where to start, for whoever opens the server's root: the docs, the document, the routes (read
  // from the app's own route table when asked, so the list never drifts from what is served).
  app.get('/', (c) => {
    const routes = app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/' && r.path !== '/*' && !r.path.startsWith('/docs/')).map((r) => `${r.method} ${r.path}`);
    return c.json({ name: 'lassokit API', version: VERSION, docs: '/docs', openapi: '/openapi.json', routes: [...new Set(routes)] });
  });
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, string>();
  app.get('/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lassokit API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`),
  );
  // The start-up script is a file, not inline, so the page's Content-Security-Policy can forbid inline scripts.
  app.get('/docs/assets/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=86400' }));
  app.get('/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (type === undefined) throw new ApiError(404, 'NOT_FOUND', `no docs asset ${JSON.stringify(file)}`);
    let body = cache.get(file);
    if (body === undefined) {
      body = readFileSync(join(dir, file), 'utf8');
      cache.set(file, body);
    }
    c.header('Content-Type', type);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(body);
  });
}
