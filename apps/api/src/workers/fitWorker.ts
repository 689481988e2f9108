/**
 * A fit worker: runs one job at a time off the server's event loop, so fits never block
 * predictions or health checks. Messages: { id, job } in, { id, result } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from '../fitting/jobs.js';

const { maxCells } = workerData as { maxCells: number };

parentPort?.on('message', ({ id, job }: { id: number; job: Job }) => {
  parentPort?.postMessage({ id, result: runJob(job, maxCells) });
});
