import { LassoKitError } from '../errors.js';
import type { SufficientStats } from './FoldedStats.js';
import { cancelled, zeroFlat } from './statsFromSums.js';

/**
 * The statistics of two disjoint groups of rows together, exactly (Chan, Golub & LeVeque's
 * pairwise update): with δ = x̄_b − x̄_a and W = W_a + W_b,
 *
 *     x̄ = x̄_a + δ·W_b/W,   xtx = xtx_a + xtx_b + δδᵀ·W_a·W_b/W   (likewise xty, yty)
 *
 * Only differences of means are multiplied, so nothing cancels when means are large.
 *
 * Cost: O(p²).
 *
 * @example
 * const all = mergeStats(sufficientStats(X1, y1), sufficientStats(X2, y2));
 */
export function mergeStats(a: SufficientStats, b: SufficientStats): SufficientStats {
  checkSameWidth(a, b);
  const W = a.sumW + b.sumW;
  if (a.sumW === 0) return b;
  if (b.sumW === 0) return a;
  return combine(a, b, W, (a.sumW * b.sumW) / W, 1);
}

/**
 * The statistics of the rows of `total` that are not in `part` (a fold's training rows from the
 * total and the fold): the inverse of {@link mergeStats}. With the rest r, W_r = W − W_p,
 * x̄_r = (W·x̄ − W_p·x̄_p)/W_r, δ = x̄_p − x̄_r and xtx_r = xtx − xtx_p − δδᵀ·W_r·W_p/W.
 *
 * Cost: O(p²).
 *
 * @example
 * const train = subtractStats(stats, stats.folds[k]);
 */
export function subtractStats(total: SufficientStats, part: SufficientStats): SufficientStats {
  checkSameWidth(total, part);
  const { p } = total;
  const Wr = total.sumW - part.sumW;
  if (!(Wr > 0)) throw new LassoKitError('INVALID_PARAMETER', `subtracting leaves no rows (weight ${total.sumW} − ${part.sumW})`, { parameter: 'part' });
  // x̄_r from x̄ and x̄_p through their difference: x̄_r = x̄ − (x̄_p − x̄)·W_p/W_r.
  const xMean = new Float64Array(p);
  for (let j = 0; j < p; j++) xMean[j] = total.xMean[j] - ((part.xMean[j] - total.xMean[j]) * part.sumW) / Wr;
  const yMean = total.yMean - ((part.yMean - total.yMean) * part.sumW) / Wr;
  const rest = { n: total.n - part.n, p, sumW: Wr, xMean, yMean, xtx: total.xtx, xty: total.xty, yty: total.yty };
  return combine(rest, part, Wr, (Wr * part.sumW) / total.sumW, -1, total);
}

/**
 * a's means, plus or minus b: with sign +1 the merge of a and b (means combined here); with −1,
 * `rest` carries the already computed means of total − b and xtx = total − b − δδᵀ·f.
 */
function combine(a: SufficientStats, b: SufficientStats, W: number, f: number, sign: 1 | -1, total?: SufficientStats): SufficientStats {
  const { p } = a;
  const dx = new Float64Array(p);
  let xMean: Float64Array;
  let yMean: number;
  if (sign === 1) {
    xMean = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      dx[j] = b.xMean[j] - a.xMean[j];
      xMean[j] = a.xMean[j] + (dx[j] * b.sumW) / W;
    }
    yMean = a.yMean + ((b.yMean - a.yMean) * b.sumW) / W;
  } else {
    xMean = a.xMean;
    yMean = a.yMean;
    for (let j = 0; j < p; j++) dx[j] = b.xMean[j] - a.xMean[j];
  }
  const dy = b.yMean - a.yMean;
  const base = total ?? a;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) xtx[j * p + k] = base.xtx[j * p + k] + sign * b.xtx[j * p + k] + sign * dx[j] * dx[k] * f;
    xty[j] = base.xty[j] + sign * b.xty[j] + sign * dx[j] * dy * f;
  }
  let yty = base.yty + sign * b.yty + sign * dy * dy * f;
  if (sign === -1) {
    // A difference of sums of squares: 0 where within its rounding (see cancelled). δ is a
    // difference of means, each rounded at their size: δ²·f is off by up to ~2|δ|·f·EPS·|x̄| (a
    // rare value at 1000 + 1.4 among 1000s left 2e-13 where the terms summed to 4.5).
    const flat = new Uint8Array(p);
    const size = (d: number, m1: number, m2: number) => f * Math.abs(d) * (Math.abs(d) + 4 * Math.max(Math.abs(m1), Math.abs(m2)));
    for (let j = 0; j < p; j++) flat[j] = cancelled(xtx[j * p + j], base.xtx[j * p + j] + b.xtx[j * p + j] + size(dx[j], a.xMean[j], b.xMean[j]), base.n) ? 1 : 0;
    if (cancelled(yty, base.yty + b.yty + size(dy, a.yMean, b.yMean), base.n)) yty = 0;
    zeroFlat({ p, xtx, xty, yty }, flat);
  }
  return { n: sign === 1 ? a.n + b.n : a.n, p, sumW: W, xMean, yMean, xtx, xty, yty };
}

function checkSameWidth(a: SufficientStats, b: SufficientStats): void {
  if (a.p !== b.p) throw new LassoKitError('DIMENSION_MISMATCH', `statistics of ${a.p} and ${b.p} columns cannot be combined`, { parameter: 'stats' });
}
