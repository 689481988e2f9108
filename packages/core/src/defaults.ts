/**
 * Every default in one place (glmnet keeps its defaults in one config object; so do we).
 * Names follow scikit-learn in camelCase; glmnet's equivalents are noted.
 */
export const DEFAULTS = Object.freeze({
  /** Penalty level; scikit-learn `alpha` (default 1.0), glmnet `lambda`. */
  alpha: 1,
  /** scikit-learn `l1_ratio` default for ElasticNet; glmnet `alpha`. `lasso*` functions use 1. */
  l1Ratio: 0.5,
  fitIntercept: true,
  /** glmnet `standardize = TRUE`: scale by the 1/n standard deviation internally. */
  standardize: true,
  positive: false,
  /** Converged when the duality gap ≤ tol · objective (≤ tol · null objective a fortiori). */
  tol: 1e-6,
  /** Coordinate passes per α (passes over the active set count). glmnet `maxit`. */
  maxIter: 10_000,
  /** glmnet `nlambda`, scikit-learn `n_alphas`. */
  nAlphas: 100,
  /** glmnet `lambda.min.ratio`, scikit-learn `eps`: 1e-3 when n > p, else 1e-2. */
  epsWhenTall: 1e-3,
  epsWhenWide: 1e-2,
  /** glmnet `nfolds`; scikit-learn `cv` (5 there). */
  nFolds: 10,
  seed: 0,
  /**
   * Above this many coordinates a dense X's Gram matrix (p² doubles, at most X's size since n ≥ p)
   * is not kept; sparse X keeps it up to 2000. It was 2000 for both: dense paths with p between
   * them (n ≥ p) ran on the residuals, 10,000 × 2500 ρ 0.5 Lasso 54 → 10 s with the Gram,
   * 12,000 × 3000 24.1 → 13.6 s, 6000 × 2200 Toeplitz 9.7 → 4.4 s and its 10-fold CV 117 → 34 s
   * (same α), 4500 × 4000 ρ 0.9 0.86 → 0.69 s; a short one lost, 8000 × 2500 ρ 0 sparse signal on
   * glmnet's grid (supports ≤ 875) 2.3 → 2.9 s.
   */
  maxGramFeatures: 4096,
});
