import { LassoKitError } from '../errors.js';
import type { DenseMatrix } from '../matrix/DenseMatrix.js';
import { neumaierSum } from '../math/neumaierSum.js';
import { selectEntries, selectRows } from '../matrix/selectRows.js';
import { cscPredict, cscSelectRows, isCsc, type CscMatrix } from '../matrix/CscMatrix.js';
import { prepareSparse } from '../prepare/prepareSparse.js';
import { Workspace } from '../wasm/Workspace.js';
import { prepareProblem } from '../prepare/prepareProblem.js';
import { solvePath } from '../path/enetPath.js';
import type { Prepared } from '../prepare/Prepared.js';
import type { CvData, Fold, FoldScores } from './CVResult.js';
import { trainRows } from './planCV.js';
import { foldGram, type SharedGram } from './sharedGram.js';
import { mseFromStatsChecked } from '../stats/mseFromStats.js';
import { checkedStats } from '../stats/sufficientStats.js';
import type { FoldedStats, SufficientStats } from '../stats/FoldedStats.js';
import { subtractStats } from '../stats/combineStats.js';
import { prepareStats } from '../stats/prepareStats.js';

/**
 * Held-out error of fold k along the α grid: fit on the training rows (their own centring and
 * scaling; in covariance mode from their sufficient statistics, the all-rows ones minus the
 * fold's, see {@link statsFoldError}, or with a Gram derived from the shared all-rows one), then score the
 * held-out rows by the loss (weighted mean within the fold, as `mse` / `mae` compute it). Shared by
 * `elasticNetCV` and the worker threads of `elasticNetCVParallel`, so both give the same numbers.
 *
 * Cost: one path on the training rows, then O(n_test·|nonzero|) per α (O(p·|nonzero|) where the
 * held-out rows are scored from their statistics, see {@link statsScorer}).
 */
export function foldError(cv: CvData, folds: readonly Fold[], k: number, alphas: Float64Array, l1Ratio: number, shared?: SharedGram, stats?: FoldedStats): FoldScores {
  const { X, y, weights, common } = cv;
  const fold = folds[k];
  if (isCsc(X)) return sparseFoldError(cv, X, fold, alphas, l1Ratio);
  // The folds' statistics where folds are fitted from them (made once by the plan, see `foldsFromStats`).
  if (fold.weight > 0 && stats !== undefined) return statsFoldError(cv, X, folds, k, alphas, l1Ratio, stats);
  const train = trainRows(fold, X.rows);
  const ytr = selectEntries(y, train);
  const wtr = cv.weighted ? selectEntries(weights, train) : undefined;
  const own = prepareProblem(X, ytr, common, wtr, cv.penaltyFactor, 1, train);
  const gram = shared !== undefined && own.mode === 'covariance' ? foldGram(shared, own, { train, test: fold.test }) : undefined;
  const prepared = gram === undefined ? own : { ...own, kernel: { ...own.kernel, gram } };
  let scorer: HeldOutScorer | null = null;
  try {
    if (fold.weight > 0) scorer = foldScorer(cv, X, fold, alphas.length);
    return scoredPath(prepared, alphas, l1Ratio, common, scorer === null ? null : scorer.score);
  } finally {
    scorer?.release();
    own.kernel.workspace?.release();
    gram?.release();
  }
}

/**
 * {@link foldError} with the training rows never read: their sufficient statistics are the
 * all-rows ones (made once, shared by the folds) minus the held-out rows' (`subtractStats`,
 * exact: centred sums combined by Chan et al.'s update), and the fold is fitted from them
 * (`prepareStats`) — the same problem the rows give, to rounding. The held-out rows' statistics
 * score the fold too where that pays ({@link statsPay}); otherwise the rows do.
 *
 * Cost: O(n_test·p²) (SIMD) for the held-out statistics plus O(p²) to prepare, against copying,
 * centring and scaling n_train·p values and their Xᵀy.
 */
