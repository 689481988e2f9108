/** A fitted Elastic Net / Lasso at one α. */
export interface FitResult {
  /** Coefficients on the original feature scale. */
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly alpha: number;
  readonly l1Ratio: number;
  /** Duality gap at the returned solution, on the scale of the documented objective. */
  readonly dualGap: number;
  readonly nIter: number;
  readonly converged: boolean;
}
