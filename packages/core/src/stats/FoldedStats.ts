/**
 * Sufficient statistics of (X, y) for the Gaussian Lasso / Elastic Net: with weights w (all 1 when
 * none are given), W = Σw, means x̄ = Σw·x / W and ȳ = Σw·y / W,
 *
 *     xtx = Σ_i w_i (x_i − x̄)(x_i − x̄)ᵀ    (p×p, row-major)
 *     xty = Σ_i w_i (x_i − x̄)(y_i − ȳ)
 *     yty = Σ_i w_i (y_i − ȳ)²
 *
 * The objective of every fit — and so its path and, per fold, its cross-validation — depends on
 * the data only through these (with n and W). Centred statistics combine exactly across groups
 * (see `combineStats`), so fold statistics, shards of a database or chunks of a file merge without
 * losing digits.
 */
export interface SufficientStats {
  /** Rows. */
  readonly n: number;
  /** Columns of X. */
  readonly p: number;
  /** Σw (n without weights). */
  readonly sumW: number;
  readonly xMean: Float64Array;
  readonly yMean: number;
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  readonly yty: number;
}

/**
 * Statistics of all rows and of each fold's rows (the held-out part; a fold's training
 * statistics are the total minus its own, see `subtractStats`).
 */
export interface FoldedStats extends SufficientStats {
  readonly folds: readonly SufficientStats[];
}
