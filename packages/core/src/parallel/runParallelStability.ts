import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { assembleStability, halfSampleMask, planStability, type StabilityOptions, type StabilityResult } from '../stability/stabilitySelection.js';
import { Helpers, TaskQueue, checkWorkers, runWorkers, type ParallelOptions, type ThreadHost } from './runParallelCV.js';

/** One half-sample, as sent to a worker. */
interface HalfTask {
  readonly task: number;
  readonly rows: Int32Array;
}

/**
 * {@link stabilitySelection} with the half-samples fitted in worker threads of the host (Node's
 * `worker_threads` or the browser's Web Workers): the same draws (made up front on the calling
 * thread) and the same path per half, so the result is identical to the sequential one.
 */
export async function runParallelStability(X: MatrixInput, y: VectorInput, opts: StabilityOptions & ParallelOptions, host: ThreadHost): Promise<StabilityResult> {
  checkWorkers(opts);
  const plan = planStability(X, y, opts);
  const threads = opts.workers ?? host.defaultThreads(plan.data.X.rows, plan.data.X.cols);
  const tasks: HalfTask[] = plan.halves.map((rows, task) => ({ task, rows }));
  const masks: Uint8Array[] = new Array(tasks.length);
  let done = 0;
  const queue = new TaskQueue<HalfTask, Uint8Array>(tasks, (task, mask) => {
    masks[task] = mask;
    opts.onProgress?.(++done, tasks.length);
  });
  const { alphas, l1Ratio } = plan;
  const helpers = new Helpers(Math.min(threads - 1, tasks.length), host, opts.workers !== undefined, (pool) =>
    runWorkers(pool, plan.data, [], queue, (job, t) => ({ kind: 'half', job, task: t.task, rows: t.rows, alphas, l1Ratio }), (reply) => ('mask' in reply ? reply.mask : new Uint8Array(0))),
  );
  try {
    // The calling thread takes halves too, letting worker replies in between its own.
    for (let t = queue.claim(); t !== undefined; t = queue.claim()) {
      const started = performance.now();
      queue.complete(t.task, halfSampleMask(plan.data, t.rows, alphas, l1Ratio));
      helpers.consider(performance.now() - started, queue.left());
      if (helpers.started) await host.yield();
    }
    await queue.finished;
    return assembleStability(plan, masks);
  } finally {
    queue.close();
    await helpers.settled();
  }
}
