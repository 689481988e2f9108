/**
 * The worker side of parallel cross-validation and stability selection, shared by the Node worker
 * (cvWorker.ts) and the browser one (cvWebWorker.ts). Workers outlive a call (so they stay warm),
 * so each run is a job: `start` brings its data (X shared where the host can), `fold` asks for one
 * fold's errors, `relaxedFold` for one relaxed-Lasso fold's errors (every γ), `half` for one
 * half-sample's nonzero pattern, `gram` for one block of a whole Gram (a parallel path's), `end`
 * drops the job. All go through
 * the functions the sequential `elasticNetCV`, `relaxedLassoCV` and `stabilitySelection` use, so results are identical.
 */
import { foldError, prepareFull, type CvData, type Fold, type FoldScores } from '../cv/internal.js';
import type { SharedGram } from '../cv/sharedGram.js';
import type { FoldedStats } from '../stats/FoldedStats.js';
import { LassoKitError } from '../errors.js';
import { halfSampleMask } from '../stability/stabilitySelection.js';
import { relaxedFoldErrors } from '../relaxed/relaxedLassoCV.js';

export type WorkerRequest =
  | { readonly kind: 'start'; readonly job: number; readonly data: CvData; readonly folds: Fold[]; readonly stats?: FoldedStats }
  | { readonly kind: 'fold'; readonly job: number; readonly task: number; readonly fold: number; readonly alphas: Float64Array; readonly l1Ratio: number }
  | { readonly kind: 'half'; readonly job: number; readonly task: number; readonly rows: Int32Array; readonly alphas: Float64Array; readonly l1Ratio: number }
  | { readonly kind: 'relaxedFold'; readonly job: number; readonly task: number; readonly fold: number; readonly alphas: Float64Array; readonly gammas: Float64Array; readonly l1Ratio: number; readonly maxRefit: number }
  | { readonly kind: 'gram'; readonly job: number; readonly task: number; readonly from: number; readonly size: number }
  | { readonly kind: 'end'; readonly job: number };

export type FoldReply =
  | { readonly job: number; readonly task: number; readonly scores: FoldScores }
  | { readonly job: number; readonly task: number; readonly mask: Uint8Array }
  | { readonly job: number; readonly task: number; readonly block: Float64Array }
  | { readonly job: number; readonly task: number; readonly failure: { readonly message: string; readonly code?: string } };

/** The buffers of a reply's result, to transfer instead of copy. */
export function replyTransfer(reply: FoldReply): ArrayBuffer[] {
  if ('scores' in reply) return [reply.scores.errors.buffer as ArrayBuffer, reply.scores.converged.buffer as ArrayBuffer];
  if ('mask' in reply) return [reply.mask.buffer as ArrayBuffer];
  if ('block' in reply) return [reply.block.buffer as ArrayBuffer];
  return [];
}

interface Job {
  readonly data: CvData;
  readonly folds: Fold[];
  /** This thread's copy of the all-rows Gram, shared by the folds it fits (built as in planCV). */
  sharedGram?: SharedGram;
  /** Where the job makes blocks of a whole Gram (a parallel path): this thread's Gram and its columns. */
  wholeGram?: { readonly shared: SharedGram; readonly cols: Int32Array };
  /** The folds' statistics where folds are fitted from them (the plan's, made once by the calling thread). */
  readonly stats?: FoldedStats;
  prepared: boolean;
}

const jobs = new Map<number, Job>();

/** Handles one request; a `fold` or `half` request gets a reply (to post back, its result's buffer transferable). */
export function handleRequest(m: WorkerRequest): FoldReply | null {
  if (m.kind === 'start') {
    jobs.set(m.job, { data: m.data, folds: m.folds, stats: m.stats, prepared: false });
    return null;
  }
  if (m.kind === 'end') {
    const ended = jobs.get(m.job);
    (ended?.sharedGram ?? ended?.wholeGram?.shared)?.full.kernel.workspace?.release();
    jobs.delete(m.job);
    return null;
  }
  try {
    const job = jobs.get(m.job);
    if (job === undefined) throw new Error(`no cross-validation job ${m.job} in this worker`);
    // Stability selection: one half-sample's path, reported as its nonzero pattern.
    if (m.kind === 'half') return { job: m.job, task: m.task, mask: halfSampleMask(job.data, m.rows, m.alphas, m.l1Ratio) };
    if (m.kind === 'gram') return { job: m.job, task: m.task, block: gramBlock(job, m.from, m.size) };
    if (m.kind === 'relaxedFold') return { job: m.job, task: m.task, scores: relaxedFoldErrors(job.data, job.folds[m.fold], m.alphas, m.gammas, m.l1Ratio, m.maxRefit) };
    if (!job.prepared) {
      // Only the shared Gram is used here (no solver runs on the all-rows problem in a worker),
      // and not even that where the folds come from the statistics the job brought.
      if (job.stats === undefined) job.sharedGram = prepareFull(job.data, 0).sharedGram;
      job.prepared = true;
    }
    return { job: m.job, task: m.task, scores: foldError(job.data, job.folds, m.fold, m.alphas, m.l1Ratio, job.sharedGram, job.stats) };
  } catch (err) {
    const failure = err instanceof LassoKitError ? { message: err.message, code: err.code } : { message: String(err) };
    return { job: m.job, task: m.task, failure };
  }
}

/**
 * One block of the job's whole Gram (see `SharedGram.triangle`), from this thread's copy of the
 * prepared problem — made from the same data by the same code, so the calling thread's X̃ to the bit.
 */
function gramBlock(job: Job, from: number, size: number): Float64Array {
  if (job.wholeGram === undefined) {
    const { sharedGram } = prepareFull(job.data, 0);
    if (sharedGram === undefined) throw new Error('a Gram block was asked of a problem not in covariance mode');
    job.wholeGram = { shared: sharedGram, cols: sharedGram.gramColumns() };
  }
  return job.wholeGram.shared.triangle(job.wholeGram.cols, from, size);
}
