import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from './config.js';
import type { ModelStore } from './store/ModelStore.js';
import type { WorkerPool } from './workers/WorkerPool.js';

/** What every route needs. */
export interface Deps {
  readonly config: Config;
  readonly store: ModelStore;
  readonly pool: WorkerPool;
}

export type AppEnv = { Variables: RequestIdVariables };
export type App = OpenAPIHono<AppEnv>;