function statsFoldError(cv: CvData, X: DenseMatrix, folds: readonly Fold[], k: number, alphas: Float64Array, l1Ratio: number, stats: FoldedStats): FoldScores {
  const { common } = cv;
  const held = stats.folds[k];
  if (!(stats.sumW - held.sumW > 0)) {
    throw new LassoKitError('INVALID_WEIGHTS', `weights must not all be zero on a fold's training rows (every row outside fold ${k} weighs 0)`, { parameter: 'weights' });
  }
  const train = prepareStats(subtractStats(stats, held), common, cv.penaltyFactor);
  const scorer = foldScorer(cv, X, folds[k], alphas.length, held);
  try {
    return scoredPath(train, alphas, l1Ratio, common, scorer.score);
  } finally {
    scorer.release();
  }
}

/**
 * The fold's path with each α's model scored as soon as it is solved (no p-long coefficient array
 * kept per α), and where its fit converged. Without `score` — a fold whose held-out rows all weigh
 * 0 has no error to measure — the path is still solved and every error is NaN.
 */
function scoredPath(prepared: Prepared, alphas: Float64Array, l1Ratio: number, common: CvData['common'], score: ((coef: Float64Array, b0: number) => number) | null): FoldScores {
  const errors = new Float64Array(alphas.length).fill(NaN);
  const path = solvePath(prepared, alphas, l1Ratio, common, {
    each: (k, coef, b0) => {
      if (score !== null) errors[k] = score(coef, b0);
    },
  });
  return { errors, converged: convergedFlags(path.converged) };
}

/** A path's `converged` as the 1/0 bytes a fold's scores carry (a typed array crosses threads as one buffer). */
export function convergedFlags(converged: readonly boolean[]): Uint8Array {
  return Uint8Array.from(converged, (ok) => (ok ? 1 : 0));
}

export interface HeldOutScorer {
  readonly score: (coef: Float64Array, b0: number) => number;
  readonly release: () => void;
}

/**
 * Scores models on held-out rows: the weighted mean squared (or absolute) error. The rows are
 * copied once, row-major, into a SIMD workspace; each model's predictions are then one `gemvT` (a
 * dot of length p per row), and the mean is `mse` / `mae`'s (the metrics' weight normalization and
 * Neumaier sum). Calling `predict` and `mse` per α re-validated the held-out rows every time and
 * ran in plain loops: on 20,000 × 50 that was 0.9 s of a 1 s CV. Sparse (CSC) rows are scored
 * as they are ({@link sparseScorer}). `wte` is normalized in place; `release` when done.
 *
 * Cost: O(n_test·p) per model (SIMD), plus the copy.
 */
export function heldOutScorer(Xte: DenseMatrix | CscMatrix, yte: Float64Array, wte: Float64Array, squared: boolean): HeldOutScorer {
  const n = Xte.rows;
  let total = 0;
  for (let i = 0; i < n; i++) total += wte[i];
  for (let i = 0; i < n; i++) wte[i] /= total;
  if (isCsc(Xte)) return sparseScorer(Xte, yte, wte, squared);
  const { cols: p, data } = Xte;
  const ws = Workspace.create(n * p + n + p + 8);
  const rowsT = ws.alloc(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) rowsT[i * p + j] = data[j * n + i];
  const c = ws.alloc(p);
  const xb = ws.alloc(n);
  const values = new Float64Array(n);
  return {
    score: (coef, b0) => {
      c.set(coef);
      // Row i of X·β is the dot of row i (column i of the p × n row-major copy) with β.
      ws.gemvT(rowsT, c, xb, p, n);
      for (let i = 0; i < n; i++) {
        const r = yte[i] - b0 - xb[i];
        values[i] = squared ? r * r : Math.abs(r);
      }
      return neumaierSum(values, wte);
    },
    release: () => ws.release(),
  };
}

/**
 * Whether scoring m held-out rows from their statistics costs less than from the rows along a grid
 * of `alphas` α: the rows take m·p (SIMD) per α; the statistics m·p²/2 (SIMD) once and up to p²
 * per α in a plain loop, counted 4× — measured side by side, 10-fold CV on 100,000 × 20 and
 * 20,000 × 50 ran 1.3–1.6× faster with them, 1000 × 100 and 200 × 50 (m = 100, 20) slower.
 */
