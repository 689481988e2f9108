import type { SufficientStats } from './FoldedStats.js';

/**
 * Sums of one group of rows about a fixed shift (c for X, c_y for y): with d = x − c and
 * e = y − c_y, W = Σw, sumX = Σw·d, sumY = Σw·e, sumXX = Σw·d·dᵀ (upper triangle read, row-major
 * p×p), sumXY = Σw·d·e, sumYY = Σw·e². What one pass over rows — in JS, or one aggregate query in a
 * database — produces.
 */
export interface ShiftedSums {
  readonly n: number;
  readonly p: number;
  readonly sumW: number;
  readonly shiftX: ArrayLike<number>;
  readonly shiftY: number;
  readonly sumX: ArrayLike<number>;
  readonly sumY: number;
  readonly sumXX: ArrayLike<number>;
  readonly sumXY: ArrayLike<number>;
  readonly sumYY: number;
}

/**
 * Centred statistics from shifted sums: x̄ = c + sumX/W, xtx = sumXX − sumX·sumXᵀ/W (and likewise
 * for y). With the shift near the mean (a pilot mean) nothing cancels, so the centred Gram keeps
 * ~1e-14 relative accuracy however large the means are. A group without weight gets zeros.
 *
 * Cost: O(p²).
 *
 * @example
 * statsFromSums({ n: 2, p: 1, sumW: 2, shiftX: [10], shiftY: 0, sumX: [0], sumY: 3, sumXX: [2], sumXY: [1], sumYY: 5 }).xtx; // [2]
 */
export function statsFromSums(s: ShiftedSums): SufficientStats {
  return centred(s, new Float64Array(s.p * s.p));
}

/**
 * {@link statsFromSums} for sums whose sumXX array the caller hands over (a fresh Float64Array
 * no one else reads): the centred Gram is written over it instead of into a new p×p array. Each
 * entry is read before it is written (the upper triangle row by row; the lower one is never read).
 */
export function statsFromOwnSums(s: ShiftedSums & { readonly sumXX: Float64Array }): SufficientStats {
  return centred(s, s.sumXX);
}

function centred(s: ShiftedSums, xtx: Float64Array): SufficientStats {
  const { p, sumW: W } = s;
  const xMean = new Float64Array(p);
  const xty = new Float64Array(p);
  const inv = W > 0 ? 1 / W : 0;
  for (let j = 0; j < p; j++) {
    xMean[j] = s.shiftX[j] + s.sumX[j] * inv;
    xty[j] = s.sumXY[j] - s.sumX[j] * s.sumY * inv;
    // The diagonal (and yty) are sums of squares: a negative one is rounding, 0 exactly. A fold
    // whose rows of a column all equal each other far from the shift (zeros about a pilot mean of
    // 700) came out at −5e-10, and the fold's statistics were refused as not ≥ 0.
    xtx[j * p + j] = Math.max(s.sumXX[j * p + j] - s.sumX[j] * s.sumX[j] * inv, 0);
    for (let l = j + 1; l < p; l++) {
      const v = s.sumXX[j * p + l] - s.sumX[j] * s.sumX[l] * inv;
      xtx[j * p + l] = v;
      xtx[l * p + j] = v;
    }
  }
  const yty = Math.max(s.sumYY - s.sumY * s.sumY * inv, 0);
  return { n: s.n, p, sumW: W, xMean, yMean: s.shiftY + s.sumY * inv, xtx, xty, yty };
}

/**
 * The sums of several groups of rows taken about the same shift (they simply add).
 *
 * Cost: O(groups · p²).
 */
export function addShiftedSums(groups: readonly ShiftedSums[]): ShiftedSums {
  const { p, shiftX, shiftY } = groups[0];
  const t = { n: 0, p, sumW: 0, shiftX, shiftY, sumX: new Float64Array(p), sumY: 0, sumXX: new Float64Array(p * p), sumXY: new Float64Array(p), sumYY: 0 };
  for (const g of groups) {
    t.n += g.n;
    t.sumW += g.sumW;
    t.sumY += g.sumY;
    t.sumYY += g.sumYY;
    for (let j = 0; j < p; j++) {
      t.sumX[j] += g.sumX[j];
      t.sumXY[j] += g.sumXY[j];
      for (let k = j; k < p; k++) t.sumXX[j * p + k] += g.sumXX[j * p + k];
    }
  }
  return t;
}
