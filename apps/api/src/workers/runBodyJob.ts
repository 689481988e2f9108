import type { Context } from 'hono';
import { jobError, requireJson } from '../errors.js';
import type { Job } from '../fitting/jobs.js';
import type { ModelRow } from '../store/modelRow.js';
import type { WorkerPool } from './WorkerPool.js';

/**
 * Runs the job a request's body describes, in the worker pool. A place in the pool is reserved
 * before the body is read (503 when there is none), and the body's bytes are moved to the worker
 * unparsed: the event loop only copies bytes, whatever the body holds. Failures become the
 * response the worker chose.
 */
export async function runBodyJob(c: Context, pool: WorkerPool, job: (body: ArrayBuffer) => Job): Promise<{ body: string; row?: ModelRow }> {
  requireJson(c);
  const reservation = pool.reserve();
  let body: ArrayBuffer;
  try {
    body = await c.req.arrayBuffer();
  } catch (e) {
    reservation.release();
    throw e;
  }
  const result = await reservation.run(job(body), [body]);
  if (!result.ok) throw jobError(result.error);
  return result;
}

/** A JSON response from text a worker already serialized. */
export function jsonText(c: Context, text: string, status: 200 | 201): Response {
  return c.body(text, status, { 'Content-Type': 'application/json' });
}