function statsPay(m: number, p: number, alphas: number): boolean {
  return alphas * m > (m * p) / 2 + 4 * alphas * p;
}

/**
 * How a fold's held-out rows are scored along a grid of `nAlphas` α (or as many models of another
 * kind: a relaxed CV's γ × α blends): from their statistics where the loss is the MSE and that
 * pays ({@link statsPay}; `held` when already made, else made from the rows), otherwise from the rows.
 */
export function foldScorer(cv: CvData, X: DenseMatrix, fold: Fold, nAlphas: number, held?: SufficientStats): HeldOutScorer {
  const { y, weights, loss } = cv;
  const rows = () => [selectRows(X, fold.test), selectEntries(y, fold.test), selectEntries(weights, fold.test)] as const;
  if (loss !== 'mse' || !statsPay(fold.test.length, X.cols, nAlphas)) return heldOutScorer(...rows(), loss === 'mse');
  if (held !== undefined) return statsScorer(held, rows);
  const [Xte, yte, wte] = rows();
  // Rows of the checked X, y and weights: not checked again.
  return statsScorer(checkedStats(Xte, yte, wte, null), () => [Xte, yte, wte]);
}

/**
 * Scores by the mean squared error from the held-out rows' sufficient statistics (O(p + k²) per
 * model with k nonzero coefficients, after one O(n_test·p²) pass), falling back to the rows
 * ({@link heldOutScorer}) for a model whose error the statistics give only with cancellation (see
 * `mseFromStatsChecked`). Equal to the rows' scores to ~1e-11 relative.
 */
function statsScorer(stats: SufficientStats, heldOutRows: () => readonly [DenseMatrix, Float64Array, Float64Array]): HeldOutScorer {
  let rows: HeldOutScorer | null = null;
  return {
    score: (coef, b0) => mseFromStatsChecked(stats, coef, b0) ?? (rows ??= heldOutScorer(...heldOutRows(), true)).score(coef, b0),
    release: () => rows?.release(),
  };
}

/**
 * {@link foldError} for a sparse design: the fold's rows selected from the CSC matrix, its own
 * sparse problem, and each α's held-out predictions from the nonzeros of the test rows.
 *
 * Cost: one sparse path, plus O(nnz_test + n_test) per α.
 */
function sparseFoldError(cv: CvData, X: CscMatrix, fold: Fold, alphas: Float64Array, l1Ratio: number): FoldScores {
  const { y, weights, common, loss } = cv;
  const train = trainRows(fold, X.rows);
  const ytr = selectEntries(y, train);
  const wtr = cv.weighted ? selectEntries(weights, train) : undefined;
  const prepared = prepareSparse(cscSelectRows(X, train), ytr, common, wtr, cv.penaltyFactor);
  if (!(fold.weight > 0)) return scoredPath(prepared, alphas, l1Ratio, common, null);
  const wte = selectEntries(weights, fold.test);
  for (let t = 0; t < wte.length; t++) wte[t] /= fold.weight;
  return scoredPath(prepared, alphas, l1Ratio, common, sparseScorer(cscSelectRows(X, fold.test), selectEntries(y, fold.test), wte, loss === 'mse').score);
}

/**
 * Scores models on sparse held-out rows (`share`: their weights, summing to 1): each model's
 * predictions by the CSC columns of its nonzero coefficients, then the weighted mean of the
 * squared (or absolute) errors by Neumaier sum.
 *
 * Cost: O(nonzeros of the model's columns + n_test) per model.
 */
function sparseScorer(Xte: CscMatrix, yte: Float64Array, share: Float64Array, squared: boolean): HeldOutScorer {
  const values = new Float64Array(yte.length);
  return {
    score: (coef, b0) => {
      const pred = cscPredict(Xte, coef, b0);
      for (let i = 0; i < yte.length; i++) {
        const r = yte[i] - pred[i];
        values[i] = squared ? r * r : Math.abs(r);
      }
      return neumaierSum(values, share);
    },
    release: () => undefined,
  };
}
