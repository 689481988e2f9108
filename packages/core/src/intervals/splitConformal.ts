import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { predict, type LinearModel } from '../model/predict.js';
import { INTERVAL_VERSION, type IntervalModel } from './IntervalModel.js';

/**
 * Split conformal prediction intervals (Lei, G'Sell, Rinaldo, Tibshirani & Wasserman 2018): the
 * absolute residuals of `model` on calibration rows it was not fitted on. With those stored,
 * {@link predictInterval} at level 1 − a gives ŷ ± the ⌈(1 − a)(n_cal + 1)⌉-th smallest residual.
 *
 * Guarantee: if the calibration rows and a new row are exchangeable (e.g. drawn i.i.d.) and the model
 * did not see the calibration rows, the interval covers the new row's y with probability ≥ 1 − a,
 * for any distribution and any model; and ≤ 1 − a + 1/(n_cal + 1) when residuals have no ties.
 * The width is the same for every row (no local adaptivity).
 *
 * Cost: O(n_cal·p) plus a sort.
 *
 * @example
 * const fit = lassoCV(Xtrain, ytrain).model;
 * const intervals = splitConformal(fit, Xcal, ycal);
 * predictInterval({ ...fit, intervals }, Xnew, { level: 0.9 });
 */
export function splitConformal(model: LinearModel, Xcal: MatrixInput, ycal: VectorInput): IntervalModel {
  const X = toDenseMatrix(Xcal);
  const y = toVector(ycal, X.rows, 'y');
  const fitted = predict(model, X);
  const residuals = Array.from(fitted, (f, i) => Math.abs(y[i] - f)).sort((a, b) => a - b);
  return { method: 'split', version: INTERVAL_VERSION, models: [{ coef: Array.from(model.coef), intercept: model.intercept, residuals }] };
}
