/// <reference types="node" />
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assembleCV, cvAlphas, foldError, planCV, type CVOptions, type CVResult, type CvData, type CvPlan, type ElasticNetCVOptions } from '../cv/elasticNetCV.js';
import { LassoKitError, type ErrorCode, invalidParameter } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { solvePath } from '../path/enetPath.js';
import type { FoldReply, WorkerRequest } from './cvWorker.js';

/** One fold of one l1Ratio's grid, as sent to a worker. */
interface FoldTask {
  readonly task: number;
  readonly fold: number;
  readonly alphas: Float64Array;
  readonly l1Ratio: number;
}

export interface ParallelOptions {
  /**
   * Threads fitting folds, the calling thread included: the calling thread solves the all-rows
   * paths and then takes folds too; `workers − 1` worker threads take folds from the start. 1 runs
   * everything on the calling thread. Default: the number of cores — except for tall, narrow data
   * (see {@link defaultThreads}), where one.
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
  if (opts.workers !== undefined && (!Number.isInteger(opts.workers) || opts.workers < 1)) invalidParameter('workers', 'an integer ≥ 1', opts.workers);
  const plan = planCV(X, y, opts);
  const threads = opts.workers ?? defaultThreads(plan.data.X.rows, plan.data.X.cols);
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
  const queue = new TaskQueue(tasks, (task, errors) => {
    foldErrors[task] = errors;
    tick();
  });
  // The calling thread is one of the threads: it solves the all-rows paths, then takes folds.
  const helpers = Math.min(threads - 1, tasks.length);
  const running = helpers > 0 ? runWorkers(helpers, plan, queue) : Promise.resolve();
  try {
    const paths = plan.l1Ratios.map((l1Ratio, r) => {
      const path = solvePath(plan.full, grids[r], l1Ratio, plan.common);
      tick();
      return path;
    });
    for (let t = queue.claim(); t !== undefined; t = queue.claim()) {
      queue.complete(t.task, foldError(plan.data, plan.folds[t.fold], t.alphas, t.l1Ratio, plan.sharedGram));
      // Let worker replies in (and hand them new folds) between this thread's folds.
      if (helpers > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await queue.finished;
    return assembleCV(
      plan,
      paths.map((path, r) => ({ path, foldErrors: foldErrors.slice(r * K, (r + 1) * K) })),
    );
  } finally {
    queue.close();
    await running.catch(() => undefined);
    plan.full.kernel.workspace?.release();
  }
}

/** Fold tasks handed out one at a time to whichever thread is free; settles when all are done. */
class TaskQueue {
  readonly finished: Promise<void>;
  private next = 0;
  private completed = 0;
  private closed = false;
  private resolve!: () => void;
  private reject!: (err: Error) => void;

  constructor(
    private readonly tasks: readonly FoldTask[],
    private readonly onResult: (task: number, errors: Float64Array) => void,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (tasks.length === 0) this.resolve();
  }

  claim(): FoldTask | undefined {
    return this.closed || this.next >= this.tasks.length ? undefined : this.tasks[this.next++];
  }

  complete(task: number, errors: Float64Array): void {
    if (this.closed) return;
    this.onResult(task, errors);
    if (++this.completed === this.tasks.length) this.resolve();
  }

  fail(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.reject(err);
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * Threads by default: one per core, but one for tall, narrow data (p < 32 and n·p ≥ 4M cells). There
 * a fold's work is a few sweeps over its copy of X, bound by memory bandwidth, so threads share one
 * bus and only add copies: 1,000,000 × 10 with 5 folds took 4.0 s and 1.0 GB with two threads,
 * 4.15 s and 0.6 GB with one.
 */
export function defaultThreads(n: number, p: number): number {
  return p < 32 && n * p >= 1 << 22 ? 1 : availableParallelism();
}

/** {@link elasticNetCVParallel} with l1Ratio = 1: {@link lassoCV} with folds in worker threads. */
export function lassoCVParallel(X: MatrixInput, y: VectorInput, opts: CVOptions & ParallelOptions = {}): Promise<CVResult> {
  return elasticNetCVParallel(X, y, { ...opts, l1Ratios: [1] });
}

/**
 * Worker threads kept between calls (warm code is several times faster than a fresh thread's), not
 * keeping the process alive while idle. Grown to the largest size asked for.
 */
const pool: Worker[] = [];
let nextJob = 1;

function workersFor(size: number): Worker[] {
  while (pool.length < size) {
    // execArgv: [] — the worker runs built JavaScript only; loaders of the host (tsx, test
    // runners) would only slow its start.
    const w = new Worker(new URL('./cvWorker.js', import.meta.url), { execArgv: [] });
    w.unref();
    w.on('exit', () => {
      const at = pool.indexOf(w);
      if (at >= 0) pool.splice(at, 1);
    });
    pool.push(w);
  }
  return pool.slice(0, size);
}

/** Jobs running on each pooled worker: a worker keeps the process alive only while it has one. */
const holds = new Map<Worker, number>();

function hold(w: Worker, change: 1 | -1): void {
  const count = (holds.get(w) ?? 0) + change;
  holds.set(w, count);
  if (count > 0) w.ref();
  else {
    holds.delete(w);
    w.unref();
  }
}

/** Shares X with the workers without copying it (a SharedArrayBuffer when the host has one). */
function shareData(data: CvData): CvData {
  const src = data.X.data;
  if (typeof SharedArrayBuffer !== 'function') return data;
  const shared = new Float64Array(new SharedArrayBuffer(src.byteLength));
  shared.set(src);
  return { ...data, X: { ...data.X, data: shared } };
}

/** Pooled workers take folds from the queue until it is empty; resolves when they are released. */
function runWorkers(size: number, plan: CvPlan, queue: TaskQueue): Promise<void> {
  const job = nextJob++;
  const threads = workersFor(size);
  const start: WorkerRequest = { kind: 'start', job, data: shareData(plan.data), folds: plan.folds };
  return new Promise<void>((resolve) => {
    let busy = 0;
    const release = () => {
      for (const w of threads) {
        w.off('message', onMessage);
        w.off('error', onError);
        w.postMessage({ kind: 'end', job } satisfies WorkerRequest);
        hold(w, -1);
      }
      resolve();
    };
    const feed = (w: Worker) => {
      const t = queue.claim();
      if (t === undefined) {
        if (busy === 0) release();
        return;
      }
      busy++;
      w.postMessage({ kind: 'fold', job, ...t } satisfies WorkerRequest);
    };
    function onMessage(this: Worker, reply: FoldReply) {
      if (reply.job !== job) return;
      busy--;
      if ('failure' in reply) {
        const { message, code } = reply.failure;
        queue.fail(code === undefined ? new Error(`cross-validation fold failed in a worker thread: ${message}`) : new LassoKitError(code as ErrorCode, message));
      } else {
        queue.complete(reply.task, reply.errors);
      }
      feed(this);
    }
    function onError(err: Error) {
      busy = 0;
      queue.fail(new Error(`cross-validation worker thread failed: ${err.message}`));
      release();
    }
    for (const w of threads) {
      hold(w, +1);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(start);
      // Two folds in flight per worker: replies are read only between the calling thread's own
      // folds, so a worker must not sit idle waiting for its next one.
      feed(w);
      feed(w);
    }
  });
}
