/**
 * Browser host of the parallel CV: Web Workers (module workers), pooled between calls. What
 * `@lassokit/core/parallel` resolves to under the `browser` export condition; bundlers that follow
 * `new Worker(new URL(…, import.meta.url))` (Vite, webpack 5, Parcel) ship the worker script.
 * X is shared where the page is cross-origin isolated (SharedArrayBuffer), copied otherwise.
 */
import type { CVOptions, CVResult, ElasticNetCVOptions } from '../cv/CVResult.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import type { FoldReply, WorkerRequest } from './foldJobs.js';
import { runParallelCV, type FoldThread, type ParallelOptions, type ThreadHost } from './runParallelCV.js';
import { runParallelStability } from './runParallelStability.js';
import { runParallelRelaxed } from './runParallelRelaxed.js';
import type { RelaxedCVOptions, RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import { runParallelPath } from './runParallelPath.js';
import type { PathResult } from '../path/enetPath.js';
import type { PathOptions } from '../prepare/options.js';
import type { StabilityOptions, StabilityResult } from '../stability/stabilitySelection.js';

/** The part of the Web Worker API used here (typed locally: core compiles without DOM types). */
interface WebWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: FoldReply }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (event: never) => void): void;
}
const host = globalThis as unknown as {
  Worker?: new (url: URL, options: { type: 'module' }) => WebWorker;
  navigator?: { hardwareConcurrency?: number };
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
  setTimeout: (fn: () => void, ms: number) => unknown;
};

export type { ParallelOptions } from './runParallelCV.js';

/**
 * {@link elasticNetCV} with the folds fitted in Web Workers: identical results to the sequential
 * run. Call it from a worker of your own to keep the page responsive — the calling thread solves
 * the all-rows paths and takes folds too. Where Web Workers are missing it runs on the caller.
 *
 * @example
 * import { lassoCVParallel } from '@lassokit/core/parallel';
 * const cv = await lassoCVParallel(X, y, { nFolds: 10 });
 */
export function elasticNetCVParallel(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions & ParallelOptions = {}): Promise<CVResult> {
  return runParallelCV(X, y, host.Worker === undefined ? { ...opts, workers: 1 } : opts, browserHost);
}

/** {@link stabilitySelection} with the half-samples in Web Workers: the same result as the sequential run. */
export function stabilitySelectionParallel(X: MatrixInput, y: VectorInput, opts: StabilityOptions & ParallelOptions = {}): Promise<StabilityResult> {
  return runParallelStability(X, y, host.Worker === undefined ? { ...opts, workers: 1 } : opts, browserHost);
}

/** {@link relaxedLassoCV} with the folds in Web Workers: the same result as the sequential run. */
export function relaxedLassoCVParallel(X: MatrixInput, y: VectorInput, opts: RelaxedCVOptions & ParallelOptions = {}): Promise<RelaxedCVResult> {
  return runParallelRelaxed(X, y, host.Worker === undefined ? { ...opts, workers: 1 } : opts, browserHost);
}

/** {@link elasticNetCVParallel} with l1Ratio = 1. */
export function lassoCVParallel(X: MatrixInput, y: VectorInput, opts: CVOptions & ParallelOptions = {}): Promise<CVResult> {
  return elasticNetCVParallel(X, y, { ...opts, l1Ratios: [1] });
}

/** {@link enetPath} with a large Gram made in Web Workers (see `runParallelPath`): the same result as `enetPath`. */
export function enetPathParallel(X: MatrixInput, y: VectorInput, opts: PathOptions & ParallelOptions = {}): Promise<PathResult> {
  return runParallelPath(X, y, host.Worker === undefined ? { ...opts, workers: 1 } : opts, browserHost);
}

/** {@link enetPathParallel} with l1Ratio = 1: {@link lassoPath}'s result. */
export function lassoPathParallel(X: MatrixInput, y: VectorInput, opts: Omit<PathOptions, 'l1Ratio'> & ParallelOptions = {}): Promise<PathResult> {
  return enetPathParallel(X, y, { ...opts, l1Ratio: 1 });
}

/** Threads by default: the logical processors the browser reports (2 if it does not say). */
export function defaultThreads(): number {
  return Math.max(1, host.navigator?.hardwareConcurrency ?? 2);
}

const pool: FoldThread[] = [];

function webThread(): FoldThread {
  const Worker = host.Worker as NonNullable<typeof host.Worker>;
  const w = new Worker(new URL('./cvWebWorker.js', import.meta.url), { type: 'module' });
  const listeners = new Map<unknown, { message: (e: { data: FoldReply }) => void; error: (e: { message?: string }) => void }>();
  const thread: FoldThread = {
    post: (message: WorkerRequest) => w.postMessage(message),
    on: (onMessage, onError) => {
      const pair = {
        message: (e: { data: FoldReply }) => onMessage(thread, e.data),
        error: (e: { message?: string }) => onError(new Error(e.message ?? 'worker failed to load or crashed')),
      };
      listeners.set(onMessage, pair);
      w.addEventListener('message', pair.message);
      w.addEventListener('error', pair.error);
    },
    off: (onMessage) => {
      const pair = listeners.get(onMessage);
      if (pair === undefined) return;
      w.removeEventListener('message', pair.message as (event: never) => void);
      w.removeEventListener('error', pair.error as (event: never) => void);
      listeners.delete(onMessage);
    },
    hold: () => undefined, // a page is not kept alive by its workers
  };
  return thread;
}

const browserHost: ThreadHost = {
  threads: (size) => {
    while (pool.length < size) pool.push(webThread());
    return pool.slice(0, size);
  },
  pooled: () => pool.length,
  defaultThreads,
  // A message to ourselves lets queued worker replies in without setTimeout's clamping.
  yield: () =>
    new Promise<void>((resolve) => {
      if (host.MessageChannel === undefined) {
        host.setTimeout(resolve, 0);
        return;
      }
      const channel = new host.MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    }),
};
