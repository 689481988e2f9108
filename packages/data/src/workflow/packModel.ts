import { DEFAULTS, toModelJSON, type FitResult, type IntervalModel, type ModelJSON, type TrainingCV, type TrainingInfo, type TrainingMetrics } from '@lassokit/core';
import type { Recipe, RecipeReport } from '../recipe/Recipe.js';

/** What a model file records about its training, whichever way the fit was computed. */
export interface PackOptions {
  readonly featureNames: readonly string[];
  /** The fitted recipe (raw inputs → features), stored so predictions take raw values; null for a design read from a sparse file (its features are the file's columns). */
  readonly recipe: Recipe | null;
  /** The target's name (default: the recipe's). */
  readonly target?: string | null;
  readonly fitIntercept: boolean;
  readonly standardize: boolean;
  readonly positive: boolean;
  readonly weighted: boolean;
  readonly source: string;
  readonly name?: string;
  readonly nSamples: number;
  readonly rowsDropped: number;
  /** What reading the data found; recorded when it found something (rows dropped or imputed, warnings). */
  readonly report?: RecipeReport;
  readonly metrics: TrainingMetrics;
  readonly cv?: TrainingCV;
  readonly intervals?: IntervalModel;
  /** How split intervals from a source were calibrated (see `TrainingInfo.calibration`). */
  readonly calibration?: TrainingInfo['calibration'];
}

/**
 * A fit packed into the model file every front end reads: coefficients by feature name, the fitted
 * recipe, the options and the training record (`TrainingInfo`). One function for fits from rows
 * (`trainModel`) and from a database's statistics (`@lassokit/sql`), so both write the same file.
 *
 * Cost: O(p).
 */
export function packModel(fit: FitResult, o: PackOptions): ModelJSON {
  return toModelJSON(fit, {
    featureNames: o.featureNames,
    fitIntercept: o.fitIntercept,
    standardize: o.standardize,
    recipe: o.recipe,
    ...(o.intervals !== undefined ? { intervals: o.intervals } : {}),
    training: {
      ...(o.name !== undefined ? { name: o.name } : {}),
      source: o.source,
      target: o.target ?? o.recipe?.target ?? null,
      nSamples: o.nSamples,
      nFeatures: o.featureNames.length,
      nonzero: Array.from(fit.coef).filter((b) => b !== 0).length,
      rowsDropped: o.rowsDropped,
      ...(o.report !== undefined && o.report.dropped.length + o.report.imputed.length + o.report.warnings.length > 0
        ? { report: { dropped: o.report.dropped, imputed: o.report.imputed, warnings: o.report.warnings } }
        : {}),
      weighted: o.weighted,
      positive: o.positive,
      metrics: o.metrics,
      ...(o.cv !== undefined ? { cv: o.cv } : {}),
      ...(o.calibration !== undefined ? { calibration: o.calibration } : {}),
    },
  });
}

/** The solver options a training call may leave out. */
export interface SolverChoices {
  readonly l1Ratio?: number;
  readonly fitIntercept?: boolean;
  readonly standardize?: boolean;
  readonly positive?: boolean;
  readonly tol?: number;
  readonly maxIter?: number;
}

/**
 * The solver options of a training call with the defaults filled in: a Lasso unless told
 * otherwise (core's DEFAULTS.l1Ratio, 0.5, is scikit-learn's ElasticNet default), the rest from
 * core's one DEFAULTS. Shared by `trainModel` and the engines' `trainFromSource`.
 */
export function solverOptions(o: SolverChoices) {
  return {
    l1Ratio: o.l1Ratio ?? 1,
    fitIntercept: o.fitIntercept ?? DEFAULTS.fitIntercept,
    standardize: o.standardize ?? DEFAULTS.standardize,
    positive: o.positive ?? DEFAULTS.positive,
    tol: o.tol ?? DEFAULTS.tol,
    maxIter: o.maxIter ?? DEFAULTS.maxIter,
  };
}
