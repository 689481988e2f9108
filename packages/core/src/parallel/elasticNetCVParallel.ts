/// <reference types="node" />
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assembleCV, cvAlphas, foldError, planCV, type CVOptions, type CVResult, type ElasticNetCVOptions } from '../cv/elasticNetCV.js';
import { LassoKitError, type ErrorCode, invalidParameter } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { solvePath, type PathResult } from '../path/enetPath.js';
import type { FoldReply, FoldTask } from './cvWorker.js';

export interface ParallelOptions {
  /**
   * Worker threads for the folds (default: the number of cores). The all-rows path runs on the
   * calling thread meanwhile. 1 (or a single fold task) runs everything on the calling thread.
   */
  readonly workers?: number;
}

/**
 * {@link elasticNetCV} with the folds fitted in Node worker threads: the same validation, folds,
 * grids and arithmetic, so the result is identical to the sequential one — only sooner on a
 * machine with spare cores. Each worker receives a copy of X once (n·p·8 bytes per worker).
 *
 * Cost: (K + 1) paths per l1Ratio, spread over `workers` threads plus the caller.
 *
 * @example
 * import { elasticNetCVParallel } from '@lassokit/core/parallel';
 * const cv = await elasticNetCVParallel(X, y, { nFolds: 10, workers: 4 });
 */
export async function elasticNetCVParallel(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions & ParallelOptions = {}): Promise<CVResult> {
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) invalidParameter('workers', 'an integer ≥ 1', workers);
  const plan = planCV(X, y, opts);
  const K = plan.folds.length;
  const tasks: FoldTask[] = [];
  const grids = plan.l1Ratios.map((l1Ratio, r) => {
    const alphas = cvAlphas(plan, l1Ratio);
    for (let fold = 0; fold < K; fold++) tasks.push({ task: r * K + fold, fold, alphas, l1Ratio });
    return alphas;
  });
  const total = tasks.length + plan.l1Ratios.length;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const foldErrors: Float64Array[] = new Array(tasks.length);
  const pool = Math.min(workers, tasks.length);
  let paths: PathResult[];
  if (pool <= 1) {
    for (const t of tasks) {
      foldErrors[t.task] = foldError(plan.data, plan.folds[t.fold], t.alphas, t.l1Ratio, plan.sharedGram);
      tick();
    }
    paths = solvePaths();
  } else {
    const running = runPool(pool, plan, tasks, (task, errors) => {
      foldErrors[task] = errors;
      tick();
    });
    // Let the workers start before the calling thread takes on the all-rows paths.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      paths = solvePaths();
    } finally {
      await running;
    }
  }
  return assembleCV(
    plan,
    paths.map((path, r) => ({ path, foldErrors: foldErrors.slice(r * K, (r + 1) * K) })),
  );

  function solvePaths(): PathResult[] {
    return plan.l1Ratios.map((l1Ratio, r) => {
      const path = solvePath(plan.full, grids[r], l1Ratio, plan.common);
      tick();
      return path;
    });
  }
}

/** {@link elasticNetCVParallel} with l1Ratio = 1: {@link lassoCV} with folds in worker threads. */
export function lassoCVParallel(X: MatrixInput, y: VectorInput, opts: CVOptions & ParallelOptions = {}): Promise<CVResult> {
  return elasticNetCVParallel(X, y, { ...opts, l1Ratios: [1] });
}

/** Runs fold tasks on `size` workers, each taking the next task when it finishes one. */
function runPool(
  size: number,
  plan: ReturnType<typeof planCV>,
  tasks: readonly FoldTask[],
  onResult: (task: number, errors: Float64Array) => void,
): Promise<void> {
  const url = new URL('./cvWorker.js', import.meta.url);
  const workerData = { data: plan.data, folds: plan.folds };
  return new Promise<void>((resolve, reject) => {
    const threads: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;
    const stop = (err?: Error) => {
      if (failed) return;
      if (err !== undefined) failed = true;
      for (const t of threads) void t.terminate();
      if (err === undefined) resolve();
      else reject(err);
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) w.postMessage(tasks[next++]);
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(url, { workerData });
      threads.push(w);
      w.on('message', (reply: FoldReply) => {
        if ('failure' in reply) {
          const { message, code } = reply.failure;
          stop(code === undefined ? new Error(`cross-validation fold failed in a worker thread: ${message}`) : new LassoKitError(code as ErrorCode, message));
          return;
        }
        onResult(reply.task, reply.errors);
        if (++finished === tasks.length) stop();
        else feed(w);
      });
      w.on('error', (err) => stop(new Error(`cross-validation worker thread failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (code !== 0 && finished < tasks.length) stop(new Error(`cross-validation worker thread exited with code ${code}`));
      });
      feed(w);
    }
  });
}
