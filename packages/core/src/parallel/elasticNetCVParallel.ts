/// <reference types="node" />
/**
 * Node host of the parallel CV: worker_threads, pooled between calls. Entry `@lassokit/core/parallel`
 * (its `browser` condition maps to browser.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CVOptions, CVResult, ElasticNetCVOptions } from '../cv/CVResult.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import type { FoldReply } from './foldJobs.js';
import { runParallelCV, type FoldThread, type ParallelOptions, type ThreadHost } from './runParallelCV.js';
import { runParallelStability } from './runParallelStability.js';
import { runParallelRelaxed } from './runParallelRelaxed.js';
import type { RelaxedCVOptions, RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import { runParallelPath } from './runParallelPath.js';
import type { PathResult } from '../path/enetPath.js';
import type { PathOptions } from '../prepare/options.js';
import type { StabilityOptions, StabilityResult } from '../stability/stabilitySelection.js';

/**
 * {@link elasticNetCV} with the folds fitted in Node worker threads: the same validation, folds,
 * grids and arithmetic, so the result is identical to the sequential one — only sooner on a
 * machine with spare cores. X is shared with the threads (SharedArrayBuffer), not copied.
 *
 * Cost: (K + 1) paths per l1Ratio, spread over `workers` threads, the caller included.
 *
 * @example
 * import { elasticNetCVParallel } from '@lassokit/core/parallel';
 * const cv = await elasticNetCVParallel(X, y, { nFolds: 10, workers: 4 });
 */
export function elasticNetCVParallel(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions & ParallelOptions = {}): Promise<CVResult> {
  return runParallelCV(X, y, opts, nodeHost);
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

/**
 * {@link stabilitySelection} with the half-samples fitted in Node worker threads (one per core by
 * default, the caller included): the same draws and paths, so the same result, sooner.
 *
 * Cost: 2B paths on n/2 rows, spread over `workers` threads.
 *
 * @example
 * import { stabilitySelectionParallel } from '@lassokit/core/parallel';
 * const s = await stabilitySelectionParallel(X, y, { pairs: 50 });
 */
export function stabilitySelectionParallel(X: MatrixInput, y: VectorInput, opts: StabilityOptions & ParallelOptions = {}): Promise<StabilityResult> {
  return runParallelStability(X, y, opts, nodeHost);
}

/**
 * {@link relaxedLassoCV} with the folds (path, refits, held-out errors of every γ) fitted in Node
 * worker threads: the same folds, grid and arithmetic, so the result is identical to the
 * sequential one, sooner with spare cores.
 *
 * Cost: K + 1 paths and their refits, spread over `workers` threads, the caller included.
 *
 * @example
 * import { relaxedLassoCVParallel } from '@lassokit/core/parallel';
 * const cv = await relaxedLassoCVParallel(X, y, { nFolds: 10 });
 */
export function relaxedLassoCVParallel(X: MatrixInput, y: VectorInput, opts: RelaxedCVOptions & ParallelOptions = {}): Promise<RelaxedCVResult> {
  return runParallelRelaxed(X, y, opts, nodeHost);
}

/** {@link elasticNetCVParallel} with l1Ratio = 1: {@link lassoCV} with folds in worker threads. */
export function lassoCVParallel(X: MatrixInput, y: VectorInput, opts: CVOptions & ParallelOptions = {}): Promise<CVResult> {
  return elasticNetCVParallel(X, y, { ...opts, l1Ratios: [1] });
}

/**
 * {@link enetPath} with its Gram made in Node worker threads where it is large (n > p, at least
 * `MIN_PARALLEL_GRAM` multiply-adds; see `runParallelPath`): the same result as `enetPath`, sooner
 * on a machine with spare cores. X is shared with the threads, each of which centres and scales
 * its own copy.
 *
 * Cost: the Gram's n·p²/2 multiply-adds spread over `workers` threads, the caller included; then
 * the path on the calling thread.
 *
 * @example
 * import { enetPathParallel } from '@lassokit/core/parallel';
 * const path = await enetPathParallel(X, y, { l1Ratio: 0.5, workers: 2 });
 */
export function enetPathParallel(X: MatrixInput, y: VectorInput, opts: PathOptions & ParallelOptions = {}): Promise<PathResult> {
  return runParallelPath(X, y, opts, nodeHost);
}

/** {@link enetPathParallel} with l1Ratio = 1: {@link lassoPath}'s result, its Gram made in worker threads. */
export function lassoPathParallel(X: MatrixInput, y: VectorInput, opts: Omit<PathOptions, 'l1Ratio'> & ParallelOptions = {}): Promise<PathResult> {
  return enetPathParallel(X, y, { ...opts, l1Ratio: 1 });
}

/**
 * Worker threads kept between calls (warm code is several times faster than a fresh thread's), not
 * keeping the process alive while idle. Grown to the largest size asked for.
 */
const pool: Worker[] = [];

function workersFor(size: number): Worker[] {
  while (pool.length < size) {
    // execArgv: [] — the worker runs built JavaScript only; loaders of the host (tsx, test
    // runners) would only slow its start.
    const w = new Worker(new URL('./cvWorker.js', import.meta.url), { execArgv: [] });
    w.unref();
    w.on('exit', () => {
      const at = pool.indexOf(w);
      if (at >= 0) pool.splice(at, 1);
      threadOf.delete(w);
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

/** A pooled Node worker as a {@link FoldThread}. */
function asFoldThread(w: Worker): FoldThread {
  const wrapped = new Map<unknown, (reply: FoldReply) => void>();
  const thread: FoldThread = {
    post: (message) => w.postMessage(message),
    on: (onMessage, onError) => {
      const listener = (reply: FoldReply) => onMessage(thread, reply);
      wrapped.set(onMessage, listener);
      w.on('message', listener);
      w.on('error', onError);
    },
    off: (onMessage, onError) => {
      const listener = wrapped.get(onMessage);
      if (listener !== undefined) w.off('message', listener);
      wrapped.delete(onMessage);
      w.off('error', onError);
    },
    hold: (change) => hold(w, change),
  };
  return thread;
}

const threadOf = new Map<Worker, FoldThread>();

const nodeHost: ThreadHost = {
  threads: (size) =>
    workersFor(size).map((w) => {
      let t = threadOf.get(w);
      if (t === undefined) threadOf.set(w, (t = asFoldThread(w)));
      return t;
    }),
  pooled: () => pool.length,
  defaultThreads,
  yield: () => new Promise((resolve) => setImmediate(resolve)),
};
