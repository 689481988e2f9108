/**
 * The worker side of parallel cross-validation, shared by the Node worker (cvWorker.ts) and the
 * browser one (cvWebWorker.ts). Workers outlive a call (so they stay warm), so each CV run is a
 * job: `start` brings its data (X shared where the host can), `fold` asks for one fold's errors,
 * `end` drops the job. Folds go through the same `foldError` the sequential `elasticNetCV` uses,
 * so results are identical.
 */
import { foldError, prepareFull, type CvData, type Fold } from '../cv/internal.js';
import type { SharedGram } from '../cv/sharedGram.js';
import { LassoKitError } from '../errors.js';

export type WorkerRequest =
  | { readonly kind: 'start'; readonly job: number; readonly data: CvData; readonly folds: Fold[] }
  | { readonly kind: 'fold'; readonly job: number; readonly task: number; readonly fold: number; readonly alphas: Float64Array; readonly l1Ratio: number }
  | { readonly kind: 'end'; readonly job: number };

export type FoldReply =
  | { readonly job: number; readonly task: number; readonly errors: Float64Array }
  | { readonly job: number; readonly task: number; readonly failure: { readonly message: string; readonly code?: string } };

interface Job {
  readonly data: CvData;
  readonly folds: Fold[];
  /** This thread's copy of the all-rows Gram, shared by the folds it fits (built as in planCV). */
  sharedGram?: SharedGram;
  prepared: boolean;
}

const jobs = new Map<number, Job>();

/** Handles one request; a `fold` request gets a reply (to post back, errors' buffer transferable). */
export function handleRequest(m: WorkerRequest): FoldReply | null {
  if (m.kind === 'start') {
    jobs.set(m.job, { data: m.data, folds: m.folds, prepared: false });
    return null;
  }
  if (m.kind === 'end') {
    jobs.get(m.job)?.sharedGram?.full.kernel.workspace?.release();
    jobs.delete(m.job);
    return null;
  }
  try {
    const job = jobs.get(m.job);
    if (job === undefined) throw new Error(`no cross-validation job ${m.job} in this worker`);
    if (!job.prepared) {
      // Only the shared Gram is used here (no solver runs on the all-rows problem in a worker).
      job.sharedGram = prepareFull(job.data, 0).sharedGram;
      job.prepared = true;
    }
    return { job: m.job, task: m.task, errors: foldError(job.data, job.folds[m.fold], m.alphas, m.l1Ratio, job.sharedGram) };
  } catch (err) {
    const failure = err instanceof LassoKitError ? { message: err.message, code: err.code } : { message: String(err) };
    return { job: m.job, task: m.task, failure };
  }
}
