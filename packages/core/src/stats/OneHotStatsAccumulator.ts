import { invalidParameter, LassoKitError } from '../errors.js';
import { StatsAccumulator } from './StatsAccumulator.js';
import type { ShiftedSums } from './statsFromSums.js';

/**
 * {@link StatsAccumulator} for a design whose categorical columns arrive one-hot encoded as one
 * index column each — the row's level's position among the indicators (1 … L), 0 for none of them
 * (a reference or unseen level) — instead of L indicator columns. A dense Gram of p columns costs
 * p²/2 products a row, nearly all of them of zeros when most features are indicators (a zip code
 * of 900 levels: 2M rows × 959 features took two minutes). Here a row costs the dense Gram of its
 * plain columns (numeric features, the target, √w), plus, per categorical column, its level's
 * count and its plain columns added to that level's sums, plus one count per pair of categorical
 * columns: O(rows · (q² + h·q + h²)) for q plain columns and h categorical ones, whatever the levels.
 *
 * The indicators' shifted sums then follow exactly from those (indicators are 0 or 1, and an
 * indicator's shift c is its pilot mean): with W = Σw, n_f = Σ_{level f} w,
 * S_f = Σ_{level f} w·(v − c_v) for a plain column v, and N_fg = Σ_{levels f and g} w,
 *
 *     Σw(I_f − c_f)        = n_f − c_f·W
 *     Σw(I_f − c_f)(v − c_v) = S_f − c_f·Σw(v − c_v)
 *     Σw(I_f − c_f)(I_g − c_g) = N_fg − c_f·n_g − c_g·n_f + c_f·c_g·W   (N_ff = n_f; N_fg = 0 in one column)
 *
 * The same sums a {@link StatsAccumulator} of the expanded design gives, up to rounding.
 *
 * Memory: the plain part's, plus per group L·(q + 1) level sums and the level pairs of every two
 * categorical columns (≤ p²/2). Cost: as above, and O(p²) per group to read the sums.
 *
 * @example
 * // p = 3: feature 0 plain, features 1 and 2 the indicators of one categorical column.
 * const acc = new OneHotStatsAccumulator(3, [[1, 2]], 1, shiftX, shiftY);
 * acc.add([x0], [levelIndex], y, rows);
 * const [sums] = acc.sums();
 */
export class OneHotStatsAccumulator {
  readonly p: number;
  readonly groups: number;
  readonly weighted: boolean;
  /** Design places of the plain columns, in order. */
  private readonly plain: readonly number[];
  /** Design places of each categorical column's indicators, in level order. */
  private readonly oneHot: readonly (readonly number[])[];
  private readonly shiftX: Float64Array;
  private readonly shiftY: number;
  private readonly dense: StatsAccumulator;
  /** Per group: Σw per indicator (p-indexed, 0 for plain columns). */
  private readonly count: Float64Array[];
  /** Per group: per indicator f, Σ_{level f} w·(v − c_v) over the plain columns then y — row f of a p × (q + 1) table. */
  private readonly levelSums: Float64Array[];
  /** Per group and pair (a < b) of categorical columns: Σw per pair of levels, L_a × L_b row-major. */
  private readonly pairs: Float64Array[][];
  private readonly q: number;

  constructor(p: number, oneHot: readonly (readonly number[])[], groups: number, shiftX: ArrayLike<number>, shiftY: number, opts: { readonly weighted?: boolean } = {}) {
    if (!Number.isInteger(p) || p < 1) invalidParameter('p', 'an integer ≥ 1', p);
    if (shiftX.length !== p) throw new LassoKitError('DIMENSION_MISMATCH', `shiftX has ${shiftX.length} values; expected ${p}`, { parameter: 'shiftX' });
    const owner = new Int32Array(p).fill(-1);
    oneHot.forEach((features, h) => {
      for (const j of features) {
        if (!(Number.isInteger(j) && j >= 0 && j < p) || owner[j] !== -1) invalidParameter(`oneHot[${h}]`, `distinct feature places in 0 … ${p - 1}`, j);
        owner[j] = h;
      }
    });
    this.p = p;
    this.groups = groups;
    this.weighted = opts.weighted === true;
    this.oneHot = oneHot.map((f) => [...f]);
    this.plain = Array.from({ length: p }, (_, j) => j).filter((j) => owner[j] === -1);
    this.q = this.plain.length;
    this.shiftX = Float64Array.from(shiftX);
    this.shiftY = shiftY;
    // The plain part (at least the target): StatsAccumulator needs one feature column, so with no
    // plain feature a zero column stands in (its sums are 0 and are not read).
    this.dense = new StatsAccumulator(Math.max(this.q, 1), groups, this.q > 0 ? this.plain.map((j) => this.shiftX[j]) : [0], shiftY, opts);
    this.count = Array.from({ length: groups }, () => new Float64Array(p));
    this.levelSums = Array.from({ length: groups }, () => new Float64Array(p * (this.q + 1)));
    this.pairs = Array.from({ length: groups }, () => this.oneHot.flatMap((a, i) => this.oneHot.slice(i + 1).map((b) => new Float64Array(a.length * b.length))));
  }

