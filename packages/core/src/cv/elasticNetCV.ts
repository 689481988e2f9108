import { DEFAULTS } from '../defaults.js';
import { LassoKitError, invalidParameter } from '../errors.js';
import type { DenseMatrix, MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { selectRows } from '../matrix/selectRows.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { checkL1Ratio, resolveCommon, type ResolvedCommon } from '../prepare/checkOptions.js';
import type { FitResult } from '../fit/FitResult.js';
import type { PathOptions } from '../prepare/options.js';
import { prepareProblem, type PreparedProblem } from '../prepare/prepareProblem.js';
import { pathAlphas, resolveGrid, solvePath, type PathResult } from '../path/enetPath.js';
import { cvSummary } from './cvSummary.js';
import { foldIds as makeFoldIds } from './foldIds.js';
import { foldGram, SharedGram } from './sharedGram.js';

/** Held-out loss: mean squared error (default) or mean absolute error. */
export type CvLoss = 'mse' | 'mae';

export interface CVOptions extends Omit<PathOptions, 'l1Ratio'> {
  /** Number of folds, ≥ 2 and ≤ n (default 10). Ignored when `foldIds` is given. */
  readonly nFolds?: number;
  /** Seed of the fold shuffle (default 0). */
  readonly seed?: number;
  /** Explicit fold label per row, 0 … K−1 (glmnet `foldid`, 0-based). */
  readonly foldIds?: ArrayLike<number>;
  readonly loss?: CvLoss;
  /** Which α the returned model uses: the minimum (default) or the 1-SE rule. */
  readonly select?: 'min' | '1se';
  /** Called after each path (the full-data one and each fold's) with (done, total); for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ElasticNetCVOptions extends CVOptions {
  /** Candidate l1Ratios (default [0.5]); each gets its own α grid. */
  readonly l1Ratios?: VectorInput;
}

/** The cross-validation curve for one l1Ratio. */
export interface CvCurve {
  readonly l1Ratio: number;
  readonly alphas: Float64Array;
  readonly cvMean: Float64Array;
  readonly cvSe: Float64Array;
  /** Held-out error per fold (rows) and α (columns). */
  readonly foldErrors: Float64Array[];
  readonly alphaMin: number;
  readonly alpha1se: number;
  readonly indexMin: number;
  readonly index1se: number;
}

export interface CVResult extends CvCurve {
  readonly loss: CvLoss;
  readonly select: 'min' | '1se';
  readonly nFolds: number;
  readonly foldIds: Int32Array;
  /** The model refit on all rows at the selected α (and the best l1Ratio). */
  readonly model: FitResult;
  /** The all-rows path of the selected l1Ratio (its grid is `alphas`). */
  readonly path: PathResult;
  /** One curve per candidate l1Ratio, in the order given. */
  readonly curves: CvCurve[];
}

/**
 * K-fold cross-validated Elastic Net over an α grid and a list of l1Ratios.
 *
 * For each l1Ratio the grid comes from all rows (as glmnet and scikit-learn do); each fold's
 * training rows are centred and standardized on their own and fitted along that grid with warm
 * starts; the held-out loss (weighted mean within the fold) is summarized by {@link cvSummary}.
 * The best (l1Ratio, α) minimizes the mean; `select: '1se'` takes the largest α of that l1Ratio
 * within one standard error. glmnet `cv.glmnet`; scikit-learn `ElasticNetCV`.
 *
 * Cost: (K + 1) paths per l1Ratio.
 *
 * @example
 * const cv = elasticNetCV(X, y, { l1Ratios: [0.2, 0.5, 1], nFolds: 5, seed: 1 });
 * cv.l1Ratio; cv.alphaMin; cv.model.coef;
 */
export function elasticNetCV(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions = {}): CVResult {
  const plan = planCV(X, y, opts);
  const total = plan.l1Ratios.length * (plan.folds.length + 1);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const runs = plan.l1Ratios.map((l1Ratio) => {
    const alphas = cvAlphas(plan, l1Ratio);
    const path = solvePath(plan.full, alphas, l1Ratio, plan.data.common);
    tick();
    const foldErrors = plan.folds.map((fold) => {
      const errors = foldError(plan.data, fold, alphas, l1Ratio, plan.sharedGram);
      tick();
      return errors;
    });
    return { path, foldErrors };
  });
  plan.full.kernel.workspace?.release(); // the shared Gram's scratch lives there too
  return assembleCV(plan, runs);
}

/** What every fold's fit reads: plain arrays and options, so a worker thread can receive it. */
export interface CvData {
  readonly X: DenseMatrix;
  readonly y: Float64Array;
  /** Per-row weights (all 1 when none were given). */
  readonly weights: Float64Array;
  readonly weighted: boolean;
  readonly penaltyFactor: Float64Array | undefined;
  readonly common: ResolvedCommon;
  readonly loss: CvLoss;
}

/** A validated cross-validation run: data, folds, candidate l1Ratios and the all-rows problem. */
export interface CvPlan {
  readonly data: CvData;
  readonly l1Ratios: number[];
  readonly select: 'min' | '1se';
  readonly ids: Int32Array;
  readonly folds: Fold[];
  readonly full: PreparedProblem;
  /** The all-rows Gram the folds derive theirs from (covariance mode only). */
  readonly sharedGram: SharedGram | undefined;
  readonly gridOptions: PathOptions;
}

/** Validates everything up front (bad input fails before any fitting). Cost: O(n·p). */
export function planCV(X: MatrixInput, y: VectorInput, opts: ElasticNetCVOptions): CvPlan {
  const common = resolveCommon(opts);
  const Xd = toDenseMatrix(X);
  const yv = toVector(y, Xd.rows, 'y');
  const n = Xd.rows;
  const weights = opts.weights === undefined ? new Float64Array(n).fill(1) : toVector(opts.weights, n, 'weights');
  const l1Ratios = Array.from(toVector(opts.l1Ratios ?? [DEFAULTS.l1Ratio], undefined, 'l1Ratios'), (r) => checkL1Ratio(r, 'l1Ratios'));
  const loss = opts.loss ?? 'mse';
  if (loss !== 'mse' && loss !== 'mae') invalidParameter('loss', "'mse' or 'mae'", loss);
  const select = opts.select ?? 'min';
  if (select !== 'min' && select !== '1se') invalidParameter('select', "'min' or '1se'", select);
  const ids = resolveFoldIds(opts, n);
  const folds = splitFolds(ids, maxOf(ids) + 1, weights);
  const penaltyFactor = opts.penaltyFactor === undefined ? undefined : toVector(opts.penaltyFactor, undefined, 'penaltyFactor');
  const data: CvData = { X: Xd, y: yv, weights, weighted: opts.weights !== undefined, penaltyFactor, common, loss };
  const { full, sharedGram } = prepareFull(data);
  return { data, l1Ratios, select, ids, folds, full, sharedGram, gridOptions: opts };
}

/**
 * The all-rows problem of a CV run and, in covariance mode, the Gram it shares with the folds
 * (the all-rows path fills it; folds subtract their held-out rows). Also what a worker thread rebuilds.
 */
export function prepareFull(data: CvData): { full: PreparedProblem; sharedGram: SharedGram | undefined } {
  const prepared = prepareProblem(data.X, data.y, data.common, data.weighted ? data.weights : undefined, data.penaltyFactor);
  if (prepared.mode !== 'covariance') return { full: prepared, sharedGram: undefined };
  const sharedGram = new SharedGram(prepared);
  return { full: { ...prepared, kernel: { ...prepared.kernel, gram: sharedGram } }, sharedGram };
}

/** The α grid of one l1Ratio, from all rows (as glmnet and scikit-learn do); every fold uses it. */
export function cvAlphas(plan: CvPlan, l1Ratio: number): Float64Array {
  const { rows, cols } = plan.data.X;
  return pathAlphas(plan.full, resolveGrid(plan.gridOptions, l1Ratio, rows, cols), l1Ratio, plan.data.common);
}

/** What assembling a CV result reads of its plan (a CvPlan, or CV from sufficient statistics). */
export type CvAssembly = Pick<CvPlan, 'l1Ratios' | 'select' | 'ids'> & { readonly folds: readonly { readonly weight: number }[]; readonly data: Pick<CvData, 'loss'> };

/** Puts per-l1Ratio paths and fold errors together into the result. */
export function assembleCV(plan: CvAssembly, runs: readonly { path: PathResult; foldErrors: Float64Array[] }[]): CVResult {
  const curves = runs.map(({ path, foldErrors }, r): CvCurve => {
    const summary = cvSummary(foldErrors, plan.folds.map((f) => f.weight));
    return {
      l1Ratio: plan.l1Ratios[r],
      alphas: path.alphas,
      cvMean: summary.cvMean,
      cvSe: summary.cvSe,
      foldErrors,
      alphaMin: path.alphas[summary.indexMin],
      alpha1se: path.alphas[summary.index1se],
      indexMin: summary.indexMin,
      index1se: summary.index1se,
    };
  });
  let best = 0;
  curves.forEach((c, i) => {
    if (c.cvMean[c.indexMin] < curves[best].cvMean[curves[best].indexMin]) best = i;
  });
  const curve = curves[best];
  const { path } = runs[best];
  const k = plan.select === 'min' ? curve.indexMin : curve.index1se;
  const model: FitResult = {
    coef: path.coef[k],
    intercept: path.intercept[k],
    alpha: path.alphas[k],
    l1Ratio: curve.l1Ratio,
    dualGap: path.dualGap[k],
    nIter: path.nIter[k],
    converged: path.converged[k],
  };
  return { ...curve, loss: plan.data.loss, select: plan.select, nFolds: plan.folds.length, foldIds: plan.ids, model, path, curves };
}

/** Row indices of one fold and its held-out weight. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly weight: number;
}

function resolveFoldIds(opts: CVOptions, n: number): Int32Array {
  if (opts.foldIds === undefined) {
    const seed = opts.seed ?? DEFAULTS.seed;
    if (!Number.isInteger(seed)) invalidParameter('seed', 'an integer', seed);
    return makeFoldIds(n, opts.nFolds ?? DEFAULTS.nFolds, seed);
  }
  const given = opts.foldIds;
  if (given.length !== n) {
    throw new LassoKitError('DIMENSION_MISMATCH', `foldIds has length ${given.length}; expected ${n} (one per row of X)`, {
      parameter: 'foldIds',
    });
  }
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = given[i];
    if (!Number.isInteger(f) || f < 0) invalidParameter(`foldIds[${i}]`, 'an integer ≥ 0', f);
    ids[i] = f;
  }
  const K = maxOf(ids) + 1;
  if (K < 2) invalidParameter('foldIds', 'labels of at least 2 folds', `${K} fold`);
  const sizes = new Int32Array(K);
  ids.forEach((f) => sizes[f]++);
  const empty = sizes.findIndex((s) => s === 0);
  if (empty >= 0) invalidParameter('foldIds', `consecutive labels 0 … ${K - 1} with every fold non-empty`, `no row in fold ${empty}`);
  return ids;
}

/** Largest entry, by a loop: spreading n fold ids into Math.max overflows the stack for n ≳ 10⁵. */
function maxOf(values: Int32Array): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

function splitFolds(ids: Int32Array, K: number, weights: Float64Array): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < K; f++) {
    const test: number[] = [];
    const train: number[] = [];
    let weight = 0;
    ids.forEach((id, i) => {
      if (id === f) {
        test.push(i);
        weight += weights[i];
      } else train.push(i);
    });
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test), weight });
  }
  return folds;
}

