/**
 * `pnpm bench:peers`: lassokit next to glmnet and scikit-learn, measured side by side in one run
 * on the same generated data, the same 100-alpha grid and the same folds. Accuracy for every solver
 * is the maximum relative suboptimality over the path against one tight lassokit solve. Needs
 * Debian's r-cran-glmnet, r-cran-jsonlite and python3-sklearn; prints figures, asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alphaGrid, foldIds, lassoCV, lassoPath, type DenseMatrix } from '../src/index.js';
import { friedman } from './friedman.js';
import { lassoObjective, time } from './measure.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const problems = (process.env.PEERS ?? '1000x100,5000x100,100x10000').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const RUNS = Number(process.env.RUNS ?? 5);
const GLMNET_THRESH = Number(process.env.GLMNET_THRESH ?? 1e-10);
/** lassokit's tol (default: the library default), to compare at equal accuracy. */
const TOL = process.env.LASSOKIT_TOL === undefined ? undefined : Number(process.env.LASSOKIT_TOL);

function subopt(X: DenseMatrix, y: Float64Array, alphas: Float64Array, coefs: ArrayLike<number>[], best: number[]): number {
  return Math.max(...Array.from(alphas, (a, k) => (lassoObjective(X, y, coefs[k], 0, a) - best[k]) / best[k]));
}
function readCoef(file: string, p: number, m: number): Float64Array[] {
  const all = new Float64Array(readFileSync(file).buffer.slice(0));
  return Array.from({ length: m }, (_, k) => all.subarray(k * p, (k + 1) * p));
}

console.log(`lassokit (tol ${TOL ?? 'default'}) vs glmnet (thresh ${GLMNET_THRESH}) vs scikit-learn (default tol); Friedman et al. 2010 data, rho 0.5; median of ${RUNS}`);
console.log('problem      |  lassokit path (subopt)  |   glmnet path (subopt)  |  sklearn path (subopt)  | lassokit/fastest | cv: lassokit  glmnet  sklearn');
for (const [n, p] of problems) {
  const { X, y } = friedman(n, p, 0.5, 2010);
  const opts = { fitIntercept: false, standardize: false };
  const ourOpts = { ...opts, tol: TOL };
  const alphas = lassoPath(X, y, { ...opts, nAlphas: 2 }).alphaMax;
  const grid = alphaGrid(alphas, 100, n > p ? 1e-3 : 1e-2);
  const folds = foldIds(n, 10, 1);
  const dir = mkdtempSync(join(tmpdir(), 'lassokit-peers-'));
  writeFileSync(join(dir, 'X.bin'), X.data);
  writeFileSync(join(dir, 'y.bin'), y);
  writeFileSync(join(dir, 'alphas.bin'), grid);
  writeFileSync(join(dir, 'folds.bin'), folds);
  const tight = lassoPath(X, y, { ...opts, alphas: grid, tol: 1e-12, maxIter: 1_000_000 });
  const best = tight.coef.map((c, k) => lassoObjective(X, y, c, 0, grid[k]));
  const ours = lassoPath(X, y, { ...ourOpts, alphas: grid });
  const oursPath = time(() => lassoPath(X, y, { ...ourOpts, alphas: grid }), RUNS).seconds;
  const oursCv = time(() => lassoCV(X, y, { ...ourOpts, alphas: grid, foldIds: folds }), Math.max(1, RUNS >> 1)).seconds;
  const g = JSON.parse(execFileSync('Rscript', [join(here, 'peers/glmnet_peer.R'), dir, String(n), String(p), String(RUNS), String(GLMNET_THRESH)], { encoding: 'utf8' }));
  const s = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'peers/sklearn_peer.py'), dir, String(n), String(p), String(RUNS)], { encoding: 'utf8' }));
  const gs = subopt(X, y, grid, readCoef(join(dir, 'glmnet-coef.bin'), p, grid.length), best);
  const ss = subopt(X, y, grid, readCoef(join(dir, 'sklearn-coef.bin'), p, grid.length), best);
  const os = subopt(X, y, grid, ours.coef, best);
  const fmt = (t: number, e: number) => `${t.toFixed(4).padStart(8)} s (${e.toExponential(1)})`;
  console.log(`${`${n}x${p}`.padEnd(12)} | ${fmt(oursPath, os).padStart(24)} | ${fmt(g.path, gs).padStart(23)} | ${fmt(s.path, ss).padStart(23)} | ${(oursPath / Math.min(g.path, s.path)).toFixed(1).padStart(15)}x | ${oursCv.toFixed(3).padStart(11)} ${g.cv.toFixed(3).padStart(7)} ${s.cv.toFixed(3).padStart(8)}`);
}
