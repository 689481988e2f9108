import type { CvData } from '../cv/CVResult.js';
import { cvData } from '../cv/cvData.js';
import { prepareFull } from '../cv/internal.js';
import type { SharedGram } from '../cv/sharedGram.js';
import { DEFAULTS } from '../defaults.js';
import { isCsc } from '../matrix/CscMatrix.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { enetPath, initialCoef, resolveGrid, solvePath, type PathResult } from '../path/enetPath.js';
import { checkL1Ratio, resolveCommon } from '../prepare/checkOptions.js';
import type { PathOptions } from '../prepare/options.js';
import { release } from '../prepare/prepareInput.js';
import { GROUP } from '../solver/LazyGram.js';
import { Helpers, TaskQueue, checkWorkers, runWorkers, type ParallelOptions, type ThreadHost } from './runParallelCV.js';

/**
 * Smallest Gram (multiply-adds, n·p²/2) made by several threads: below it (about 30 ms of one
 * thread's work here) a worker's own copy of X̃ costs more than its half of the Gram saves.
 */
export const MIN_PARALLEL_GRAM = 2 ** 28;

/** One block of the whole Gram, as sent to a thread: columns cols[from … from + size). */
interface GramTask {
  readonly task: number;
  readonly from: number;
  readonly size: number;
}

/**
 * {@link enetPath} with the Gram made by worker threads of the host: where the path runs in
 * covariance mode (n > p) on a Gram of at least {@link MIN_PARALLEL_GRAM} multiply-adds, the whole
 * Gram is made first, in blocks of {@link GROUP} columns that the threads (the calling one
 * included) take in turn, then the path runs on it as `enetPath` does. Each entry is the same
 * kernel sum wherever it is made (see `gramColumn`), so the result is identical to `enetPath`'s.
 * Anything else — naive mode, sparse X, a small Gram, one thread — is `enetPath` itself.
 *
 * Unlike `enetPath`'s Gram, made lazily column by column as features enter, the whole Gram is
 * made whether or not the path needs it: on a path whose supports stay under about p/4 columns
 * (a short grid, large eps) the threads do more work in all than `enetPath` alone.
 *
 * Cost: n·p²/2 multiply-adds spread over the threads, O(n·p) per worker for its copy of X̃, then
 * the path's own work on the calling thread. Memory: besides `enetPath`'s, the shared Gram the
 * blocks are put in (p² values; the solver reads its columns from there) and each worker's copy of X̃.
 */
export async function runParallelPath(X: MatrixInput, y: VectorInput, opts: PathOptions & ParallelOptions, host: ThreadHost): Promise<PathResult> {
  checkWorkers(opts);
  if (isCsc(X)) return enetPath(X, y, opts);
  const l1Ratio = checkL1Ratio(opts.l1Ratio ?? DEFAULTS.l1Ratio);
  const common = resolveCommon(opts);
  const Xd = toDenseMatrix(X, 'X', false);
  const { rows: n, cols: p } = Xd;
  const threads = opts.workers ?? host.defaultThreads(n, p);
  if (threads < 2 || (n * p * p) / 2 < MIN_PARALLEL_GRAM) return enetPath(Xd, y, opts);
  const yv = toVector(y, n, 'y');
  const weights = opts.weights === undefined ? undefined : toVector(opts.weights, n, 'weights');
  const penaltyFactor = opts.penaltyFactor === undefined ? undefined : toVector(opts.penaltyFactor, undefined, 'penaltyFactor');
  const data = cvData(Xd, yv, weights, penaltyFactor, common);
  const { full, sharedGram } = prepareFull(data, 1);
  try {
    const grid = resolveGrid(opts, l1Ratio, n, p);
    const init = initialCoef(opts.init, p);
    if (sharedGram !== undefined) await makeGram(sharedGram, data, threads, opts.workers !== undefined, host);
    return solvePath(full, grid, l1Ratio, common, { onProgress: opts.onProgress, init });
  } finally {
    release(full);
  }
}

/**
 * The whole Gram of `shared` made in blocks by up to `threads` threads, the calling one included
 * (largest blocks first, so the last ones to finish are short), each put in place as it comes.
 */
async function makeGram(shared: SharedGram, data: CvData, threads: number, explicit: boolean, host: ThreadHost): Promise<void> {
  const cols = shared.gramColumns();
  const tasks: GramTask[] = [];
  for (let from = 0; from < cols.length; from += GROUP) tasks.push({ task: tasks.length, from, size: Math.min(GROUP, cols.length - from) });
  const queue = new TaskQueue<GramTask, Float64Array>(tasks, (task, block) => shared.put(cols, tasks[task].from, tasks[task].size, block));
  const helpers = new Helpers(Math.min(threads - 1, tasks.length), host, explicit, (pool) =>
    runWorkers(pool, data, [], queue, (job, t) => ({ kind: 'gram', job, ...t }), (reply) => ('block' in reply ? reply.block : new Float64Array(0))),
  );
  try {
    for (let t = queue.claim(); t !== undefined; t = queue.claim()) {
      const started = performance.now();
      queue.complete(t.task, shared.triangle(cols, t.from, t.size));
      helpers.consider(performance.now() - started, queue.left());
      // Let worker replies in (and hand them new blocks) between this thread's blocks.
      if (helpers.started) await host.yield();
    }
    await queue.finished;
  } finally {
    queue.close();
    await helpers.settled();
  }
  shared.markReady(cols);
}
