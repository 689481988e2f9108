/**
 * A fit worker: runs one job at a time off the server's event loop — parsing and validating its
 * body, building the design, fitting — so fits and large bodies never block predictions or
 * health checks. Messages: { id, job } in, { id, result } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobLimits } from '../config.js';
import { runJob, type Job } from '../fitting/jobs.js';

const { limits } = workerData as { limits: JobLimits };

parentPort?.on('message', async ({ id, job }: { id: number; job: Job }) => {
  parentPort?.postMessage({ id, result: await runJob(job, limits) });
});
