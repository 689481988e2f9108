/**
 * `pnpm bench:peers`: lassokit next to glmnet and scikit-learn, measured side by side in one run
 * on the same generated data, the same 100-alpha grid and the same folds. Accuracy for every solver
 * is the maximum relative suboptimality over the path against one tight lassokit solve. Needs
 * Debian's r-cran-glmnet, r-cran-jsonlite and python3-sklearn; prints figures, asserts nothing.
 * With `--matrix`: the matrix of generated problems of bench/matrix.ts instead; with `--sparse`: CSC
 * designs against glmnet (dgCMatrix) and scikit-learn (csc_matrix), bench/sparse.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alphaGrid, foldIds, lassoCV, lassoPath, type DenseMatrix } from '../dist/index.js';
// Worker threads load built files: the parallel runner comes from dist (`pnpm build` first; turbo does).
import { lassoCVParallel } from '../dist/parallel/index.js';
import { lassoObjective, time, timeAsync } from './measure.js';
import { selectProblems } from './problems.js';
import { drop, scratchDir } from './scratch.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
/** glmnet's thresh: fixed by GLMNET_THRESH, else per problem the largest of these reaching ≤ 1e-6. */
const GLMNET_THRESHES = process.env.GLMNET_THRESH === undefined ? [1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13] : [Number(process.env.GLMNET_THRESH)];
const TARGET = 1e-6;
/** lassokit's tol (default: the library default), to compare at equal accuracy. */
const TOL = process.env.LASSOKIT_TOL === undefined ? undefined : Number(process.env.LASSOKIT_TOL);

function subopt(X: DenseMatrix, y: Float64Array, alphas: Float64Array, coefs: ArrayLike<number>[], best: number[]): number {
  return Math.max(...Array.from(alphas, (a, k) => (lassoObjective(X, y, coefs[k], 0, a) - best[k]) / best[k]));
}
function readCoef(file: string, p: number, m: number): Float64Array[] {
  const all = new Float64Array(readFileSync(file).buffer.slice(0));
  return Array.from({ length: m }, (_, k) => all.subarray(k * p, (k + 1) * p));
}

// `--matrix` (and `--quick`, `--seed N`): the matrix of problems nobody tuned for (bench/matrix.ts).
if (process.argv.includes('--matrix')) await import('./matrix.js');
else if (process.argv.includes('--sparse')) await import('./sparse.js');
else await fivePoints();

/** The five problems lassokit was tuned on (issue 7's table). */
async function fivePoints(): Promise<void> {
  console.log(`lassokit (tol ${TOL ?? 'default'}) vs glmnet (thresh calibrated to ≤ ${TARGET}) vs scikit-learn (default tol); diabetes and Friedman et al. 2010 data (rho 0.5); median of ${RUNS}`);
  console.log(`CV: 10 folds, median of ${Math.max(1, RUNS >> 1)}; ours = lassoCV, ours∥ = lassoCVParallel (folds in worker threads, one per core). Ratios: lassokit (∥ for CV) / the faster peer.`);
  console.log('problem    |     lassokit path (subopt) passes |       glmnet path (subopt) thresh |      sklearn path (subopt) | ratio | cv: ours  ours∥  glmnet sklearn | ratio');
  for (const problem of selectProblems(process.env.PEERS)) {
    const { X, y } = problem.load();
    const { rows: n, cols: p } = X;
    const opts = { fitIntercept: false, standardize: false };
    const ourOpts = { ...opts, tol: TOL };
    const alphas = lassoPath(X, y, { ...opts, nAlphas: 2 }).alphaMax;
    const grid = alphaGrid(alphas, 100, n > p ? 1e-3 : 1e-2);
    const folds = foldIds(n, 10, 1);
    const dir = scratchDir('lassokit-peers-');
    writeFileSync(join(dir, 'X.bin'), X.data);
    writeFileSync(join(dir, 'y.bin'), y);
    writeFileSync(join(dir, 'alphas.bin'), grid);
    writeFileSync(join(dir, 'folds.bin'), folds);
    const tight = lassoPath(X, y, { ...opts, alphas: grid, tol: 1e-12, maxIter: 1_000_000 });
    const best = tight.coef.map((c, k) => lassoObjective(X, y, c, 0, grid[k]));
    const ours = lassoPath(X, y, { ...ourOpts, alphas: grid });
    const oursPath = time(() => lassoPath(X, y, { ...ourOpts, alphas: grid }), RUNS).seconds;
    const cvRuns = Math.max(1, RUNS >> 1);
    const oursCv = time(() => lassoCV(X, y, { ...ourOpts, alphas: grid, foldIds: folds }), cvRuns).seconds;
    const oursCvParallel = (await timeAsync(() => lassoCVParallel(X, y, { ...ourOpts, alphas: grid, foldIds: folds }), cvRuns)).seconds;
    // glmnet stops on coefficient changes, not on the objective: calibrate its thresh to equal accuracy.
    const R = (...args: string[]) => execFileSync('Rscript', [join(here, 'peers/glmnet_peer.R'), dir, String(n), String(p), ...args], { encoding: 'utf8' });
    let thresh = GLMNET_THRESHES[GLMNET_THRESHES.length - 1];
    if (GLMNET_THRESHES.length > 1) {
      R('calibrate', ...GLMNET_THRESHES.map(String));
      const reached = GLMNET_THRESHES.findIndex((_, i) => subopt(X, y, grid, readCoef(join(dir, `glmnet-coef-${i}.bin`), p, grid.length), best) <= TARGET);
      if (reached >= 0) thresh = GLMNET_THRESHES[reached];
    }
    const g = JSON.parse(R('time', String(RUNS), String(thresh)));
    const s = JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'peers/sklearn_peer.py'), dir, String(n), String(p), String(RUNS)], { encoding: 'utf8' }));
    const gs = subopt(X, y, grid, readCoef(join(dir, 'glmnet-coef.bin'), p, grid.length), best);
    const ss = subopt(X, y, grid, readCoef(join(dir, 'sklearn-coef.bin'), p, grid.length), best);
    const os = subopt(X, y, grid, ours.coef, best);
    const fmt = (t: number, e: number) => `${t.toFixed(4).padStart(8)} s (${e.toExponential(1)})`;
    const oursPasses = ours.nIter.reduce((a, v) => a + v, 0);
    const pathRatio = oursPath / Math.min(g.path, s.path);
    const cvRatio = oursCvParallel / Math.min(g.cv, s.cv);
    console.log(
      `${problem.name.padEnd(10)} | ${fmt(oursPath, os).padStart(22)} ${String(oursPasses).padStart(6)} | ${fmt(g.path, gs).padStart(22)} ${thresh.toExponential(0).padStart(5)} | ${fmt(s.path, ss).padStart(22)} | ${pathRatio.toFixed(2).padStart(5)}x | ${oursCv.toFixed(3).padStart(7)} ${oursCvParallel.toFixed(3).padStart(7)} ${g.cv.toFixed(3).padStart(7)} ${s.cv.toFixed(3).padStart(7)} | ${cvRatio.toFixed(2).padStart(5)}x`,
    );
    drop(dir);
  }
}
