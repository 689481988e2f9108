import type { CVResult, ElasticNetCVOptions } from '../cv/CVResult.js';
import { assembleCV, cvAlphas, foldError, planCV, releasePlan, type CvData, type CvPlan, type FoldScores } from '../cv/internal.js';
import { LassoKitError, type ErrorCode, invalidParameter } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { solvePath } from '../path/enetPath.js';
import { isCsc } from '../matrix/CscMatrix.js';
import type { FoldReply, WorkerRequest } from './foldJobs.js';
import type { FoldedStats, SufficientStats } from '../stats/FoldedStats.js';
import { giveBack, sharedCopy } from './sharedPool.js';

/** A worker as the runner sees it, whatever the host (Node worker_threads, browser Web Workers). */
export interface FoldThread {
  post(message: WorkerRequest): void;
  on(onMessage: (w: FoldThread, reply: FoldReply) => void, onError: (err: Error) => void): void;
  off(onMessage: (w: FoldThread, reply: FoldReply) => void, onError: (err: Error) => void): void;
  /** A job starts (+1) or ends (−1) on this thread; Node keeps the process alive only while > 0. */
  hold(change: 1 | -1): void;
}

/** What a host provides: pooled threads, its default thread count, a way to let messages in. */
export interface ThreadHost {
  threads(size: number): FoldThread[];
  /** Threads in the pool now (started by an earlier call, so no start-up to pay). */
  pooled(): number;
  defaultThreads(n: number, p: number): number;
  yield(): Promise<void>;
}

/**
 * Sequential work left (ms, as the calling thread's own tasks measure it) from which fresh worker
 * threads pay for themselves. A fresh thread loads the code and runs it cold, its first tasks
 * several times slower than warm ones: on 2 cores, a process's first 10-fold CV with a thread
 * started at once was faster than without only where each fold was long (README: "Measurements
 * behind the constants").
 */
export const FRESH_THREADS_FROM_MS = 1000;

/**
 * The calling thread's first tasks overstate the rest: they run cold (code warming up), and CV's
 * first fold also builds what the other folds share — up to 4.5× a later task (20,000 × 200: the
 * first fold 225 ms, later ones ~50). They start threads only for 4× the work.
 */
const COLD_TASKS = 2;
const COLD_OVERSTATES = 4;

/**
 * The helper threads of a run: started at once when asked for explicitly (`workers`) or when the
 * pool already has them, else only once the calling thread's tasks show that the work left is worth
 * a fresh thread's start ({@link FRESH_THREADS_FROM_MS}).
 */
export class Helpers {
  private running: Promise<void> | undefined;
  private seen = 0;

  constructor(
    private readonly count: number,
    private readonly host: ThreadHost,
    explicit: boolean,
    private readonly start: (threads: FoldThread[]) => Promise<void>,
  ) {
    if (count > 0 && (explicit || host.pooled() >= count)) this.running = start(host.threads(count));
  }

  /** Whether threads run (so the calling thread should let their replies in between its tasks). */
  get started(): boolean {
    return this.running !== undefined;
  }

  /**
   * A task of the calling thread took `ms`, and `left` tasks wait: starts the threads if that is
   * enough work ({@link FRESH_THREADS_FROM_MS}, or {@link COLD_OVERSTATES} times it after a cold task).
   */
  consider(ms: number, left: number): void {
    const needed = ++this.seen <= COLD_TASKS ? COLD_OVERSTATES * FRESH_THREADS_FROM_MS : FRESH_THREADS_FROM_MS;
    if (this.running === undefined && this.count > 0 && left > 0 && ms * left >= needed) this.running = this.start(this.host.threads(Math.min(this.count, left)));
  }

  /** Resolves when the threads (if any) are released. */
  settled(): Promise<void> {
    return (this.running ?? Promise.resolve()).catch(() => undefined);
  }
}

let nextJob = 1;

