import { createRoute, z } from '@hono/zod-openapi';
import { VERSION } from '@lassokit/core';
import type { App, Deps } from '../../deps.js';

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'liveness, version and fit-worker load',
  responses: {
    200: {
      description: 'the server is up',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ok'), version: z.string(), workers: z.object({ size: z.number(), busy: z.number(), warming: z.number(), queued: z.number() }) }),
        },
      },
    },
  },
});

export function registerHealth(app: App, { pool }: Deps): void {
  app.openapi(route, (c) => c.json({ status: 'ok' as const, version: VERSION, workers: pool.stats() }, 200));
}
