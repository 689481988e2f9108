import { DEFAULTS, elasticNet, elasticNetCV, mae, predict, r2, relaxedLassoCV, rmse, trainingCV, type CVResult, type FitResult, type IntervalModel, type ModelJSON, type RelaxedCVResult } from '@lassokit/core';
import { intervalsFor, type IntervalChoice } from './intervalsFor.js';
import type { Design } from '../recipe/fitRecipe.js';
import type { CscMatrix, DenseMatrix } from '@lassokit/core';
import { packModel, solverOptions } from './packModel.js';
import { asRelaxedModel, checkRefitBound, checkRelax, relaxedFit } from './relaxedModel.js';

export interface TrainOptions {
  /** Penalty level; when absent, α is chosen by cross-validation. */
  readonly alpha?: number;
  /**
   * Cross-validation settings (default 10 folds, seed 0, the minimum). `result`: a CV already run
   * on this design by the caller (e.g. with folds in worker threads); its choice is used instead
   * of running one here, and recorded the same way.
   */
  readonly cv?: {
    readonly nFolds?: number;
    readonly seed?: number;
    readonly select?: 'min' | '1se';
    readonly result?: CVResult;
    /** With `relax`: the relaxed CV already run on this design by the caller (e.g. with folds in worker threads), used as `result` is. */
    readonly relaxed?: RelaxedCVResult;
    /** Folds given per row (0 … K − 1, e.g. from a column; see `designFolds`) instead of seeded ones, and how the model file describes them. */
    readonly foldIds?: Int32Array;
    readonly foldsBy?: string;
  };
  readonly l1Ratio?: number;
  readonly standardize?: boolean;
  readonly fitIntercept?: boolean;
  readonly positive?: boolean;
  /** Relative duality-gap tolerance (core's DEFAULTS.tol). */
  readonly tol?: number;
  /** Coordinate passes per α (core's DEFAULTS.maxIter). */
  readonly maxIter?: number;
  readonly weights?: Float64Array;
  /** Where the data came from (a file name, "stdin", "request body"). */
  readonly source?: string;
  /** A name to store with the model. */
  readonly name?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Store prediction-interval data in the model: 'cv+' (the CV's fold models, no rows held back) or
   * 'split' (a seeded quarter of the rows held back for calibration); see core's `cvPlus` and
   * `splitConformal`. Default none.
   */
  readonly intervals?: IntervalChoice;
  /**
   * Fit the relaxed Lasso: cross-validate (α, γ) over the blend of the Lasso and least squares on
   * its support (core's `relaxedLassoCV`). Needs cross-validation (no `alpha`) and l1Ratio 1.
   */
  readonly relax?: boolean;
  /** With `relax`: the widest support refitted by least squares (core's `maxRefitFeatures`; default every support). */
  readonly maxRefitFeatures?: number;
}

export interface Trained {
  /** The model file: coefficients, the fitted recipe, options and training metrics. */
  readonly model: ModelJSON;
  readonly fit: FitResult;
  readonly cv?: CVResult;
  /** The relaxed CV, when `relax` was asked for. */
  readonly relaxed?: RelaxedCVResult;
  readonly intervals?: IntervalModel;
}

/**
 * Fits a design — at a given α, or cross-validated — and packs the result into the model JSON
 * that the CLI, the API and the web demo all read: coefficients by feature name, the fitted
 * recipe (so raw inputs can be transformed at predict time), the options, and training metrics.
 *
 * Cost: one path (given α) or K + 1 paths (cross-validation).
 *
 * @example
 * const { model } = trainModel(loadAutoMpg(), { cv: { nFolds: 10 } });
 */
export function trainModel(design: Design<DenseMatrix | CscMatrix>, opts: TrainOptions = {}): Trained {
  const { X, y, featureNames, recipe, report } = design;
  const common = { ...solverOptions(opts), weights: opts.weights };
  const { l1Ratio } = common;
  const seed = opts.cv?.seed ?? DEFAULTS.seed;
  const foldIds = opts.cv?.foldIds;
  const cvOptions = { ...common, nFolds: opts.cv?.nFolds ?? DEFAULTS.nFolds, seed, foldIds, select: opts.cv?.select ?? 'min', onProgress: opts.onProgress };
  let fit: FitResult;
  let cv: CVResult | undefined;
  let relaxed: RelaxedCVResult | undefined;
  checkRefitBound(opts.relax, opts.maxRefitFeatures);
  if (opts.relax === true) {
    checkRelax(opts.alpha, l1Ratio);
    relaxed = opts.cv?.relaxed ?? relaxedLassoCV(X, y, { ...cvOptions, maxRefitFeatures: opts.maxRefitFeatures });
    fit = relaxedFit(relaxed);
  } else if (opts.alpha !== undefined) {
    fit = elasticNet(X, y, { ...common, alpha: opts.alpha });
  } else {
    cv = opts.cv?.result ?? elasticNetCV(X, y, { ...cvOptions, l1Ratios: [l1Ratio] });
    fit = cv.model;
  }
  const intervals = opts.intervals === undefined ? undefined : intervalsFor(opts.intervals, X, y, { common, fit, cv, relaxed, nFolds: cvOptions.nFolds, seed, foldIds });
  // Folds from a column are recorded as such, not by a seed that did not draw them.
  const folds = foldIds === undefined ? { seed } : { foldsBy: opts.cv?.foldsBy ?? 'given fold ids' };
  const fitted = predict(fit, X);
  // The CV that chose α: the plain one, or the relaxed Lasso's over (α, γ).
  const chosen = cv ?? relaxed;
  const base = packModel(fit, {
    featureNames,
    recipe,
    fitIntercept: common.fitIntercept,
    standardize: common.standardize,
    positive: common.positive,
    weighted: opts.weights !== undefined,
    source: opts.source ?? 'data',
    name: opts.name,
    nSamples: X.rows,
    rowsDropped: report.rowsIn - report.rowsOut,
    report,
    metrics: { r2: r2(y, fitted, opts.weights), rmse: rmse(y, fitted, opts.weights), mae: mae(y, fitted, opts.weights) },
    cv: chosen && trainingCV(chosen, folds),
    intervals,
  });
  const model: ModelJSON = relaxed === undefined ? base : asRelaxedModel(base, relaxed);
  return { model, fit, cv, relaxed, intervals };
}
