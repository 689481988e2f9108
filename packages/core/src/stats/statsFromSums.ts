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
  const flat = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    xMean[j] = s.shiftX[j] + s.sumX[j] * inv;
    xty[j] = s.sumXY[j] - s.sumX[j] * s.sumY * inv;
    // The diagonal (and yty) are sums of squares, 0 where within rounding of the subtraction (see
    // cancelled). A fold whose rows of a column all equal each other far from the shift (zeros about
    // a pilot mean of 700) had come out at −5e-10, and the fold's statistics were refused as not ≥ 0.
    const squares = s.sumXX[j * p + j];
    const mean = s.sumX[j] * s.sumX[j] * inv;
    flat[j] = cancelled(squares - mean, squares + mean, s.n) ? 1 : 0;
    xtx[j * p + j] = flat[j] ? 0 : squares - mean;
    for (let l = j + 1; l < p; l++) {
      const v = s.sumXX[j * p + l] - s.sumX[j] * s.sumX[l] * inv;
      xtx[j * p + l] = v;
      xtx[l * p + j] = v;
    }
  }
  const squares = s.sumYY;
  const mean = s.sumY * s.sumY * inv;
  const yty = cancelled(squares - mean, squares + mean, s.n) ? 0 : squares - mean;
  zeroFlat({ p, xtx, xty, yty }, flat);
  return { n: s.n, p, sumW: W, xMean, yMean: s.shiftY + s.sumY * inv, xtx, xty, yty };
}

const EPS = 2.220446049250313e-16;

/**
 * Whether a centred sum of squares obtained by subtracting terms of total size `scale` (sums over
 * `n` rows) is zero within the rounding of those sums — about √n·EPS·scale — or below zero. Such a
 * column's rows all equal each other to what the sums can tell: a column constant on a fold's
 * training rows far from the shift (1000 everywhere there, 1001.3 in one held-out row) came out of
 * the subtraction at ~1e-16·scale instead of 0, a standard deviation of ~1e-8 where its size is
 * 1000, and was fitted as a column scaled up a hundred million times where the rows exclude it —
 * fold errors of 0.8 against 4e6 in a 70,000 × 4 cross-validation.
 */
export function cancelled(value: number, scale: number, n: number): boolean {
  return value <= 16 * EPS * Math.sqrt(Math.max(n, 1)) * scale;
}

/**
 * Zeroes the centred statistics of flat columns (a centred sum of squares of 0: by Cauchy–Schwarz
 * every product with it is 0 too, the rounding left in them included) and, where yty is 0, xty.
 */
export function zeroFlat(st: { readonly p: number; readonly xtx: Float64Array; readonly xty: Float64Array; readonly yty: number }, flat: Uint8Array): void {
  const { p, xtx, xty } = st;
  for (let j = 0; j < p; j++) {
    if (!flat[j]) continue;
    xty[j] = 0;
    for (let l = 0; l < p; l++) {
      xtx[j * p + l] = 0;
      xtx[l * p + j] = 0;
    }
  }
  if (st.yty === 0) xty.fill(0);
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
