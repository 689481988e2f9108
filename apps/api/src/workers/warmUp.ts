import { createRng } from '@lassokit/core';
import type { JobLimits } from '../config.js';
import { runJob, type Job } from '../fitting/jobs.js';

/**
 * A fit worker's first jobs run cold: its modules load, the WebAssembly kernels compile and V8
 * optimizes the solver as it goes, so the first request a worker served took several times the
 * next ones (the Auto-MPG CSV fitted with CV: 133–152 ms in the server, then 15–40). Before it
 * takes jobs, a worker runs the same kinds of job on small made-up data — a cross-validated fit
 * and an Elastic Net path with a categorical column (n > p: the Gram solver), and a CV over two
 * l1Ratios on more columns than rows (the residual solver) — through `runJob`, as a request's body
 * would go, so the parsing, the design, the solvers and the model's JSON are warm for whatever
 * comes first. Nothing is kept.
 *
 * Returns the jobs' failures (none expected: a failure means the warm-up bodies no longer pass the
 * request schemas, which the tests check).
 */
export async function warmUp(limits: JobLimits): Promise<string[]> {
  const failed: string[] = [];
  for (const job of warmUpJobs()) {
    const result = await runJob(job, limits);
    if (!result.ok) failed.push(`${job.kind}: ${result.error.code} ${result.error.message}`);
  }
  return failed;
}

/** The warm-up's jobs (bodies as a request would send them). */
export function warmUpJobs(): Job[] {
  const tall = csv(200, 8, 1);
  const wide = csv(40, 120, 2);
  return [
    { kind: 'fit', body: jobBody({ data: { csv: tall }, target: 'y', categorical: ['kind'] }), id: 'warm-up', createdAt: new Date(0).toISOString() },
    { kind: 'path', body: jobBody({ data: { csv: tall }, target: 'y', categorical: ['kind'], l1Ratio: 0.5 }) },
    { kind: 'cv', body: jobBody({ data: { csv: wide }, target: 'y', categorical: ['kind'], l1Ratios: [1, 0.5], folds: 5 }) },
  ];
}

/** A CSV of n rows: p numeric columns x1…xp, a three-level column `kind`, and y from a few of them plus noise. */
function csv(n: number, p: number, seed: number): string {
  const rand = createRng(seed);
  const names = Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const lines = [[...names, 'kind', 'y'].join(',')];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: p }, () => rand() - 0.5);
    const kind = ['a', 'b', 'c'][i % 3];
    const y = 2 * x[0] - x[1] + 0.5 * x[2] + (kind === 'b' ? 0.3 : 0) + 0.1 * (rand() - 0.5);
    lines.push([...x.map((v) => v.toFixed(4)), kind, y.toFixed(4)].join(','));
  }
  return lines.join('\n') + '\n';
}

/** A request body as a job carries it: the JSON's bytes (a buffer of their own, moved to the worker). */
export function jobBody(body: unknown): ArrayBuffer {
  return new TextEncoder().encode(JSON.stringify(body)).buffer as ArrayBuffer;
}
