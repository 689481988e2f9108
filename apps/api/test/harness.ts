import { createApp, ensureBuiltinModels, loadConfig, ModelStore, WorkerPool, type Config } from '../src/app.js';

/** The built worker (tests run the source, the pool runs compiled workers: pnpm build first). */
export const WORKER_URL = new URL('../dist/workers/fitWorker.js', import.meta.url);

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: ModelStore;
  pool: WorkerPool;
  logs: Record<string, unknown>[];
  close: () => Promise<void>;
}

/** An app over an in-memory store and a real worker pool, with the built-in model trained. */
export async function harness(env: Record<string, string> = {}, overrides: Partial<Config> = {}, builtin = true): Promise<Harness> {
  const config = { ...loadConfig({ LASSOKIT_DB: ':memory:', LASSOKIT_WORKERS: '1', ...env }), ...overrides };
  const store = new ModelStore(config.dbPath);
  const pool = new WorkerPool({ size: config.workers, timeoutMs: config.fitTimeoutMs, maxQueue: config.maxQueue, limits: config, heapMb: config.workerHeapMb, workerUrl: WORKER_URL });
  if (builtin) await ensureBuiltinModels(store, pool);
  const logs: Record<string, unknown>[] = [];
  const app = createApp({ config, store, pool }, (line) => logs.push(line));
  return { app, store, pool, logs, close: async () => { await pool.close(); store.close(); } };
}

/** A JSON request. */
export function post(path: string, body: unknown, headers: Record<string, string> = {}): [string, RequestInit] {
  return [path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } }];
}

export const CAR = { cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 };

/** A small clean table: y ≈ 2a − b. */
export const TABLE = {
  columns: ['y', 'a', 'b', 'c'],
  rows: Array.from({ length: 40 }, (_, i) => {
    const a = (i % 7) - 3;
    const b = ((i * 3) % 5) - 2;
    return [2 * a - b + ((i % 3) - 1) * 0.1, a, b, i % 2 === 0 ? 'x' : 'z'];
  }),
};
