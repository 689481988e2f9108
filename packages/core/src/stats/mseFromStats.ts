import type { LinearModel } from '../model/predict.js';
import type { SufficientStats } from './FoldedStats.js';

/**
 * The weighted mean squared error of a linear model on the rows some statistics describe,
 * without the rows:
 *
 *     Σw(y − b0 − xᵀβ)² / W = (yty − 2βᵀxty + βᵀ·xtx·β) / W + (ȳ − b0 − x̄ᵀβ)²
 *
 * (the cross term vanishes: the statistics are centred). Used for held-out errors in
 * cross-validation from statistics and for training metrics of fits from a database.
 *
 * Cost: O(p + |nonzero|²).
 *
 * @example
 * mseFromStats(sufficientStats(X, y), fit); // equals mse(y, predict(fit, X)) to rounding
 */
export function mseFromStats(stats: SufficientStats, model: LinearModel): number {
  const { sse, mean } = mseParts(stats, model.coef, model.intercept);
  return Math.max(sse, 0) / stats.sumW + mean * mean;
}

/**
 * Where the statistics' sum is cancelled by less than CHECKED_SHARE of its terms, its rounding
 * error is at most ~(k + 2)·ε / CHECKED_SHARE relative (k nonzero coefficients): ≤ 1e-11 for k ≤ 40.
 */
const CHECKED_SHARE = 1e-3;

/**
 * {@link mseFromStats} where its sum of squares is known to be accurate, else null: where the
 * model explains all but a CHECKED_SHARE of the magnitude of the terms (a held-out R² above
 * ~0.996), yty − 2βᵀxty + βᵀxtxβ cancels and only the rows give the error to full precision.
 * The terms' magnitude is yty + 2Σ|β_j·xty_j| + (Σ|β_j|·√xtx_jj)², which bounds each (xtx is
 * positive semi-definite). Cost O(p + |nonzero|²).
 */
export function mseFromStatsChecked(stats: SufficientStats, coef: ArrayLike<number>, intercept: number): number | null {
  const { sse, mean, magnitude } = mseParts(stats, coef, intercept);
  return sse > CHECKED_SHARE * magnitude ? sse / stats.sumW + mean * mean : null;
}

/** The centred sum of squares, the mean residual and the magnitude of the sum's terms. O(p + |nonzero|²). */
function mseParts(stats: SufficientStats, beta: ArrayLike<number>, intercept: number): { sse: number; mean: number; magnitude: number } {
  const { p, xtx, xty, xMean, yMean, yty } = stats;
  const nonzero: number[] = [];
  for (let j = 0; j < p; j++) if (beta[j] !== 0) nonzero.push(j);
  let bq = 0;
  let bMb = 0;
  let absBq = 0;
  let absBs = 0;
  let mean = yMean - intercept;
  for (const j of nonzero) {
    const bj = beta[j];
    bq += bj * xty[j];
    absBq += Math.abs(bj * xty[j]);
    absBs += Math.abs(bj) * Math.sqrt(Math.max(xtx[j * p + j], 0));
    mean -= xMean[j] * bj;
    let row = 0;
    for (const k of nonzero) row += xtx[j * p + k] * beta[k];
    bMb += bj * row;
  }
  return { sse: yty - 2 * bq + bMb, mean, magnitude: yty + 2 * absBq + absBs * absBs };
}
