import type { VectorInput } from '../matrix/DenseMatrix.js';

/** Options shared by every fit, path and cross-validation function. */
export interface CommonOptions {
  /** Fit an unpenalized intercept b0 (default true). */
  readonly fitIntercept?: boolean;
  /**
   * Scale each column by its (weighted, 1/n) standard deviation before fitting and return
   * coefficients on the original scale (default true; glmnet `standardize`). The penalty then
   * applies to standardized coefficients. `false` reproduces scikit-learn's `Lasso`/`ElasticNet`.
   */
  readonly standardize?: boolean;
  /** Sample weights w_i ≥ 0, not all zero (default 1); normalized to sum to 1 internally. */
  readonly weights?: VectorInput;
  /**
   * Penalty factors pf_j ≥ 0 (default 1; 0 = unpenalized), used as given. glmnet instead
   * rescales them to sum to p, so its `lambda` differs by that factor when they are not all 1.
   */
  readonly penaltyFactor?: VectorInput;
  /** Constrain coefficients to be ≥ 0 (glmnet `lower.limits = 0`). */
  readonly positive?: boolean;
  /**
   * Relative duality-gap tolerance (default 1e-6): each α's solve stops once gap ≤ tol · objective
   * + 100·ε · (the objective at β = 0). The second term (2.2e-14 of the null objective) is
   * rounding: doubles carry no more, so a tol below about 1e-13 stops there.
   */
  readonly tol?: number;
  /** Maximum coordinate passes per α of a path, and of a single fit in all (default 10 000). */
  readonly maxIter?: number;
  /**
   * Coefficient update scheme; 'auto' picks covariance when n ≥ p and p ≤ 4096 (sparse X: 2000), and
   * goes on in naive mode where the Gram cannot resolve a fit (unpenalized columns whose sines to
   * one another its rounding hides; see `FitResult.converged`) and X is at hand (not statistics
   * alone). A mode named is kept.
   */
  readonly updateMode?: 'auto' | 'naive' | 'covariance';
  /** Sequential strong-rule screening with KKT checks (default true). */
  readonly screening?: boolean;
  /** Anderson extrapolation and Newton steps on the active set (default true; off only to compare). */
  readonly acceleration?: boolean;
  /**
   * Covariance mode: each α along a path (once β has a nonzero) first tried as plain
   * coordinate-descent passes and checks in one WebAssembly call, where they cost less than the
   * solver's per-α work (small p, uncorrelated designs); the solver takes over from there when they
   * do not converge soon (default true; off only to compare).
   */
  readonly alphaKernel?: boolean;
}

/**
 * Coefficients to start from (scikit-learn's `warm_start`), on the original scale — e.g. the
 * solution of a nearby problem (the data before a small change, a neighbouring α). The intercept
 * follows from the centring and is not needed. The result equals a cold start's to tolerance.
 */
export interface InitialCoefficients {
  readonly coef: VectorInput;
  readonly intercept?: number;
}

/** Options for a single fit at one α. */
export interface FitOptions extends CommonOptions {
  /** Start from these coefficients instead of zero. */
  readonly init?: InitialCoefficients;
  /** Penalty level α ≥ 0 (default 1). */
  readonly alpha?: number;
  /** 1 = Lasso, 0 = Ridge (default 0.5 for `elasticNet`, fixed at 1 for `lasso`). */
  readonly l1Ratio?: number;
}

/** Options for a regularization path. */
export interface PathOptions extends CommonOptions {
  /** Start the first α from these coefficients instead of the all-zero solution at alphaMax. */
  readonly init?: InitialCoefficients;
  readonly l1Ratio?: number;
  /** Explicit grid (any order; fitted in decreasing order). Overrides nAlphas/eps. */
  readonly alphas?: VectorInput;
  /** Grid size (default 100). */
  readonly nAlphas?: number;
  /** Smallest α as a fraction of alphaMax (default 1e-3 if n > p, else 1e-2). */
  readonly eps?: number;
  /** Called after each α with (done, total); for progress bars (core never logs). */
  readonly onProgress?: (done: number, total: number) => void;
}