/** Held-out error of one fold along the α grid: fit on the training rows, score the held-out ones. */
export function foldError(cv: CvData, fold: Fold, alphas: Float64Array, l1Ratio: number, shared?: SharedGram): Float64Array {
  const { X, y, weights, common, loss } = cv;
  const Xtr = selectRows(X, fold.train);
  const ytr = Float64Array.from(fold.train, (i) => y[i]);
  const wtr = cv.weighted ? Float64Array.from(fold.train, (i) => weights[i]) : undefined;
  const own = prepareProblem(Xtr, ytr, common, wtr, cv.penaltyFactor);
  const gram = shared !== undefined && own.mode === 'covariance' ? foldGram(shared, own, fold) : undefined;
  const prepared = gram === undefined ? own : { ...own, kernel: { ...own.kernel, gram } };
  const path = solvePath(prepared, alphas, l1Ratio, common);
  const errors = new Float64Array(alphas.length);
  const { rows: n, cols: p, data } = X;
  for (let a = 0; a < alphas.length; a++) {
    const coef = path.coef[a];
    let total = 0;
    let wsum = 0;
    for (const i of fold.test) {
      let pred = path.intercept[a];
      for (let j = 0; j < p; j++) if (coef[j] !== 0) pred += data[j * n + i] * coef[j];
      const r = y[i] - pred;
      total += weights[i] * (loss === 'mse' ? r * r : Math.abs(r));
      wsum += weights[i];
    }
    errors[a] = wsum > 0 ? total / wsum : NaN;
  }
  own.kernel.workspace?.release();
  gram?.release();
  return errors;
}
