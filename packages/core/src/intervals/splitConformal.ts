import { LassoKitError } from '../errors.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { checkCsc, isCsc } from '../matrix/CscMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { predict, type LinearModel } from '../model/predict.js';
import { normalizedWeights } from '../prepare/prepareProblem.js';
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
 * `opts.weights`, the calibration rows' sample weights: a row of weight 0 has no residual (it is no
 * part of the data); rows of positive weight count once each, as in {@link cvPlus}.
 *
 * Cost: O(n_cal·p) plus a sort.
 *
 * @example
 * const fit = lassoCV(Xtrain, ytrain).model;
 * const intervals = splitConformal(fit, Xcal, ycal);
 * predictInterval({ ...fit, intervals }, Xnew, { level: 0.9 });
 */
export function splitConformal(model: LinearModel, Xcal: MatrixInput, ycal: VectorInput, opts: { readonly weights?: VectorInput } = {}): IntervalModel {
  // Sparse calibration rows stay sparse (predict takes them so).
  const X = isCsc(Xcal) ? checkCsc(Xcal) : toDenseMatrix(Xcal);
  const y = toVector(ycal, X.rows, 'y');
  const w = opts.weights === undefined ? undefined : toVector(opts.weights, X.rows, 'weights');
  if (w !== undefined) {
    if (w.every((v) => v === 0)) {
      throw new LassoKitError('INVALID_WEIGHTS', `the ${X.rows === 1 ? 'calibration row has' : `${X.rows} calibration rows all have`} weight 0, which leaves no residual to calibrate the intervals`, { parameter: 'weights' });
    }
    normalizedWeights(w, X.rows); // no negative weight
  }
  const fitted = predict(model, X);
  const residuals: number[] = [];
  for (let i = 0; i < X.rows; i++) if (w === undefined || w[i] > 0) residuals.push(Math.abs(y[i] - fitted[i]));
  return splitConformalFromResiduals(model, residuals);
}

/**
 * {@link splitConformal} from calibration residuals computed elsewhere — |y_i − ŷ_i| of `model` on
 * rows it was not fitted on, in any order (e.g. by a database, next to the rows: see
 * `@lassokit/sql`'s `trainFromSource`). The guarantee is split conformal's, for the rows given:
 * any subset of the calibration rows chosen without looking at their residuals (a random sample)
 * keeps it, with n_cal the rows given.
 *
 * Errors: no residuals, or one that is negative or not finite.
 *
 * Cost: a sort of the residuals.
 *
 * @example
 * splitConformalFromResiduals({ coef: [2], intercept: 1 }, [0.3, 0.1, 0.2]).models[0].residuals; // [0.1, 0.2, 0.3]
 */
export function splitConformalFromResiduals(model: LinearModel, residuals: ArrayLike<number>): IntervalModel {
  if (residuals.length === 0) throw new LassoKitError('INVALID_PARAMETER', 'split conformal needs at least one calibration residual; got none', { parameter: 'residuals' });
  const sorted = Array.from(residuals);
  sorted.forEach((r, i) => {
    if (!(r >= 0 && r < Infinity)) throw new LassoKitError('INVALID_PARAMETER', `calibration residuals must be finite and ≥ 0; residuals[${i}] is ${r}`, { parameter: 'residuals', index: i });
  });
  sorted.sort((a, b) => a - b);
  return { method: 'split', version: INTERVAL_VERSION, models: [{ coef: Array.from(model.coef), intercept: model.intercept, residuals: sorted }] };
}
