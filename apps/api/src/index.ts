/**
 * The Node server: `pnpm --filter @lassokit/api start` (after `pnpm build`). Reads the
 * configuration from the environment, opens the SQLite store, starts the fit workers, trains the
 * built-in model on first start, and serves until SIGINT/SIGTERM.
 */
import { serve } from '@hono/node-server';
import { createApp, ensureBuiltinModels, jsonLogger, loadConfig, ModelStore, WorkerPool } from './app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = new ModelStore(config.dbPath);
  const pool = new WorkerPool({
    size: config.workers,
    timeoutMs: config.fitTimeoutMs,
    maxQueue: config.maxQueue,
    limits: config,
    heapMb: config.workerHeapMb,
    warmUp: config.warmUp,
    onWarmUp: ({ ms, failed }) =>
      jsonLogger(failed.length === 0 ? { level: 'info', message: `a fit worker warmed up in ${Math.round(ms)} ms` } : { level: 'warn', message: `a fit worker's warm-up jobs failed: ${failed.join('; ')}` }),
  });
  await ensureBuiltinModels(store, pool);
  const app = createApp({ config, store, pool });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    jsonLogger({ level: 'info', message: `lassokit API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port} (docs at /docs)`, db: config.dbPath });
  });
  const stop = () => {
    server.close();
    void pool.close().finally(() => {
      store.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`lassokit API: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
