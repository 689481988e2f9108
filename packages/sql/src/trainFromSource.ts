import { DEFAULTS, LassoKitError, elasticNetCVFromStats, elasticNetFromStats, mseFromStats, trainingCV, type CVResult, type FitResult, type ModelJSON } from '@lassokit/core';
import { packModel, solverOptions } from '@lassokit/data';
import type { Runner } from './runners.js';
import { describeFolds, statsFromSource, type SourceSpec, type SourceStats } from './statsFromSource.js';

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
  const fold = opts.alpha === undefined ? (spec.fold ?? { hash: DEFAULTS.nFolds }) : undefined;
  const source = await statsFromSource(runner, from, { ...spec, fold });
  return { ...modelFromSourceStats(source, opts), source };
}

/**
 * The model file from statistics a source gave (see {@link trainFromSource}): cross-validated over
 * the statistics' folds unless `alpha` is given. Pure: no engine involved.
 */
export function modelFromSourceStats(source: SourceStats, opts: SourceTrainOptions = {}): { model: ModelJSON; fit: FitResult; cv?: CVResult } {
  const cvWanted = opts.alpha === undefined;
  const { stats, recipe, featureNames, report } = source;
  const common = solverOptions(opts);
  const { l1Ratio } = common;
  let fit: FitResult;
  let cv: CVResult | undefined;
  if (!cvWanted) fit = elasticNetFromStats(stats, { ...common, alpha: opts.alpha });
  else {
    if (!('folds' in stats)) throw new LassoKitError('ENGINE_ERROR', 'the engine returned no fold statistics', { parameter: 'fold' });
    cv = elasticNetCVFromStats(stats, { ...common, l1Ratios: [l1Ratio], select: opts.select ?? 'min' });
    fit = cv.model;
  }
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
  });
  return { model, fit, cv };
}
