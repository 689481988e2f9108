/**
 * `pnpm bench`: time 100-alpha Lasso paths (and 10-fold CV on the smaller problems) on
 * Friedman-style data, with accuracy against a tight-tolerance run of our own solver.
 * Prints figures; asserts nothing. Timings are medians of ≥ 5 runs in this process.
 */
import { lassoCV, lassoPath, type DenseMatrix, type PathResult } from '../src/index.js';
import { friedman } from './friedman.js';

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T): { seconds: number; result: T } {
  const times: number[] = [];
  let result = fn();
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result };
}

/** ½·mean(r²) + α‖β‖₁ on centred y (X is standardized, so no intercept is needed). */
function objective(X: DenseMatrix, y: Float64Array, coef: Float64Array, intercept: number, alpha: number): number {
  const { rows: n, cols: p, data } = X;
  const r = Float64Array.from(y, (v) => v - intercept);
  let l1 = 0;
  for (let j = 0; j < p; j++) {
    const b = coef[j];
    if (b === 0) continue;
    l1 += Math.abs(b);
    for (let i = 0; i < n; i++) r[i] -= b * data[j * n + i];
  }
  return (0.5 * r.reduce((a, v) => a + v * v, 0)) / n + alpha * l1;
}

function maxSuboptimality(X: DenseMatrix, y: Float64Array, path: PathResult, tight: PathResult): number {
  let worst = 0;
  path.alphas.forEach((alpha, k) => {
    const ours = objective(X, y, path.coef[k], path.intercept[k], alpha);
    const best = objective(X, y, tight.coef[k], tight.intercept[k], alpha);
    worst = Math.max(worst, (ours - best) / best);
  });
  return worst;
}

console.log('lassokit path benchmark (Friedman et al. 2010 data, rho = 0.5, 100 alphas, default tol)');
console.log(`node ${process.version}; median of ${RUNS} runs\n`);
console.log('problem        path s    max rel subopt   passes   converged   cv10 s');
for (const { n, p, cv } of problems) {
  const { X, y } = friedman(n, p, 0.5, 2010);
  const { seconds, result: path } = time(() => lassoPath(X, y));
  const tight = lassoPath(X, y, { tol: 1e-12, maxIter: 1_000_000 });
  const subopt = maxSuboptimality(X, y, path, tight);
  const passes = path.nIter.reduce((a, v) => a + v, 0);
  const converged = path.converged.filter(Boolean).length;
  const cvSeconds = cv ? time(() => lassoCV(X, y, { nFolds: 10, seed: 1 })).seconds : NaN;
  console.log(
    `${`${n} x ${p}`.padEnd(14)} ${seconds.toFixed(4).padStart(7)}  ${subopt.toExponential(2).padStart(14)}  ${String(passes).padStart(7)}   ${`${converged}/${path.alphas.length}`.padStart(9)}  ${Number.isNaN(cvSeconds) ? '     -' : cvSeconds.toFixed(3).padStart(7)}`,
  );
}
