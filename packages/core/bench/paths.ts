/**
 * `pnpm bench`: 100-alpha Lasso paths and 10-fold CV on issue 7's problems — sklearn's diabetes
 * data and Friedman et al. (2010) data (see friedman.ts; deterministic for its seed), all with
 * standardized X and centred y — at the default tolerance. For each: median wall time of RUNS
 * (default 5) runs in this process, the maximum relative suboptimality over the path against a
 * tight-tolerance run of our own solver, and the total coordinate passes; CV both sequential
 * (lassoCV) and with folds in worker threads (lassoCVParallel, one per core). Prints; asserts nothing.
 * BENCH=diabetes,1000x100 picks problems; CV=0 skips cross-validation.
 */
import { lassoCV, lassoPath, type DenseMatrix, type PathResult } from '../dist/index.js';
// Worker threads load built files: the parallel runner comes from dist (`pnpm build` first; turbo does).
import { lassoCVParallel } from '../dist/parallel/index.js';
import { lassoObjective, time, timeAsync } from './measure.js';
import { selectProblems } from './problems.js';

const RUNS = Math.max(1, Number(process.env.RUNS ?? 5));
const WITH_CV = process.env.CV !== '0';

function maxSuboptimality(X: DenseMatrix, y: Float64Array, path: PathResult, tight: PathResult): number {
  let worst = 0;
  path.alphas.forEach((alpha, k) => {
    const ours = lassoObjective(X, y, path.coef[k], path.intercept[k], alpha);
    const best = lassoObjective(X, y, tight.coef[k], tight.intercept[k], alpha);
    worst = Math.max(worst, (ours - best) / best);
  });
  return worst;
}

console.log('lassokit path benchmark (100 alphas, default tol; standardized X, centred y)');
console.log(`node ${process.version}; median of ${RUNS} runs\n`);
console.log('problem        path s    max rel subopt   passes   converged   cv10 s  cv10 workers s');
for (const problem of selectProblems(process.env.BENCH)) {
  const { X, y } = problem.load();
  const opts = { fitIntercept: false, standardize: false };
  const { seconds, result: path } = time(() => lassoPath(X, y, opts), RUNS);
  const tight = lassoPath(X, y, { ...opts, alphas: path.alphas, tol: 1e-12, maxIter: 1_000_000 });
  const subopt = maxSuboptimality(X, y, path, tight);
  const passes = path.nIter.reduce((a, v) => a + v, 0);
  const converged = path.converged.filter(Boolean).length;
  const cvOpts = { ...opts, nFolds: 10, seed: 1 };
  const cvSeconds = WITH_CV ? time(() => lassoCV(X, y, cvOpts), RUNS).seconds : NaN;
  const cvParallel = WITH_CV ? (await timeAsync(() => lassoCVParallel(X, y, cvOpts), RUNS)).seconds : NaN;
  const fmt = (s: number) => (Number.isNaN(s) ? '      -' : s.toFixed(3).padStart(7));
  console.log(
    `${problem.name.padEnd(14)} ${seconds.toFixed(4).padStart(7)}  ${subopt.toExponential(2).padStart(14)}  ${String(passes).padStart(7)}   ${`${converged}/${path.alphas.length}`.padStart(9)}  ${fmt(cvSeconds)}  ${fmt(cvParallel).padStart(14)}`,
  );
}
