import { LassoKitError } from '../errors.js';
import type { MatrixInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { predict, type LinearModel } from '../model/predict.js';
import { ShiftedQuantiles, checkEnoughRows, checkLevel, lowerRank, upperRank } from './conformalRank.js';
import type { IntervalModel, PredictionIntervals } from './IntervalModel.js';

/** A model with the interval data of {@link splitConformal} or {@link cvPlus} (a `ModelJSON` that has it qualifies). */
export interface ModelWithIntervals extends LinearModel {
  readonly intervals?: IntervalModel | null;
}

/**
 * Prediction intervals at a coverage `level` (e.g. 0.9) for rows already on the model's feature
 * scale (use `@lassokit/data`'s `applyRecipe` first for raw inputs). The
 * level is chosen at predict time; the guarantee is the method's (see {@link splitConformal},
 * {@link cvPlus}). `prediction` is the model's own point prediction; a CV+ interval is centred on
 * the fold models, so it need not be symmetric around it.
 *
 * Errors: a level outside (0, 1); a model without interval data; too few scored rows for the level
 * (the message names the minimum).
 *
 * Cost: O(n_rows·K·p) predictions, plus O(n_rows·K·log n) bisection steps for CV+ (about 30–60 each) or O(n_rows) for split.
 *
 * @example
 * predictInterval(model, [[1.2, 3.4]], { level: 0.9 }); // { prediction, lower, upper, … }
 */
export function predictInterval(model: ModelWithIntervals, X: MatrixInput, opts: { readonly level?: number } = {}): PredictionIntervals {
  const level = checkLevel(opts.level ?? 0.9);
  const iv = model.intervals;
  if (iv === undefined || iv === null) {
    throw new LassoKitError('INVALID_MODEL', "this model has no interval data: refit it with intervals ('cv+' or 'split') to get prediction intervals", {
      parameter: 'intervals',
    });
  }
  const Xd = toDenseMatrix(X);
  const prediction = predict(model, Xd);
  const n = iv.models.reduce((s, m) => s + m.residuals.length, 0);
  checkEnoughRows(level, n, iv.method);
  const lo = lowerRank(level, n);
  const hi = upperRank(level, n);
  const rows = Xd.rows;
  const lower = new Float64Array(rows);
  const upper = new Float64Array(rows);
  const centres = iv.models.map((m) => predict(m, Xd));
  if (iv.models.length === 1) {
    // One model: lower and upper are the same residual quantile (n + 1 − lo = hi).
    const q = iv.models[0].residuals[hi - 1];
    centres[0].forEach((c, i) => {
      lower[i] = c - q;
      upper[i] = c + q;
    });
  } else {
    const quantiles = new ShiftedQuantiles(iv.models.map((m) => m.residuals));
    const K = iv.models.length;
    const plus = new Float64Array(K);
    const minus = new Float64Array(K);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < K; k++) {
        plus[k] = centres[k][i];
        minus[k] = -centres[k][i];
      }
      // lo-th smallest of μ − R is minus the (n + 1 − lo)-th smallest of −μ + R (negation is exact).
      lower[i] = -quantiles.kth(minus, n + 1 - lo);
      upper[i] = quantiles.kth(plus, hi);
    }
  }
  return { prediction, lower, upper, level, method: iv.method };
}
