import type { IntervalModel } from '../intervals/IntervalModel.js';

/** The `format` tag of every lassokit model file. */
export const MODEL_FORMAT = 'lassokit-model';
/**
 * The newest model-file schema this library reads. Files are written with the lowest version that
 * holds them: 1, or 2 when they use what version 2 added (interval data, the relaxed-Lasso kind),
 * so older readers keep reading the files they can interpret.
 */
export const MODEL_SCHEMA_VERSION = 2;

/** What kind of fit produced the coefficients. 'relaxedLasso' (schema 2): γ·Lasso + (1 − γ)·least squares on its support. */
export type ModelKind = 'lasso' | 'elasticNet' | 'ols' | 'relaxedLasso';

/**
 * A fitted model as plain JSON — the one format the CLI, API and web demo read and write.
 * `preprocessing.recipe` is opaque to the core: `@lassokit/data` stores the fitted recipe
 * (one-hot levels, clip bounds, logs) there so raw inputs can be transformed at predict time.
 */
export interface ModelJSON {
  readonly format: typeof MODEL_FORMAT;
  readonly schemaVersion: number;
  readonly library: { readonly name: string; readonly version: string };
  readonly kind: ModelKind;
  readonly featureNames: readonly string[];
  /** Coefficients in `featureNames` order, on the scale of the recipe's output. */
  readonly coef: readonly number[];
  readonly intercept: number;
  /** Penalty level (null for OLS). */
  readonly alpha: number | null;
  /** L1 share of the penalty (null for OLS). */
  readonly l1Ratio: number | null;
  readonly preprocessing: {
    readonly fitIntercept: boolean;
    readonly standardize: boolean;
    readonly recipe: unknown;
  };
  /** How the model was trained: sizes, convergence, metrics, the CV choice. */
  readonly training: TrainingInfo;
  /** What prediction intervals need (schema 2; absent when the model was fitted without them). */
  readonly intervals?: IntervalModel;
  readonly createdAt: string;
}

/** Fit metrics on the training rows (weighted when the fit was). */
export interface TrainingMetrics {
  readonly r2: number;
  readonly rmse: number;
  /** Absent for fits from sufficient statistics (the absolute error is not a function of them). */
  readonly mae?: number;
}

/** How cross-validation chose α. */
export interface TrainingCV {
  readonly nFolds: number;
  /** The seed of random folds (absent when folds came from a column or a hash). */
  readonly seed?: number;
  /** How rows were assigned to folds when not by seed (e.g. a database column). */
  readonly foldsBy?: string;
  readonly select: 'min' | '1se';
  readonly loss?: 'mse' | 'mae';
  readonly alphaMin: number;
  readonly alpha1se: number;
  /**
   * The held-out error (`loss`) at the chosen α: its mean over the folds and standard error
   * (core's `chosenError`) — what a new row's error is estimated to be, beside the training
   * scores. Absent in files written before it.
   */
  readonly error?: { readonly mean: number; readonly se: number };
}

/**
 * What reading the training data found, as the front ends report it while fitting: rows dropped
 * for a missing value (by the first column found missing), values imputed, and warnings (a column
 * left out because it is entirely missing, a constant column, folds without rows).
 */
export interface TrainingReport {
  readonly dropped: readonly { readonly column: string; readonly count: number; readonly reason: string }[];
  readonly imputed: readonly { readonly column: string; readonly count: number; readonly value: number }[];
  readonly warnings: readonly string[];
}

/**
 * What a model file says about its training. `toModelJSON` writes the solver's diagnostics
 * (`converged`, `dualGap`, `nIter`); `trainModel` (data) adds the rest. Every field is optional —
 * files written by other tools, or by an OLS fit, carry less — and readers must not assume more.
 */
export interface TrainingInfo {
  readonly name?: string;
  /** Where the data came from (a file name, "stdin", "request body"). */
  readonly source?: string;
  readonly target?: string | null;
  readonly nSamples?: number;
  readonly nFeatures?: number;
  readonly nonzero?: number;
  readonly rowsDropped?: number;
  /** What reading the data found (dropped and imputed rows, warnings); absent when nothing was found, or not recorded. */
  readonly report?: TrainingReport;
  readonly weighted?: boolean;
  readonly positive?: boolean;
  readonly converged?: boolean;
  readonly dualGap?: number;
  readonly nIter?: number;
  readonly metrics?: TrainingMetrics;
  readonly cv?: TrainingCV;
  /** The relaxed Lasso's blend γ (kind 'relaxedLasso'). */
  readonly gamma?: number;
  /** The relaxed Lasso's widest refitted support, where it was bounded (`maxRefitFeatures`). */
  readonly maxRefitFeatures?: number;
  /** Coverage of the prediction intervals on held-out rows, when measured (e.g. a test split). */
  readonly intervalCoverage?: { readonly level: number; readonly covered: number; readonly rows: number };
  /**
   * How split intervals fitted where the data are (`@lassokit/sql`) were calibrated: the rows held
   * back by a hash of each row, and the residuals stored (those of rows of positive weight, a
   * sample by that hash beyond 10,000). In memory every held-back row of positive weight is scored.
   */
  readonly calibration?: { readonly heldBack: number; readonly scored: number };
}
