import { LassoKitError, invalidParameter } from '../errors.js';
import type { IntervalMethod } from './IntervalModel.js';

// Guards ⌈level·(n+1)⌉ against a product landing a rounding error above an integer.
const SLACK = 1e-9;

/** Checks a coverage level: a number strictly between 0 and 1. */
export function checkLevel(level: unknown): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) invalidParameter('level', 'a number in (0, 1), e.g. 0.9', level);
  return level;
}

/**
 * The rank (1-based) of the upper conformal quantile among n scores: ⌈level·(n + 1)⌉ — the
 * finite-sample correction that makes the coverage ≥ level for exchangeable rows.
 */
export function upperRank(level: number, n: number): number {
  return Math.ceil(level * (n + 1) - SLACK);
}

/** The rank (1-based) of CV+'s lower quantile among n values: ⌊(1 − level)·(n + 1)⌋. */
export function lowerRank(level: number, n: number): number {
  return Math.floor((1 - level) * (n + 1) + SLACK);
}

/** The fewest scored rows for which a finite interval at `level` exists. */
export function minimumRows(level: number): number {
  let n = 1;
  while (upperRank(level, n) > n || lowerRank(level, n) < 1) n++;
  return n;
}

/** Throws when n scored rows are too few for a finite interval at `level`, naming the minimum. */
export function checkEnoughRows(level: number, n: number, method: IntervalMethod): void {
  if (upperRank(level, n) <= n && lowerRank(level, n) >= 1) return;
  const need = minimumRows(level);
  const rows = method === 'split' ? 'calibration rows' : 'training rows (held-out residuals)';
  throw new LassoKitError('INVALID_PARAMETER', `a ${fmt(level)} interval needs at least ${need} ${rows}; the model has ${n} — use a lower level or more rows`, {
    parameter: 'level',
    received: level,
    minimumRows: need,
  });
}

const fmt = (level: number) => `${+(level * 100).toPrecision(6)} %`;

/**
 * The k-th smallest (1-based) of the n values c_m + r over every model m and every r of its sorted
 * residuals R_m — exactly, without forming the n values: bisect on the value t, counting
 * #{c_m + r ≤ t} by binary search in each R_m (the predicate itself, so rounding cannot disagree
 * with the values), until few values lie between the bounds; then select among those. Each search
 * looks only between the boundaries of the current bracket, which shrink as it closes.
 *
 * The opening bracket is [min c + q, max c + q], q the k-th smallest of all residuals pooled — as
 * narrow as the spread of the centres: left of it every t − c_m < q, so fewer than k values are
 * ≤ t; at its right end every t − c_m ≥ q. Both ends are checked by counting, never assumed.
 *
 * Built once per set of residuals (a model's interval data); `kth` is then called per row with
 * no allocation. Cost: O(n log n) to build; per call O(iterations·K·log(window)), about 6
 * iterations on 200,000 residuals, instead of O(n).
 */
export class ShiftedQuantiles {
  private readonly K: number;
  private readonly pooled: Float64Array;
  private readonly n: number;
  private readonly loB: Int32Array;
  private readonly hiB: Int32Array;
  private readonly bounds: Int32Array;
  private between = new Float64Array(64);
  private lo = 0;
  private hi = 0;
  private below = 0;
  private atHi = 0;
  private centres: ArrayLike<number> = [];

  constructor(private readonly residuals: readonly (readonly number[])[]) {
    this.K = residuals.length;
    this.pooled = Float64Array.from(residuals.flat()).sort();
    this.n = this.pooled.length;
    this.loB = new Int32Array(this.K);
    this.hiB = new Int32Array(this.K);
    this.bounds = new Int32Array(this.K);
  }

  /** The k-th smallest of c_m + r (1 ≤ k ≤ n). */
  kth(centres: ArrayLike<number>, k: number): number {
    const { K, residuals, loB, hiB } = this;
    this.centres = centres;
    loB.fill(0);
    for (let m = 0; m < K; m++) hiB[m] = residuals[m].length;
    this.lo = -Infinity; // count(−∞) = 0 < k
    this.hi = Infinity; // count(∞) = n ≥ k
    this.below = 0;
    this.atHi = this.n;
    let cMin = Infinity;
    let cMax = -Infinity;
    for (let m = 0; m < K; m++) {
      cMin = Math.min(cMin, centres[m]);
      cMax = Math.max(cMax, centres[m]);
    }
    const q = this.pooled[k - 1];
    this.tighten(cMin + q, k);
    if (cMax + q < this.hi && cMax + q > this.lo) this.tighten(cMax + q, k);
    while (this.atHi - this.below > 32) {
      const { lo, hi } = this;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        // An open end (the bracket check failed): the window's extreme values close it.
        let vMin = Infinity;
        let vMax = -Infinity;
        for (let m = 0; m < K; m++) {
          if (hiB[m] > loB[m]) {
            vMin = Math.min(vMin, centres[m] + residuals[m][loB[m]]);
            vMax = Math.max(vMax, centres[m] + residuals[m][hiB[m] - 1]);
          }
        }
        if (!Number.isFinite(hi)) this.tighten(vMax, k);
        if (!Number.isFinite(lo)) {
          if (this.count(vMin) >= k) return vMin; // the smallest value in the window reaches rank k
          this.tighten(vMin, k);
        }
        continue;
      }
      const mid = lo + (hi - lo) / 2;
      if (!(mid > lo && mid < hi)) break; // no double strictly between: the rest are ties
      this.tighten(mid, k);
    }
    // The values in (lo, hi]: contiguous in each sorted R_m.
    const size = this.atHi - this.below;
    if (this.between.length < size) this.between = new Float64Array(size);
    const between = this.between.subarray(0, size);
    let t = 0;
    for (let m = 0; m < K; m++) for (let i = loB[m]; i < hiB[m]; i++) between[t++] = centres[m] + residuals[m][i];
    between.sort();
    return between[k - this.below - 1];
  }

  /** #{c + r ≤ t}, each model's boundary searched in [loB, hiB] (valid for lo ≤ t ≤ hi); boundaries left in `bounds`. */
  private count(t: number): number {
    const { K, residuals, centres, loB, hiB, bounds } = this;
    let total = 0;
    for (let m = 0; m < K; m++) {
      const R = residuals[m];
      const c = centres[m];
      let a = loB[m];
      let b = hiB[m];
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (c + R[mid] <= t) a = mid + 1;
        else b = mid;
      }
      bounds[m] = a;
      total += a;
    }
    return total;
  }

  /** Moves the end of the bracket that t replaces. */
  private tighten(t: number, k: number): void {
    const c = this.count(t);
    if (c >= k) {
      this.hi = t;
      this.atHi = c;
      this.hiB.set(this.bounds);
    } else {
      this.lo = t;
      this.below = c;
      this.loB.set(this.bounds);
    }
  }
}
