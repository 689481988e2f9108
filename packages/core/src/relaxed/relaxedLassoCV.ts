import type { CvLoss, CVOptions } from '../cv/CVResult.js';
import { cvSummary } from '../cv/cvSummary.js';
import { foldScorer, heldOutScorer } from '../cv/foldError.js';
import { cvAlphas, planCV, trainRows } from '../cv/planCV.js';
import type { CvData, CvPlan, Fold, FoldScores } from '../cv/CVResult.js';
import { convergedFlags } from '../cv/foldError.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { selectEntries } from '../matrix/selectRows.js';
import { rowsOf } from '../matrix/rowsOf.js';
import { isCsc } from '../matrix/CscMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { release } from '../prepare/prepareInput.js';
import { toVector } from '../matrix/toVector.js';
import { solvePath, watchedPath } from '../path/enetPath.js';
import { blend, checkGamma, checkMaxRefit, refitBound, refitSupports, type RelaxedOptions, type RelaxedPathResult } from './relaxedPath.js';

export interface RelaxedCVOptions extends CVOptions, RelaxedOptions {
  readonly l1Ratio?: number;
  /** Blends to cross-validate (default glmnet's [0, 0.25, 0.5, 0.75, 1]). */
  readonly gammas?: VectorInput;
}

/** The relaxed model CV chose, on the original scale. */
export interface RelaxedModel {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly alpha: number;
  readonly gamma: number;
  readonly l1Ratio: number;
}

export interface RelaxedCVResult {
  readonly alphas: Float64Array;
  readonly gammas: Float64Array;
  /** Mean held-out error per γ (rows) and α (columns). */
  readonly cvMean: Float64Array[];
  readonly cvSe: Float64Array[];
  /**
   * Per fold (rows) and α (columns), 1 where the fold's Lasso fit converged, 0 where it stopped at
   * maxIter first (every γ's held-out error at that α blends that fit).
   */
  readonly foldConverged: Uint8Array[];
  readonly loss: CvLoss;
  readonly select: 'min' | '1se';
  readonly nFolds: number;
  readonly foldIds: Int32Array;
  readonly alphaMin: number;
  readonly gammaMin: number;
  readonly indexMin: number;
  readonly alpha1se: number;
  readonly gamma1se: number;
  readonly index1se: number;
  /** The all-rows relaxed fit at the selected (α, γ). */
  readonly model: RelaxedModel;
  /** The all-rows relaxed path. */
  readonly path: RelaxedPathResult;
  /** The widest support refitted, in the folds as on all rows (Infinity: every support). */
  readonly maxRefitFeatures: number;
}

const DEFAULT_GAMMAS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Cross-validated relaxed Lasso (glmnet `cv.glmnet(relax = TRUE)`): the folds, grid and options of
 * {@link elasticNetCV}; each fold fits its path and least-squares refits, and every (γ, α) gets its
 * held-out error. The minimum picks (α, γ), ties to the larger α, then the larger γ; the 1-SE rule
 * takes the largest α (then γ) whose mean is within one standard error of that minimum — glmnet's
 * rules. γ = 1 is the plain Lasso's curve, so the relaxed choice is never worse in CV error.
 *
 * Cost: (K + 1) paths plus the refits of each distinct support.
 *
 * @example
 * const cv = relaxedLassoCV(X, y, { nFolds: 10, seed: 1 });
 * cv.gammaMin; cv.alphaMin; cv.model.coef;
 */
export function relaxedLassoCV(X: MatrixInput, y: VectorInput, opts: RelaxedCVOptions = {}): RelaxedCVResult {
  const relaxed = planRelaxed(X, y, opts);
  const total = relaxed.plan.folds.length + 1;
  opts.onProgress?.(1, total);
  const folds = relaxed.plan.folds.map((fold, k) => {
    const scores = relaxedFoldErrors(relaxed.plan.data, fold, relaxed.path.alphas, relaxed.gammas, relaxed.l1Ratio, relaxed.maxRefit);
    opts.onProgress?.(k + 2, total);
    return scores;
  });
  return assembleRelaxed(relaxed, folds);
}

