import { DEFAULTS, LassoKitError, elasticNetCVFromStats, elasticNetFromStats, mseFromStats, splitConformalFromResiduals, trainingCV, type CVResult, type FitResult, type FoldedStats, type IntervalModel, type ModelJSON, type SufficientStats } from '@lassokit/core';
import { DataError, packModel, solverOptions, thousands } from '@lassokit/data';
import { toNumber, type Runner } from './runners.js';
import { calibrationResidualsQuery, describeFolds, statsFromSource, type SourceSpec, type SourceStats } from './statsFromSource.js';

/**
 * Most calibration residuals a model from a source stores: a sample of the held-back rows, chosen
 * by their split hash, bounds the model file (10,000 residuals: ~200 KB of JSON) whatever the
 * table's size. Split conformal's guarantee holds for the sample (coverage ≥ the level, and at
 * most 1/10,001 above it without ties).
 */
export const MAX_CALIBRATION_ROWS = 10_000;

export interface SourceTrainOptions {
  /** Penalty level; when absent, α is chosen by cross-validation over `spec.fold`. */
  readonly alpha?: number;
  readonly select?: 'min' | '1se';
  readonly l1Ratio?: number;
  readonly standardize?: boolean;
  readonly fitIntercept?: boolean;
  readonly positive?: boolean;
  readonly tol?: number;
  readonly maxIter?: number;
  /** Where the data came from, for the model file (a path, a table). */
  readonly source?: string;
  readonly name?: string;
  /**
   * Prediction-interval data: 'split' holds back about a quarter of the rows (by a hash of each
   * row, see `SourceSpec.calibrate`), fits them out the same way (cross-validated over the same
   * folds, or at `alpha`) and stores the residuals of up to `maxCalibrationRows` of them. ('cv+'
   * needs every row's held-out residual and the fold models: fit in memory.)
   */
  readonly intervals?: 'split';
  /** Most calibration residuals stored (default {@link MAX_CALIBRATION_ROWS}). */
  readonly maxCalibrationRows?: number;
}

/**
 * A model file trained where the data are: the statistics of the source (`statsFromSource`), then
 * the path and cross-validation from them (`elasticNetCVFromStats`, MSE) or one fit at `alpha` —
 * packed like `trainModel` packs an in-memory fit, fitted recipe included, so `predict` and
 * `lassokit predict` work unchanged. Training metrics come from the statistics too (R² and RMSE;
 * the MAE is not a function of them and is left out).
 *
 * Cost: the scans of `statsFromSource`, then (K + 1) paths on p × p statistics.
 *
 * @example
 * const { model } = await trainFromSource(await duckdbRunner(), fileSource('cars.parquet'), { target: 'mpg', fold: { hash: 10 } });
 */
export async function trainFromSource(runner: Runner, from: string, spec: SourceSpec, opts: SourceTrainOptions = {}): Promise<{ model: ModelJSON; fit: FitResult; cv?: CVResult; source: SourceStats }> {
  checkIntervals(opts.intervals);
  const fold = opts.alpha === undefined ? (spec.fold ?? { hash: DEFAULTS.nFolds }) : undefined;
  const source = await statsFromSource(runner, from, { ...spec, fold, calibrate: opts.intervals === 'split' });
  const intervals = opts.intervals === undefined ? undefined : await splitIntervalsFromSource(runner, source, opts);
  return { ...modelFromSourceStats(source, opts, intervals), source };
}

/** Interval data a source's statistics can give: 'split' (or none). */
function checkIntervals(choice: unknown): void {
  if (choice === undefined || choice === 'split') return;
  if (choice === 'cv+') throw new LassoKitError('INVALID_PARAMETER', "'cv+' intervals need every row's held-out residual, which a fit from statistics does not have: use 'split' (a quarter of the rows held back in the engine), or fit in memory", { parameter: 'intervals' });
  throw new LassoKitError('INVALID_PARAMETER', `intervals must be "split" for a fit from a source; got ${JSON.stringify(choice)}`, { parameter: 'intervals' });
}

/**
 * Split-conformal interval data for a model from a source whose statistics held rows back
 * (`statsFromSource(…, { calibrate: true })`): the rows left fit a model the way the model itself
 * is fitted (cross-validated over the same folds, or at `alpha`), and the engine computes its
 * absolute residuals on up to `maxCalibrationRows` held-back rows of positive weight (see
 * `calibrationResidualsQuery`). Errors: no rows held back, or none of positive weight on a side.
 *
 * Cost: one fit from the statistics, one scan of the source.
 */
