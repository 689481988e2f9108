/** The `format` tag of every lassokit model file. */
export const MODEL_FORMAT = 'lassokit-model';
/** The model-file schema this library writes and the newest it reads. */
export const MODEL_SCHEMA_VERSION = 1;

/** What kind of fit produced the coefficients. */
export type ModelKind = 'lasso' | 'elasticNet' | 'ols';

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
  /** Free-form training summary: sizes, convergence, metrics, CV choice. */
  readonly training: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}
