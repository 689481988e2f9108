import { OpenAPIHono } from '@hono/zod-openapi';
import { VERSION } from '@lassokit/core';
import { timingSafeEqual } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { App, AppEnv, Deps } from './deps.js';
import { ApiError, errorResponse, invalidRequest } from './errors.js';
import { registerAnalysis } from './routes/analysis/analysis.js';
import { registerDocs } from './routes/docs/docs.js';
import { registerHealth } from './routes/health/health.js';
import { registerModels } from './routes/models/models.js';

export type { Deps } from './deps.js';
export { loadConfig, type Config } from './config.js';
export { ModelStore } from './store/ModelStore.js';
export { WorkerPool } from './workers/WorkerPool.js';
export type { JobLimits } from './config.js';
export { ensureBuiltinModels } from './store/builtinModels.js';

/** One structured log line per request (and per unexpected error). */
export type Logger = (line: Record<string, unknown>) => void;

/**
 * One JSON line per event on stdout. Lines are batched and written once per event-loop turn:
 * a write per request costs more than the prediction it logs.
 */
export const jsonLogger: Logger = (() => {
  let pending: string[] = [];
  const flush = () => {
    const chunk = pending.join('');
    pending = [];
    process.stdout.write(chunk);
  };
  process.once('exit', () => pending.length > 0 && flush());
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
  };
})();

/**
 * The methods registered for a path (e.g. 'GET, DELETE'), read from the app's own route table so
 * 405 answers can never drift from the routes; null when no route matches the path.
 */
function allowedMethods(app: App, path: string): string | null {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const pattern = new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/:[^/]+/g, '[^/]+')}$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return methods.size > 0 ? [...methods].sort().join(', ') : null;
}

/**
 * The lassokit API as a Hono app, mountable or testable with `app.request()` and no socket.
 * Installs request ids, one log line per request, CORS, security headers, the body limit, API-key checks on mutating routes, the routes, OpenAPI 3.1 at /openapi.json, docs at /docs, 404/405 and one
 * `onError` that gives every failure the `{ error: { code, message, details? } }` shape.
 */
export function createApp(deps: Deps, log: Logger = jsonLogger): App {
  const { config } = deps;
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error.issues);
    },
  });

  app.use(requestId());
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    log({ level: 'info', reqId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - start) * 10) / 10 });
  });
  // CORS only matters to browsers, which send Origin; skipping it otherwise keeps server-to-server
  // calls on @hono/node-server's fast path.
  const corsMiddleware = cors({ origin: [...config.corsOrigins], allowHeaders: ['Content-Type', 'Authorization'], allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'], exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id'] });
  app.use((c, next) => (c.req.header('Origin') === undefined ? next() : corsMiddleware(c, next)));
  // Security headers on every response: a locked-down policy for the JSON API, and one for the
  // Swagger UI page that allows its own scripts, styles and the document it reads.
  const common = { xFrameOptions: 'DENY', referrerPolicy: 'no-referrer' } as const;
  const apiHeaders = secureHeaders({ ...common, contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } });
  const docsHeaders = secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  app.use((c, next) => (c.req.path === '/docs' || c.req.path.startsWith('/docs/') ? docsHeaders(c, next) : apiHeaders(c, next)));
  // The body limit reads Content-Length when there is one; only chunked bodies get the streaming
  // check (which materializes the request body stream, costly on every request).
  const tooLarge = () => {
    throw new ApiError(413, 'BODY_TOO_LARGE', `the request body is over the ${config.maxBodyBytes}-byte limit (LASSOKIT_MAX_BODY_BYTES)`);
  };
  const streamingLimit = bodyLimit({ maxSize: config.maxBodyBytes, onError: tooLarge });
  app.use((c, next) => {
    if (c.req.method !== 'POST') return next();
    const length = c.req.header('Content-Length');
    if (length === undefined) return streamingLimit(c, next);
    if (Number(length) > config.maxBodyBytes) tooLarge();
    return next();
  });
  if (config.apiKey !== undefined) {
    const expected = Buffer.from(`Bearer ${config.apiKey}`);
    app.use('/v1/*', async (c, next) => {
      if (c.req.method === 'POST' || c.req.method === 'DELETE') {
        const given = Buffer.from(c.req.header('Authorization') ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new ApiError(401, 'UNAUTHORIZED', 'this route needs Authorization: Bearer <LASSOKIT_API_KEY>', undefined, { 'WWW-Authenticate': 'Bearer' });
        }
      }
      await next();
    });
  }

  registerHealth(app, deps);
  registerModels(app, deps);
  registerAnalysis(app, deps);
  registerDocs(app);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'lassokit API', version: VERSION, description: 'Fit, store and serve Lasso / Elastic Net models. Errors: { error: { code, message, details? } }.' },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  app.notFound((c) => {
    const methods = allowedMethods(app, c.req.path);
    if (methods !== null) {
      c.header('Allow', methods);
      return c.json({ error: { code: 'METHOD_NOT_ALLOWED', message: `${c.req.method} is not allowed on ${c.req.path}; use ${methods}` } }, 405);
    }
    return c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404);
  });
  app.onError((e, c) => errorResponse(e, c, log));
  return app;
}