/** Refuses a `workers` option that is not an integer ≥ 1, before any thread starts. */
export function checkWorkers(opts: ParallelOptions): void {
  if (opts.workers !== undefined && (!Number.isInteger(opts.workers) || opts.workers < 1)) invalidParameter('workers', 'an integer ≥ 1', opts.workers);
}

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
   * everything on the calling thread. Default: up to the host's `defaultThreads` — the number of
   * cores, except in Node for tall, narrow data, where one — started when the work warrants them:
   * at once if the pool has them from an earlier call, else only when the calling thread's own
   * tasks show at least a second of work left ({@link FRESH_THREADS_FROM_MS}); smaller problems
   * run on the calling thread, sooner than fresh threads could start.
   */
  readonly workers?: number;
}

/**
 * `elasticNetCV` with the folds fitted in worker threads of the host (see `index.ts` for Node,
 * `browser.ts` for Web Workers): the same validation, folds, grids and arithmetic, so the result is
 * identical to the sequential one — only sooner on a machine with spare cores.
 */
export async function runParallelCV(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions & ParallelOptions, host: ThreadHost): Promise<CVResult> {
  checkWorkers(opts);
  const plan = planCV(X, y, opts);
  const threads = opts.workers ?? host.defaultThreads(plan.data.X.rows, plan.data.X.cols);
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
  const scores: FoldScores[] = new Array(tasks.length);
  const queue = new TaskQueue<FoldTask, FoldScores>(tasks, (task, s) => {
    scores[task] = s;
    tick();
  });
  // The calling thread is one of the threads: it solves the all-rows paths, then takes folds.
  const helpers = new Helpers(Math.min(threads - 1, tasks.length), host, opts.workers !== undefined, (pool) =>
    runWorkers(pool, plan.data, plan.folds, queue, (job, t) => ({ kind: 'fold', job, ...t }), replyScores, foldStatsToShare(plan)),
  );
  try {
    const paths = plan.l1Ratios.map((l1Ratio, r) => {
      const started = performance.now();
      const path = solvePath(plan.full, grids[r], l1Ratio, plan.data.common);
      helpers.consider(performance.now() - started, queue.left());
      tick();
      return path;
    });
    for (let t = queue.claim(); t !== undefined; t = queue.claim()) {
      const started = performance.now();
      queue.complete(t.task, foldError(plan.data, plan.folds, t.fold, t.alphas, t.l1Ratio, plan.sharedGram, plan.foldStats));
      helpers.consider(performance.now() - started, queue.left());
      // Let worker replies in (and hand them new folds) between this thread's folds.
      if (helpers.started) await host.yield();
    }
    await queue.finished;
    return assembleCV(
      plan,
      paths.map((path, r) => ({ path, folds: scores.slice(r * K, (r + 1) * K) })),
    );
  } finally {
    queue.close();
    await helpers.settled();
    releasePlan(plan);
  }
}

/** Tasks handed out one at a time to whichever thread is free; settles when all are done. */
export class TaskQueue<T extends { readonly task: number }, R> {
  readonly finished: Promise<void>;
  private next = 0;
  private completed = 0;
  private closed = false;
  private resolve!: () => void;
  private reject!: (err: Error) => void;

  constructor(
    private readonly tasks: readonly T[],
    private readonly onResult: (task: number, result: R) => void,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (tasks.length === 0) this.resolve();
  }

  /** Tasks not yet claimed. */
  left(): number {
    return this.closed ? 0 : this.tasks.length - this.next;
  }

  claim(): T | undefined {
    return this.closed || this.next >= this.tasks.length ? undefined : this.tasks[this.next++];
  }