/** A validated relaxed CV: the plan (data, folds), the blends, and the all-rows relaxed path. */
export interface RelaxedPlan {
  readonly plan: CvPlan;
  readonly gammas: Float64Array;
  readonly l1Ratio: number;
  readonly path: RelaxedPathResult;
  /** `maxRefitFeatures` checked (Infinity where not given). */
  readonly maxRefit: number;
}

/**
 * The checks, folds and grid of {@link relaxedLassoCV}, and its all-rows path with the refits —
 * the part the calling thread does before the folds (sequential or in worker threads).
 *
 * Cost: one path plus its refits.
 */
export function planRelaxed(X: MatrixInput, y: VectorInput, opts: RelaxedCVOptions): RelaxedPlan {
  const l1Ratio = opts.l1Ratio ?? 1;
  const maxRefit = checkMaxRefit(opts.maxRefitFeatures);
  // A sparse X stays sparse (the refits read only the supports' columns). The folds are fitted
  // from their rows (below), so the plan makes no folds' statistics.
  const plan = planCV(isCsc(X) ? X : toDenseMatrix(X), y, { ...opts, l1Ratios: [l1Ratio] }, false);
  const gammas = toVector(opts.gammas ?? DEFAULT_GAMMAS, undefined, 'gammas').sort();
  gammas.forEach((g) => checkGamma(g, 'gammas'));
  const { y: yv, weights, weighted, common } = plan.data;
  try {
    const lasso = solvePath(plan.full, cvAlphas(plan, l1Ratio), l1Ratio, common, { watch: refitBound(plan.data.X, maxRefit, common.fitIntercept) });
    const path = { ...lasso, ...refitSupports(plan.data.X, yv, lasso, { fitIntercept: common.fitIntercept, weights: weighted ? weights : undefined, maxRefit }) };
    return { plan, gammas, l1Ratio, path, maxRefit };
  } finally {
    release(plan.full);
  }
}

/**
 * One fold of a relaxed CV: the fold's path on its training rows along the grid, the least-squares
 * refits of its supports (those up to `maxRefit` features), and the held-out error of every
 * (γ, α), γ-major (gammas.length × alphas.length values; NaN where the fold's held-out rows weigh
 * nothing), with where the path converged (per α). Shared by {@link relaxedLassoCV} and the worker
 * threads of `relaxedLassoCVParallel`, so both give the same numbers.
 *
 * Cost: one path and its refits on the fold's training rows.
 */
export function relaxedFoldErrors(data: CvData, fold: Fold, alphas: Float64Array, gammas: Float64Array, l1Ratio: number, maxRefit: number): FoldScores {
  const { y: yv, weights, weighted, common, penaltyFactor, loss } = data;
  const out = new Float64Array(gammas.length * alphas.length).fill(NaN);
  // A fold whose held-out rows weigh nothing is not fitted: no error to measure, and no fit to fail.
  if (!(fold.weight > 0)) return { errors: out, converged: new Uint8Array(alphas.length).fill(1) };
  const X = data.X;
  const train = trainRows(fold, X.rows);
  const Xtr = rowsOf(X, train);
  const ytr = selectEntries(yv, train);
  const wtr = weighted ? selectEntries(weights, train) : undefined;
  const fp = watchedPath(Xtr, ytr, { ...common, weights: wtr, penaltyFactor, l1Ratio, alphas }, refitBound(Xtr, maxRefit, common.fitIntercept));
  const refit = refitSupports(Xtr, ytr, fp, { fitIntercept: common.fitIntercept, weights: wtr, maxRefit });
  // One scorer for every (γ, α): a dense fold's held-out rows scored from their statistics where
  // that pays, as a plain CV's (O(p + k²) a model, not O(n_test·p): on 20,000 × 50 the γ × α
  // blends' predictions were most of the relaxed CV's time), else copied once; sparse rows kept sparse.
  const scorer = isCsc(X) ? heldOutScorer(rowsOf(X, fold.test), selectEntries(yv, fold.test), selectEntries(weights, fold.test), loss === 'mse') : foldScorer(data, X, fold, gammas.length * alphas.length);
  try {
    gammas.forEach((g, gi) => {
      fp.coef.forEach((c, a) => {
        const b = blend(c, fp.intercept[a], refit.relaxedCoef[a], refit.relaxedIntercept[a], g);
        out[gi * alphas.length + a] = scorer.score(b.coef, b.intercept);
      });
    });
  } finally {
    scorer.release();
  }
  return { errors: out, converged: convergedFlags(fp.converged) };
}