export async function splitIntervalsFromSource(runner: Runner, source: SourceStats, opts: SourceTrainOptions = {}): Promise<IntervalModel> {
  const cal = source.calibration;
  if (cal === undefined) throw new LassoKitError('INVALID_PARAMETER', 'these statistics held no rows back: compute them with statsFromSource(…, { calibrate: true })', { parameter: 'intervals' });
  const limit = opts.maxCalibrationRows ?? MAX_CALIBRATION_ROWS;
  if (!Number.isInteger(limit) || limit < 1) throw new LassoKitError('INVALID_PARAMETER', `maxCalibrationRows must be a positive integer; got ${limit}`, { parameter: 'maxCalibrationRows' });
  const held = `split intervals hold back ${thousands(cal.rows)} of the ${thousands(source.stats.n)} rows for calibration (by a hash of each row)`;
  const instead = "use 'cv+' intervals in memory (which hold no rows back)";
  if (cal.rows === 0) throw new DataError('INVALID_SPEC', `${held}; use more rows, or ${instead}`, { source: 'source' });
  if (source.weights !== undefined && !(cal.stats.sumW > 0)) throw new DataError('INVALID_SPEC', `${held}; the ${thousands(cal.stats.n)} rows left to fit all have weight 0 — ${instead}`, { source: 'source', column: source.weights });
  if ('folds' in cal.stats && cal.stats.folds.length < 2) throw new DataError('INVALID_SPEC', `${held}; the ${thousands(cal.stats.n)} rows left to fit are all in one fold — ${instead}`, { source: 'source' });
  const { fit } = fitStats(cal.stats, opts);
  const rows = await runner.query(calibrationResidualsQuery(cal, fit, limit, runner.dialect));
  if (rows.length === 0) throw new DataError('INVALID_SPEC', `${held}; they all have weight 0, which leaves no residual to calibrate with — ${instead}`, { source: 'source', column: source.weights });
  return splitConformalFromResiduals(fit, rows.map((r) => toNumber(r.r, 'residual')));
}

/** A fit from statistics: cross-validated over their folds unless `alpha` is given. */
function fitStats(stats: SufficientStats | FoldedStats, opts: SourceTrainOptions): { fit: FitResult; cv?: CVResult } {
  const common = solverOptions(opts);
  if (opts.alpha !== undefined) return { fit: elasticNetFromStats(stats, { ...common, alpha: opts.alpha }) };
  if (!('folds' in stats)) throw new LassoKitError('ENGINE_ERROR', 'the engine returned no fold statistics', { parameter: 'fold' });
  const cv = elasticNetCVFromStats(stats, { ...common, l1Ratios: [common.l1Ratio], select: opts.select ?? 'min' });
  return { fit: cv.model, cv };
}

/**
 * The model file from statistics a source gave (see {@link trainFromSource}): cross-validated over
 * the statistics' folds unless `alpha` is given, with `intervals` when given (from
 * {@link splitIntervalsFromSource}). Pure: no engine involved.
 */
export function modelFromSourceStats(source: SourceStats, opts: SourceTrainOptions = {}, intervals?: IntervalModel): { model: ModelJSON; fit: FitResult; cv?: CVResult } {
  const { stats, recipe, featureNames, report } = source;
  const common = solverOptions(opts);
  const { fit, cv } = fitStats(stats, opts);
  const mse = mseFromStats(stats, fit);
  const model = packModel(fit, {
    featureNames,
    recipe,
    fitIntercept: common.fitIntercept,
    standardize: common.standardize,
    positive: common.positive,
    weighted: source.weights !== undefined,
    source: opts.source ?? 'database',
    name: opts.name,
    nSamples: stats.n,
    rowsDropped: report.rowsIn - report.rowsOut,
    report,
    metrics: { r2: stats.yty > 0 ? 1 - (mse * stats.sumW) / stats.yty : mse === 0 ? 1 : 0, rmse: Math.sqrt(mse) },
    cv: cv && trainingCV(cv, { foldsBy: describeFolds(source.fold) }),
    intervals,
    calibration: intervals === undefined || source.calibration === undefined ? undefined : { heldBack: source.calibration.rows, scored: intervals.models[0].residuals.length },
  });
  return { model, fit, cv };
}
