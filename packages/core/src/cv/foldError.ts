import { DEFAULTS } from '../defaults.js';
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
import type { CvData, CvPlan, Fold } from './CVResult.js';
import { trainRows } from './planCV.js';
import { foldGram, type SharedGram } from './sharedGram.js';
import { mseFromStatsChecked } from '../stats/mseFromStats.js';
import { sufficientStats } from '../stats/sufficientStats.js';
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
export function foldError(cv: CvData, folds: readonly Fold[], k: number, alphas: Float64Array, l1Ratio: number, shared?: SharedGram, stats?: FoldedStats): Float64Array {
  const { X, y, weights, common } = cv;
  const fold = folds[k];
  if (isCsc(X)) return sparseFoldError(cv, X, fold, alphas, l1Ratio);
  if (fold.weight > 0) {
    // The folds' statistics: given (a worker thread's, made once by the calling thread), else made
    // once by the shared Gram where folds come from them.
    const from = stats ?? (shared !== undefined && foldsFromStats(cv, folds) ? shared.foldStats(cv, folds) : undefined);
    if (from !== undefined) return statsFoldError(cv, X, folds, k, alphas, l1Ratio, from);
  }
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
function statsFoldError(cv: CvData, X: DenseMatrix, folds: readonly Fold[], k: number, alphas: Float64Array, l1Ratio: number, stats: FoldedStats): Float64Array {
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
 * Whether a fold's training problem comes from statistics ({@link statsFoldError}): where the
 * all-rows problem is in covariance mode by the automatic rule (p ≤ maxGramFeatures; a requested
 * covariance mode on wider data keeps the rows) and X is tall — n ≥ 32·p and at least
 * STATS_MIN_CELLS cells — with the folds' statistics within STATS_DOUBLES; or X is large
 * ({@link LARGE_CELLS}) and n ≥ K·p.
 *
 * Measured (10-fold CV): warm, alternating in one process, 100,000 × 20 230 → 53 ms, 20,000 × 50
 * 134 → 46, 5000 × 100 148 → 124, 10,000 × 300 1116 → 833. A first CV in a fresh process also runs
 * the statistics' code cold besides the rows' (which the all-rows path has already run), and the
 * statistics take memory the rows route does not: alternating fresh processes, 100,000 × 20 went
 * 450–526 → 198–293 ms (peak RSS 140 → 107 MB: no training copies), 10,000 × 300 1070–1260 →
 * 917–1040 ms (+12 MB), but 6000 × 300 (n = 20·p) 924–1270 → 976–1261 ms (+25 MB), 3000 × 250
 * 558–606 → 641–657 ms, 1100 × 320 677–891 → 829–1088 ms, 200 × 50 191–259 → 233–317 ms — so
 * squarer and smaller problems keep their rows.
 */
/**
 * Whether covariance-mode folds of this CV are fitted from the folds' statistics (see
 * {@link trainingStatsPay}); the parallel runner makes them once and shares them with its threads.
 */
export function foldsFromStats(cv: CvData, folds: readonly Fold[]): boolean {
  return !isCsc(cv.X) && trainingStatsPay(cv.X.rows, cv.X.cols, folds.length);
}

function trainingStatsPay(n: number, p: number, K: number): boolean {
  if (p > DEFAULTS.maxGramFeatures) return false;
  if (n * p >= STATS_MIN_CELLS && n >= 32 * p && K * (p + 2) ** 2 <= STATS_DOUBLES) return true;
  return n * p >= LARGE_CELLS && n >= K * p;
}

/**
 * The problem the all-rows path of a CV run solves: where folds come from statistics
 * ({@link foldsFromStats}), the all-rows statistics they are made with (their total, made once and
 * kept by the shared Gram), prepared as `enetPathFromStats` prepares them — the all-rows Gram is
 * then not made again from X, column by column. Otherwise the plan's problem over the rows.
 * The path is the rows' to rounding (see `enetPathFromStats`).
 *
 * Measured (10-fold CV of a 100-α Lasso path, builds alternating, two runs each): 10,000 × 1,000
 * 3.9–4.4 → 3.0–3.5 s; 100,000 × 20 32–35 → 29–31 ms (median of 7), 20,000 × 50 33 → 30–31,
 * 10,000 × 300 432–475 → 400–457 ms, 5000 × 100 the same; the selected α and its error the same
 * to 8 digits on all five.
 */
export function allRowsProblem(plan: CvPlan): Prepared {
  const { data, folds, sharedGram } = plan;
  if (sharedGram === undefined || !foldsFromStats(data, folds)) return plan.full;
  return prepareStats(sharedGram.foldStats(data, folds), data.common, data.penaltyFactor);
}

/**
 * From this many cells of X (and n ≥ K·p: the K folds' p² statistics no larger than X), folds are
 * fitted from statistics whatever the folds' statistics take (up to X's size again, and as much
 * for the accumulator while they are made). There the rows route makes the all-rows Gram lazily
 * and each fold's held-out part of it (two Grams' worth of products) plus a copy of the training
 * rows per fold, while the statistics are one blocked pass (one Gram's worth). 10-fold CV, warm,
 * second of two runs (rows → statistics): 10,000 × 1,000 Lasso 6.2 → 4.6 s and Elastic Net 4.6 →
 * 3.5 s (peak RSS 400 → 630 MB; 559 MB since each fold's Gram is written over its sums),
 * 20,000 × 600 3.06 → 2.26 s, 5000 × 500 0.93 → 0.85 s; below it the same or slower
 * (3000 × 1,000 3.37 against 3.38 s, +220 MB).
 */
const LARGE_CELLS = 2 ** 22;

/** Fewest cells of X for which folds are fitted from statistics (2^18: 100,000 × 20, 5000 × 100; not 1000 × 100). */
const STATS_MIN_CELLS = 2 ** 18;

/**
 * Most doubles the K folds' statistics may take, (p + 2)² each (8 MiB: 10 folds up to p = 321).
 * While they are made the accumulator's shifted sums take as much again, beside its row blocks
 * (≤ 32 MiB). At 2^23 a 10-fold CV of 1100 × 900 had peaked at 311 MB against 162 MB with the
 * rows, for 5–8 % less time; leave-one-out on p = 1000 would have wanted 8 GB per 1000 rows.
 */
const STATS_DOUBLES = 2 ** 20;

/**
 * The fold's path with each α's model scored as soon as it is solved (no p-long coefficient array
 * kept per α). Without `score` — a fold whose held-out rows all weigh 0 has no error to measure —
 * the path is still solved and every error is NaN.
 */
function scoredPath(prepared: Prepared, alphas: Float64Array, l1Ratio: number, common: CvData['common'], score: ((coef: Float64Array, b0: number) => number) | null): Float64Array {
  const errors = new Float64Array(alphas.length).fill(NaN);
  solvePath(prepared, alphas, l1Ratio, common, {
    each: (k, coef, b0) => {
      if (score !== null) errors[k] = score(coef, b0);
    },
  });
  return errors;
}

/** The weighted mean squared (or absolute) error of every α's model on held-out rows (see {@link heldOutScorer}). */
export function heldOutErrors(Xte: DenseMatrix, yte: Float64Array, wte: Float64Array, path: { coef: Float64Array[]; intercept: Float64Array }, squared: boolean): Float64Array {
  const scorer = heldOutScorer(Xte, yte, wte, squared);
  try {
    return Float64Array.from(path.intercept, (b0, a) => scorer.score(path.coef[a], b0));
  } finally {
    scorer.release();
  }
}

interface HeldOutScorer {
  readonly score: (coef: Float64Array, b0: number) => number;
  readonly release: () => void;
}

/**
 * Scores models on held-out rows: the weighted mean squared (or absolute) error. The rows are
 * copied once, row-major, into a SIMD workspace; each model's predictions are then one `gemvT` (a
 * dot of length p per row), and the mean is `mse` / `mae`'s (the metrics' weight normalization and
 * Neumaier sum). Calling `predict` and `mse` per α re-validated the held-out rows every time and
 * ran in plain loops: on 20,000 × 50 that was 0.9 s of a 1 s CV. `wte` is normalized in place;
 * `release` when done.
 *
 * Cost: O(n_test·p) per model (SIMD), plus the copy.
 */
function heldOutScorer(Xte: DenseMatrix, yte: Float64Array, wte: Float64Array, squared: boolean): HeldOutScorer {
  const { rows: n, cols: p, data } = Xte;
  let total = 0;
  for (let i = 0; i < n; i++) total += wte[i];
  for (let i = 0; i < n; i++) wte[i] /= total;
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
 * How a fold's held-out rows are scored along a grid of `nAlphas` α: from their statistics where
 * the loss is the MSE and that pays ({@link statsPay}; `held` when already made, else made from
 * the rows), otherwise from the rows.
 */
function foldScorer(cv: CvData, X: DenseMatrix, fold: Fold, nAlphas: number, held?: SufficientStats): HeldOutScorer {
  const { y, weights, loss } = cv;
  const rows = () => [selectRows(X, fold.test), selectEntries(y, fold.test), selectEntries(weights, fold.test)] as const;
  if (loss !== 'mse' || !statsPay(fold.test.length, X.cols, nAlphas)) return heldOutScorer(...rows(), loss === 'mse');
  if (held !== undefined) return statsScorer(held, rows);
  const [Xte, yte, wte] = rows();
  return statsScorer(sufficientStats(Xte, yte, { weights: wte }), () => [Xte, yte, wte]);
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
function sparseFoldError(cv: CvData, X: CscMatrix, fold: Fold, alphas: Float64Array, l1Ratio: number): Float64Array {
  const { y, weights, common, loss } = cv;
  const train = trainRows(fold, X.rows);
  const ytr = selectEntries(y, train);
  const wtr = cv.weighted ? selectEntries(weights, train) : undefined;
  const prepared = prepareSparse(cscSelectRows(X, train), ytr, common, wtr, cv.penaltyFactor);
  if (!(fold.weight > 0)) return scoredPath(prepared, alphas, l1Ratio, common, null);
  const Xte = cscSelectRows(X, fold.test);
  const yte = selectEntries(y, fold.test);
  const wte = selectEntries(weights, fold.test);
  for (let t = 0; t < wte.length; t++) wte[t] /= fold.weight;
  const values = new Float64Array(yte.length);
  return scoredPath(prepared, alphas, l1Ratio, common, (coef, b0) => {
    const pred = cscPredict(Xte, coef, b0);
    for (let i = 0; i < yte.length; i++) {
      const r = yte[i] - pred[i];
      values[i] = loss === 'mse' ? r * r : Math.abs(r);
    }
    return neumaierSum(values, wte);
  });
}
