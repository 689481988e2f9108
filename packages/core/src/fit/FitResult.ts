/** A fitted Elastic Net / Lasso at one α. */
export interface FitResult {
  /** Coefficients on the original feature scale. */
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly alpha: number;
  readonly l1Ratio: number;
  /**
   * Duality gap at the returned solution, on the scale of the documented objective: a bound on its
   * suboptimality. Infinity (with `converged` false) where no dual point could bound it — the
   * arithmetic cannot resolve the fit, e.g. unpenalized columns nearly parallel to one another.
   */
  readonly dualGap: number;
  /**
   * Coordinate passes (Newton steps count as passes). A cold fit on a wide design (p > n) reaches
   * α through a coarse path from alphaMax: all its α's passes, together at most `maxIter`.
   */
  readonly nIter: number;
  /**
   * Whether `dualGap` ≤ tol · objective. False at `maxIter`, and also before it where the Gram
   * (covariance mode) cannot resolve the fit — unpenalized columns whose sines to one another its
   * rounding hides: then more passes on it go astray, and it stops with the gap the rows give
   * (finite) or none (Infinity). `updateMode: 'naive'` works on the rows throughout; 'auto' goes on
   * there where X is at hand (dense or CSC; not from statistics alone).
   */
  readonly converged: boolean;
}
