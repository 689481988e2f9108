import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { assembleRelaxed, planRelaxed, relaxedFoldErrors, type RelaxedCVOptions, type RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import type { FoldScores } from '../cv/CVResult.js';
import { Helpers, TaskQueue, replyScores, checkWorkers, runWorkers, type ParallelOptions, type ThreadHost } from './runParallelCV.js';

/** One fold of the relaxed CV, as sent to a worker. */
interface RelaxedTask {
  readonly task: number;
}

/**
 * {@link relaxedLassoCV} with the folds (each a path, its refits and the held-out errors of every
 * γ) fitted in worker threads of the host: the calling thread solves the all-rows path and its
 * refits, then takes folds too; every fold goes through `relaxedFoldErrors`, so the result is
 * identical to the sequential one.
 */
export async function runParallelRelaxed(X: MatrixInput, y: VectorInput, opts: RelaxedCVOptions & ParallelOptions, host: ThreadHost): Promise<RelaxedCVResult> {
  checkWorkers(opts);
  const started = performance.now();
  const relaxed = planRelaxed(X, y, opts);
  const { plan, gammas, l1Ratio, maxRefit } = relaxed;
  const { alphas } = relaxed.path;
  const threads = opts.workers ?? host.defaultThreads(plan.data.X.rows, plan.data.X.cols);
  const tasks: RelaxedTask[] = plan.folds.map((_, task) => ({ task }));
  const total = tasks.length + 1;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  tick();
  const scores: FoldScores[] = new Array(tasks.length);
  const queue = new TaskQueue<RelaxedTask, FoldScores>(tasks, (task, s) => {
    scores[task] = s;
    tick();
  });
  const helpers = new Helpers(Math.min(threads - 1, tasks.length), host, opts.workers !== undefined, (pool) =>
    runWorkers(pool, plan.data, plan.folds, queue, (job, t) => ({ kind: 'relaxedFold', job, task: t.task, fold: t.task, alphas, gammas, l1Ratio, maxRefit }), replyScores),
  );
  // The all-rows path tells what a fold costs: threads start now if the folds warrant them.
  helpers.consider(performance.now() - started, queue.left());
  try {
    for (let t = queue.claim(); t !== undefined; t = queue.claim()) {
      const begun = performance.now();
      queue.complete(t.task, relaxedFoldErrors(plan.data, plan.folds[t.task], alphas, gammas, l1Ratio, maxRefit));
      helpers.consider(performance.now() - begun, queue.left());
      // Let worker replies in (and hand them new folds) between this thread's folds.
      if (helpers.started) await host.yield();
    }
    await queue.finished;
    return assembleRelaxed(relaxed, scores);
  } finally {
    queue.close();
    await helpers.settled();
  }
}
