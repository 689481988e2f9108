import { LassoKitError, cscSelectRows, isCsc, type CscMatrix, cvPlus, elasticNet, elasticNetCV, foldIds, relaxedLassoCV, selectRows, splitConformal, type CVResult, type DenseMatrix, type FitResult, type IntervalModel, type RelaxedCVResult } from '@lassokit/core';
import { foldsShortfall } from '../split/foldsShortfall.js';
import { trainTestSplit } from '../split/trainTestSplit.js';

/** How a trained model gets its prediction intervals. */
export type IntervalChoice = 'cv+' | 'split';

/** The share of rows split conformal holds back for calibration. */
export const CALIBRATION_FRACTION = 0.25;

interface Context {
  /** The solver options of the fit (weights included). */
  readonly common: { readonly l1Ratio: number; readonly weights?: Float64Array } & Record<string, unknown>;
  readonly fit: FitResult;
  /** The CV that chose α, when one did. */
  readonly cv: CVResult | undefined;
  /** The relaxed Lasso's CV that chose (α, γ), when the fit is relaxed (then `cv` is undefined). */
  readonly relaxed?: RelaxedCVResult;
  readonly nFolds: number;
  readonly seed: number;
  /** Folds given per row instead of seeded ones. */
  readonly foldIds?: Int32Array;
}

/**
 * The interval data of a trained model. 'cv+': the CV's folds refitted to the chosen α (with a
 * given α, seeded folds at that α). 'split': a seeded quarter of the rows is held back, the rest
 * refitted the same way (cross-validated, or at the given α), and its residuals on the held-back
 * rows calibrate the interval; the model's own coefficients still use all rows. A relaxed fit is
 * refitted relaxed: its CV's folds at its (α, γ) for 'cv+', its CV over (α, γ) again for 'split'.
 *
 * Cost: K paths ('cv+'), or one CV on three quarters of the rows ('split').
 */
export function intervalsFor(choice: IntervalChoice, X: DenseMatrix | CscMatrix, y: Float64Array, ctx: Context): IntervalModel {
  if (choice !== 'cv+' && choice !== 'split') throw new LassoKitError('INVALID_PARAMETER', `intervals must be "cv+" or "split"; got ${JSON.stringify(choice)}`, { parameter: 'intervals' });
  const { common, fit, relaxed } = ctx;
  const cv = ctx.cv ?? relaxed;
  if (choice === 'cv+') {
    const ids = cv?.foldIds ?? ctx.foldIds ?? foldIds(X.rows, ctx.nFolds, ctx.seed);
    const source = cv ?? { foldIds: ids, alphas: Float64Array.of(fit.alpha), l1Ratio: fit.l1Ratio, model: fit };
    return cvPlus(X, y, source, common);
  }
  const split = trainTestSplit(X.rows, { trainFraction: 1 - CALIBRATION_FRACTION, seed: ctx.seed });
  // The given folds of the rows that fit, numbered again; refused before any row is copied.
  const trainIds = cv !== undefined && ctx.foldIds !== undefined ? renumbered(ctx.foldIds, split.train) : undefined;
  if (cv !== undefined) checkSplitFolds(split.train.length, X.rows, trainIds ?? cv.nFolds);
  if (common.weights !== undefined) checkSplitWeights(common.weights, split);
  const pick = <T extends number>(v: ArrayLike<T>, rows: Int32Array) => Float64Array.from(rows, (i) => v[i]);
  const rows = (idx: Int32Array) => (isCsc(X) ? cscSelectRows(X, idx) : selectRows(X, idx));
  const Xtr = rows(split.train);
  const ytr = pick(y, split.train);
  const opts = { ...common, weights: common.weights && pick(common.weights, split.train) };
  const again = { ...opts, nFolds: cv?.nFolds, seed: ctx.seed, foldIds: trainIds, select: cv?.select, loss: cv?.loss };
  const proper =
    relaxed !== undefined
      ? relaxedLassoCV(Xtr, ytr, { ...again, gammas: relaxed.gammas, maxRefitFeatures: relaxed.maxRefitFeatures }).model
      : ctx.cv === undefined
        ? elasticNet(Xtr, ytr, { ...opts, alpha: fit.alpha })
        : elasticNetCV(Xtr, ytr, { ...again, l1Ratios: [fit.l1Ratio] }).model;
  return splitConformal(proper, rows(split.test), pick(y, split.test), { weights: common.weights && pick(common.weights, split.test) });
}

/**
 * Split intervals need weight on both sides of the split: the rows that fit (else "weights must
 * not all be zero" of weights that are not) and the calibration rows (a row of weight 0 has no
 * residual). Negative weights are left to the fit, which names them.
 */
function checkSplitWeights(weights: Float64Array, split: { readonly train: Int32Array; readonly test: Int32Array }): void {
  const n = split.train.length + split.test.length;
  const positive = (rows: Int32Array) => rows.some((i) => weights[i] > 0);
  if (weights.some((w) => w < 0) || !weights.some((w) => w > 0)) return;
  const side = !positive(split.train) ? `the ${split.train.length} rows left to fit` : !positive(split.test) ? 'they' : null;
  if (side === null) return;
  throw new LassoKitError('INVALID_WEIGHTS', `split intervals hold back ${split.test.length} of the ${n} rows for calibration; ${side} all have weight 0 — use 'cv+' intervals (which hold no rows back), or another seed`, { parameter: 'weights' });
}

/**
 * The cross-validation of split intervals runs on the rows left after calibration's quarter:
 * refused where they are too few for its folds (in `foldsShortfall`'s words, which every front end
 * shares) or, with given folds (renumbered 0 … K′ − 1), hold rows of only one. The core's own
 * error named `nFolds` of a CV on rows the user never counted (3 rows, 3 folds: "nFolds must be
 * an integer in [2, n = 2]").
 */
function checkSplitFolds(rows: number, n: number, folds: number | Int32Array): void {
  const held = `split intervals hold back ${n - rows} of the ${n} rows for calibration`;
  const instead = "or 'cv+' intervals (which hold no rows back)";
  const short =
    typeof folds === 'number'
      ? foldsShortfall(rows, folds, () => `use fewer folds, ${instead}`)
      : folds.some((f) => f > 0)
        ? null
        : `the ${rows} left are all in one of the given folds: label the folds otherwise, ${instead}`;
  if (short !== null) throw new LassoKitError('INVALID_PARAMETER', `${held}; ${short}`, { parameter: 'intervals' });
}

/** The given folds of some rows, numbered 0 … K′ − 1 again (a fold may have no row among them). */
function renumbered(ids: Int32Array, rows: Int32Array): Int32Array {
  const present = [...new Set(Array.from(rows, (i) => ids[i]))].sort((a, b) => a - b);
  const k = new Map(present.map((f, i) => [f, i]));
  return Int32Array.from(rows, (i) => k.get(ids[i]) as number);
}
