/**
 * `pnpm bench`: time 100-alpha Lasso paths (and 10-fold CV on the smaller problems) on
 * Friedman-style data, with accuracy against a tight-tolerance run of our own solver.
 * Prints figures; asserts nothing. Timings are medians of ≥ 5 runs in this process.
 */
import { lassoCV, lassoPath, type DenseMatrix, type PathResult } from '../src/index.js';
import { friedman } from './friedman.js';
import { lassoObjective, time } from './measure.js';

interface Problem {
  readonly n: number;
  readonly p: number;
  readonly cv: boolean;
}

const problems: Problem[] = [
  { n: 1000, p: 100, cv: true },
  { n: 5000, p: 100, cv: true },
  { n: 100, p: 10_000, cv: true },
];
const RUNS = 5;

function maxSuboptimality(X: DenseMatrix, y: Float64Array, path: PathResult, tight: PathResult): number {
  let worst = 0;
  path.alphas.forEach((alpha, k) => {
    const ours = lassoObjective(X, y, path.coef[k], path.intercept[k], alpha);
    const best = lassoObjective(X, y, tight.coef[k], tight.intercept[k], alpha);
    worst = Math.max(worst, (ours - best) / best);
  });
  return worst;
}

console.log('lassokit path benchmark (Friedman et al. 2010 data, rho = 0.5, 100 alphas, default tol)');
console.log(`node ${process.version}; median of ${RUNS} runs\n`);
console.log('problem        path s    max rel subopt   passes   converged   cv10 s');
for (const { n, p, cv } of problems) {
  const { X, y } = friedman(n, p, 0.5, 2010);
  const { seconds, result: path } = time(() => lassoPath(X, y), RUNS);
  const tight = lassoPath(X, y, { tol: 1e-12, maxIter: 1_000_000 });
  const subopt = maxSuboptimality(X, y, path, tight);
  const passes = path.nIter.reduce((a, v) => a + v, 0);
  const converged = path.converged.filter(Boolean).length;
  const cvSeconds = cv ? time(() => lassoCV(X, y, { nFolds: 10, seed: 1 }), RUNS).seconds : NaN;
  console.log(
    `${`${n} x ${p}`.padEnd(14)} ${seconds.toFixed(4).padStart(7)}  ${subopt.toExponential(2).padStart(14)}  ${String(passes).padStart(7)}   ${`${converged}/${path.alphas.length}`.padStart(9)}  ${Number.isNaN(cvSeconds) ? '     -' : cvSeconds.toFixed(3).padStart(7)}`,
  );
}