  complete(task: number, result: R): void {
    if (this.closed) return;
    this.onResult(task, result);
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
 * Shares X — a dense matrix's values, or a CSC matrix's column starts, rows and nonzeros — with
 * the workers without copying it to each (SharedArrayBuffers where the host has them: Node, or a
 * cross-origin-isolated page; else each worker gets its copy). `copies`: the shared arrays, for
 * {@link giveBack} once no thread reads them.
 */
function shareData(data: CvData): { data: CvData; copies: (Int32Array | Float64Array)[] } {
  const X = data.X;
  if (typeof SharedArrayBuffer !== 'function') {
    // Posted, a view is copied with its whole buffer: rows' copy lives in a pooled WebAssembly
    // memory (planCV) larger than X, so only X's values are handed over.
    const own = isCsc(X) || X.data.byteLength === X.data.buffer.byteLength;
    return { data: own ? data : { ...data, X: { ...X, data: X.data.slice() } }, copies: [] };
  }
  if (isCsc(X)) {
    const csc = { colPtr: sharedCopy(X.colPtr, Int32Array), rowIdx: sharedCopy(X.rowIdx, Int32Array), values: sharedCopy(X.values, Float64Array) };
    return { data: { ...data, X: { ...X, ...csc } }, copies: [csc.colPtr, csc.rowIdx, csc.values] };
  }
  const values = sharedCopy(X.data, Float64Array);
  return { data: { ...data, X: { ...X, data: values } }, copies: [values] };
}

/**
 * The plan's folds' statistics, where folds are fitted from them (see `foldsFromStats`), copied
 * into shared memory for the threads, which would otherwise each get a copy (K·p² values apiece:
 * on 10,000 × 1,000 two threads' 10-fold CV peaked at 1.09 GB, against 0.79 GB with the rows'
 * route). The plan keeps the shared copies in their place, so the calling thread's folds read
 * them too and the first copies can go.
 */
function foldStatsToShare(plan: CvPlan): FoldedStats | undefined {
  const stats = plan.foldStats;
  if (stats === undefined || typeof SharedArrayBuffer !== 'function') return stats;
  const share = (s: SufficientStats): SufficientStats => ({ ...s, xMean: sharedCopy(s.xMean, Float64Array), xtx: sharedCopy(s.xtx, Float64Array), xty: sharedCopy(s.xty, Float64Array) });
  plan.foldStats = { ...share(stats), folds: stats.folds.map(share) };
  return plan.foldStats;
}

/** A fold's scores from its reply (a `fold` or `relaxedFold` request's). */
export function replyScores(reply: FoldReply): FoldScores {
  if (!('scores' in reply)) throw new Error('a fold task was answered without its scores');
  return reply.scores;
}

/**
 * Pooled workers take tasks from the queue until it is empty; resolves when they are released. A
 * job's `start` brings the data (shared, see {@link shareData}; and folds, for CV; and their
 * statistics where folds come from them) once; each task is one `request`. The shared copy of the
 * data goes back to its pool when every task has replied (not after a thread failed: another may
 * still read it).
 */
export function runWorkers<T extends { readonly task: number }, R>(
  threads: FoldThread[],
  data: CvData,
  folds: CvPlan['folds'],
  queue: TaskQueue<T, R>,
  request: (job: number, task: T) => WorkerRequest,
  result: (reply: FoldReply) => R,
  stats?: FoldedStats,
): Promise<void> {
  const job = nextJob++;
  const shared = shareData(data);
  const start: WorkerRequest = { kind: 'start', job, data: shared.data, folds, stats };
  return new Promise<void>((resolve) => {
    let busy = 0;
    const release = (clean = true) => {
      for (const w of threads) {
        w.off(onMessage, onError);
        w.post({ kind: 'end', job });
        w.hold(-1);
      }
      if (clean) giveBack(shared.copies);
      resolve();
    };
    const feed = (w: FoldThread) => {
      const t = queue.claim();
      if (t === undefined) {
        if (busy === 0) release();
        return;
      }
      busy++;
      w.post(request(job, t));
    };
    function onMessage(w: FoldThread, reply: FoldReply) {
      if (reply.job !== job) return;
      busy--;
      if ('failure' in reply) {
        const { message, code } = reply.failure;
        queue.fail(code === undefined ? new Error(`a task failed in a worker thread: ${message}`) : new LassoKitError(code as ErrorCode, message));
      } else {
        queue.complete(reply.task, result(reply));
      }
      feed(w);
    }
    function onError(err: Error) {
      busy = 0;
      queue.fail(new Error(`worker thread failed: ${err.message}`));
      release(false);
    }
    for (const w of threads) {
      w.hold(+1);
      w.on(onMessage, onError);
      w.post(start);
      // Two tasks in flight per worker: replies are read only between the calling thread's own
      // tasks, so a worker must not sit idle waiting for its next one.
      feed(w);
      feed(w);
    }
  });
}
