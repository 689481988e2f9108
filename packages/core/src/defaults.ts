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
  /** Above this many coordinates the Gram matrix (p² doubles) is not kept. */
  maxGramFeatures: 2000,
});
