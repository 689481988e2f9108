import { LassoKitError } from '../errors.js';
import type { CVResult } from '../cv/CVResult.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { rowsOf } from '../matrix/rowsOf.js';
import { checkCsc, isCsc } from '../matrix/CscMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { predict } from '../model/predict.js';
import { enetPath } from '../path/enetPath.js';
import { normalizedWeights } from '../prepare/prepareProblem.js';
import { foldWeightError } from '../cv/foldWeightError.js';
import type { CommonOptions } from '../prepare/options.js';
import type { RelaxedCVResult } from '../relaxed/relaxedLassoCV.js';
import { blend, refitSupports } from '../relaxed/relaxedPath.js';
import { INTERVAL_VERSION, type IntervalModel, type ScoredModel } from './IntervalModel.js';

/** The cross-validation whose folds and choice CV+ reuses: the Elastic Net's, or the relaxed Lasso's. */
export type CvPlusSource = Pick<CVResult, 'foldIds' | 'alphas' | 'l1Ratio' | 'model'> | Pick<RelaxedCVResult, 'foldIds' | 'alphas' | 'model'> & Partial<Pick<RelaxedCVResult, 'maxRefitFeatures'>>;

/**
 * CV+ prediction intervals (Barber, Candès, Ramdas & Tibshirani 2021, "Predictive inference with
 * the jackknife+"), from the folds of a cross-validation: each fold's model at the selected α and
 * its absolute residuals on its held-out rows. For a new row x with fold predictions μ̂₋ₖ(x),
 * {@link predictInterval} at level 1 − a takes
 *
 *     lower = the ⌊a(n + 1)⌋-th smallest of  μ̂₋ₖ₍ᵢ₎(x) − Rᵢ   over the n training rows,
 *     upper = the ⌈(1 − a)(n + 1)⌉-th smallest of  μ̂₋ₖ₍ᵢ₎(x) + Rᵢ.
 *
 * Guarantee: coverage ≥ 1 − 2a − min(2(1 − 1/K)/(n/K + 1), (1 − K/n)/(K + 1)) for exchangeable rows
 * (Barber et al., Theorem 4); in practice close to 1 − a. Unlike split conformal, no row is held
 * back from the model, and the interval widens where the fold models disagree.
 *
 * Each fold is refitted along the CV grid down to the selected α (the same warm-started path CV
 * solved, so the held-out residuals are CV's); pass the options the CV was run with. From a
 * `relaxedLassoCV`, each fold's model is its relaxed fit at the chosen (α, γ): least squares on the
 * fold's support there, blended with its Lasso by γ, as that CV scored it.
 *
 * Sample weights (`opts.weights`) weigh the fold fits. A row of weight 0 is no part of the data:
 * it has no residual (an outlier excluded by weight 0 must not widen every interval), and a fold
 * whose held-out rows all weigh 0 adds no model. Rows of positive weight count once each, whatever
 * the weight, as in MAPIE: the guarantee is for exchangeable rows, and weights that are ratios
 * only (normalized) say nothing of how many rows a row stands for.
 *
 * Cost: K paths on the training rows of each fold, plus O(n·p); relaxed, one least-squares refit
 * per fold.
 *
 * @example
 * const cv = lassoCV(X, y, { nFolds: 10 });
 * const intervals = cvPlus(X, y, cv);
 * predictInterval({ ...cv.model, intervals }, Xnew, { level: 0.9 });
 */
export function cvPlus(X: MatrixInput, y: VectorInput, cv: CvPlusSource, opts: CommonOptions = {}): IntervalModel {
  const gamma = 'gamma' in cv.model ? cv.model.gamma : 1;
  const l1Ratio = 'l1Ratio' in cv ? cv.l1Ratio : cv.model.l1Ratio;
  const Xd = isCsc(X) ? checkCsc(X) : toDenseMatrix(X);
  const yv = toVector(y, Xd.rows, 'y');
  const ids = cv.foldIds;
  if (ids.length !== Xd.rows) {
    throw new LassoKitError('DIMENSION_MISMATCH', `the CV result has ${ids.length} fold ids; X has ${Xd.rows} rows (use the data the CV was run on)`, { parameter: 'cv' });
  }
  const k = cv.alphas.indexOf(cv.model.alpha);
  if (k < 0) throw new LassoKitError('INVALID_PARAMETER', 'the CV result\'s model α is not on its grid', { parameter: 'cv' });
  const alphas = cv.alphas.subarray(0, k + 1);
  // Checked whole first (negative, all zero): a fold's fit would name only its own rows.
  const weights = opts.weights === undefined ? undefined : toVector(opts.weights, Xd.rows, 'weights');
  if (weights !== undefined) normalizedWeights(weights, Xd.rows);
  const scored = (i: number) => weights === undefined || weights[i] > 0;
  let K = 0;
  for (const f of ids) K = Math.max(K, f + 1);
  // Rows of positive weight held out by each fold.
  const heldOut = new Int32Array(K);
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    if (scored(i)) {
      heldOut[ids[i]]++;
      total++;
    }
  }
  const all = heldOut.indexOf(total);
  if (weights !== undefined && all >= 0) throw foldWeightError(all, 'training', false);
  const models: ScoredModel[] = [];
  for (let f = 0; f < K; f++) {
    if (heldOut[f] === 0) continue; // no scored row: nothing to add
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== f) train.push(i);
      else if (scored(i)) test.push(i);
    }
    const Xtr = rowsOf(Xd, train);
    const ytr = Float64Array.from(train, (i) => yv[i]);
    const wtr = weights && Float64Array.from(train, (i) => weights[i]);
    const path = enetPath(Xtr, ytr, {
      ...opts,
      weights: wtr,
      l1Ratio,
      alphas,
      init: undefined,
      onProgress: undefined,
    } as Parameters<typeof enetPath>[2]);
    let fit = { coef: path.coef[k], intercept: path.intercept[k] };
    if (gamma < 1) {
      // The fold's relaxed model at (α, γ): least squares on its support, blended as the CV blended it.
      const maxRefit = 'maxRefitFeatures' in cv ? (cv.maxRefitFeatures ?? Infinity) : Infinity;
      const refit = refitSupports(Xtr, ytr, { coef: [fit.coef], intercept: Float64Array.of(fit.intercept) }, { fitIntercept: opts.fitIntercept, weights: wtr, maxRefit });
      fit = blend(fit.coef, fit.intercept, refit.relaxedCoef[0], refit.relaxedIntercept[0], gamma);
    }
    const held = predict(fit, rowsOf(Xd, test));
    const residuals = Array.from(held, (v, t) => Math.abs(yv[test[t]] - v)).sort((a, b) => a - b);
    models.push({ coef: Array.from(fit.coef), intercept: fit.intercept, residuals });
  }
  return { method: 'cv+', version: INTERVAL_VERSION, models };
}
