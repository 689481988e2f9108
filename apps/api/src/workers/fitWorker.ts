/**
 * A fit worker: runs one job at a time off the server's event loop — parsing and validating its
 * body, building the design, fitting — so fits and large bodies never block predictions or
 * health checks. Messages: { id, job } in, { id, result } out. With `warmUp`, it first runs
 * small made-up jobs (see `warmUp`) and says { ready } when done; the pool sends it no job before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobLimits } from '../config.js';
import { runJob, type Job } from '../fitting/jobs.js';
import { warmUp } from './warmUp.js';

const { limits, warm } = workerData as { limits: JobLimits; warm?: boolean };

parentPort?.on('message', async ({ id, job }: { id: number; job: Job }) => {
  parentPort?.postMessage({ id, result: await runJob(job, limits) });
});

if (warm === true) {
  const start = performance.now();
  const failed = await warmUp(limits).catch((e: unknown) => [String(e)]);
  parentPort?.postMessage({ ready: { ms: performance.now() - start, failed } });
}