/**
 * The relaxed CV's result from its plan and every fold's errors ({@link relaxedFoldErrors}): the
 * curves per γ, and the (α, γ) choices by glmnet's rules.
 *
 * Cost: O(K·G·A + p).
 */
export function assembleRelaxed(relaxed: RelaxedPlan, folds: readonly FoldScores[]): RelaxedCVResult {
  const foldErrorsByFold = folds.map((f) => f.errors);
  const { plan, gammas, l1Ratio, path } = relaxed;
  const { alphas } = path;
  const A = alphas.length;
  // foldErrors[γ][fold] = held-out error along the grid.
  const foldErrors = Array.from(gammas, (_, gi) => foldErrorsByFold.map((e) => e.subarray(gi * A, (gi + 1) * A)));
  const foldWeights = plan.folds.map((f) => (plan.average === 'weighted' ? f.weight : 1));
  const summaries = foldErrors.map((errs) => cvSummary(errs, foldWeights));
  const cvMean = summaries.map((s) => s.cvMean);
  const cvSe = summaries.map((s) => s.cvSe);
  const min = choose(alphas, gammas, cvMean);
  const bound = cvMean[min.g][min.a] + cvSe[min.g][min.a];
  const se = choose(alphas, gammas, cvMean, bound);
  const pick = plan.select === 'min' ? min : se;
  const gamma = gammas[pick.g];
  const chosen = blend(path.coef[pick.a], path.intercept[pick.a], path.relaxedCoef[pick.a], path.relaxedIntercept[pick.a], gamma);
  return {
    alphas,
    gammas,
    cvMean,
    cvSe,
    foldConverged: folds.map((f) => f.converged),
    loss: plan.data.loss,
    select: plan.select,
    nFolds: plan.folds.length,
    foldIds: plan.ids,
    alphaMin: alphas[min.a],
    gammaMin: gammas[min.g],
    indexMin: min.a,
    alpha1se: alphas[se.a],
    gamma1se: gammas[se.g],
    index1se: se.a,
    model: { ...chosen, alpha: alphas[pick.a], gamma, l1Ratio },
    path,
    maxRefitFeatures: relaxed.maxRefit,
  };
}

/**
 * The (γ, α) cell glmnet's `getOptcv.relaxed` picks among cells with mean ≤ `limit` (default the
 * minimum mean): the largest α, then the largest γ. NaN means (folds without weight) never qualify.
 */
function choose(alphas: Float64Array, gammas: Float64Array, cvMean: Float64Array[], limit?: number): { a: number; g: number } {
  let bound = limit ?? Infinity;
  if (limit === undefined) for (const row of cvMean) for (const m of row) if (m < bound) bound = m;
  let pick = { a: -1, g: -1 };
  cvMean.forEach((row, g) =>
    row.forEach((m, a) => {
      if (!(m <= bound)) return;
      if (pick.a < 0 || alphas[a] > alphas[pick.a] || (alphas[a] === alphas[pick.a] && gammas[g] > gammas[pick.g])) pick = { a, g };
    }),
  );
  return pick;
}