  /**
   * Adds m rows: `plain[k][i]` is the k-th plain column (in design order) of row i, `index[h][i]`
   * categorical column h's level position (1 … L_h, 0 for none), `y[i]` the target, `group[i]` the
   * row's group (absent: group 0), `weights[i]` its weight (weighted accumulators only). A negative
   * or fractional position, or one past L_h, is refused.
   */
  add(plain: readonly ArrayLike<number>[], index: readonly ArrayLike<number>[], y: ArrayLike<number>, m: number, group?: ArrayLike<number>, weights?: ArrayLike<number>): void {
    const { q, oneHot, plain: places, shiftX, shiftY } = this;
    if (plain.length !== q) throw new LassoKitError('DIMENSION_MISMATCH', `got ${plain.length} plain columns; expected ${q}`, { parameter: 'plain' });
    if (index.length !== oneHot.length) throw new LassoKitError('DIMENSION_MISMATCH', `got ${index.length} index columns; expected ${oneHot.length}`, { parameter: 'index' });
    // The plain part first: it checks the groups, the weights and the values.
    this.dense.add(q > 0 ? plain : [new Float64Array(m)], y, m, group, weights);
    const h = oneHot.length;
    const at = new Int32Array(h);
    const width = q + 1;
    for (let i = 0; i < m; i++) {
      const g = group === undefined ? 0 : group[i];
      const w = weights === undefined ? 1 : weights[i];
      const count = this.count[g];
      const sums = this.levelSums[g];
      for (let a = 0; a < h; a++) {
        const level = index[a][i];
        if (!(Number.isInteger(level) && level >= 0 && level <= oneHot[a].length)) invalidParameter(`index[${a}][${i}]`, `a level position in 0 … ${oneHot[a].length}`, level);
        at[a] = level;
        if (level === 0) continue;
        const f = oneHot[a][level - 1];
        count[f] += w;
        const row = f * width;
        for (let k = 0; k < q; k++) sums[row + k] += w * (plain[k][i] - shiftX[places[k]]);
        sums[row + q] += w * (y[i] - shiftY);
      }
      let pair = 0;
      for (let a = 0; a < h; a++) {
        for (let b = a + 1; b < h; b++, pair++) {
          if (at[a] > 0 && at[b] > 0) this.pairs[g][pair][(at[a] - 1) * oneHot[b].length + at[b] - 1] += w;
        }
      }
    }
  }

  /** The shifted sums of every group over all p features (the accumulator cannot be added to afterwards). */
  sums(): ShiftedSums[] {
    const { p, q, plain, oneHot, shiftX } = this;
    const width = q + 1;
    return this.dense.sums().map((d, g) => {
      const W = d.sumW;
      const count = this.count[g];
      const level = this.levelSums[g];
      const sumX = new Float64Array(p);
      const sumXY = new Float64Array(p);
      const sumXX = new Float64Array(p * p);
      const put = (j: number, k: number, v: number) => (sumXX[j < k ? j * p + k : k * p + j] = v);
      // Two indicators' shifted product sum from N_fe, the weight of the rows with both levels.
      const both = (f: number, e: number, N: number) => N - shiftX[f] * count[e] - shiftX[e] * count[f] + shiftX[f] * shiftX[e] * W;
      // Plain against plain, and against y.
      plain.forEach((j, a) => {
        sumX[j] = d.sumX[a];
        sumXY[j] = d.sumXY[a];
        for (let b = a; b < q; b++) put(j, plain[b], d.sumXX[a * q + b]);
      });
      const indicators = oneHot.flat();
      for (const f of indicators) {
        const c = shiftX[f];
        sumX[f] = count[f] - c * W;
        sumXY[f] = level[f * width + q] - c * d.sumY;
        plain.forEach((j, a) => put(f, j, level[f * width + a] - c * d.sumX[a]));
      }
      // Indicators against indicators: within a column (exclusive levels), then across columns.
      for (const features of oneHot) {
        for (const f of features) {
          for (const e of features) if (e >= f) put(f, e, both(f, e, e === f ? count[f] : 0));
        }
      }
      let pair = 0;
      oneHot.forEach((A, a) => {
        for (let b = a + 1; b < oneHot.length; b++, pair++) {
          const B = oneHot[b];
          const N = this.pairs[g][pair];
          A.forEach((f, s) => B.forEach((e, t) => put(f, e, both(f, e, N[s * B.length + t]))));
        }
      });
      return { n: d.n, p, sumW: W, shiftX: this.shiftX, shiftY: d.shiftY, sumX, sumY: d.sumY, sumXX, sumXY, sumYY: d.sumYY };
    });
  }
}
