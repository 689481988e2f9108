import { cscRows, type CscMatrix } from '../matrix/CscMatrix.js';
import { dot } from '../math/dot.js';
import { MAX_DENSIFIED_CELLS } from '../matrix/toDenseMatrix.js';
import type { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { correctedSolve, refitOf, unionFactor } from './gramRefits.js';

/** Most multiply-adds (d²·n) the dense columns' part of the Gram may take (~1 s here). */
export const MAX_DENSE_WORK = 2 ** 30;

/**
 * {@link GramRefits} for a sparse (CSC) design: weighted least squares on many supports of one tall
 * design (n ≥ 2·u, u the union of the supports) without making the union n × u dense. Each
 * support is solved from its block of the union's centred weighted Gram by Cholesky (one factor
 * kept from support to support, see `unionFactor`) and corrected once or twice from the residual
 * (the corrected semi-normal equations); a support whose pivot falls or whose last correction has
 * not settled gets null (the caller solves it by `ols`). `release` gives the factor's memory back.
 *
 * A column is centred implicitly, x̃ = x − m (m its weighted mean), where its nonzeros weigh at
 * most half the rows: its products come from the nonzeros and the mean — Σ w·x̃_a·x̃_b =
 * Σ w·x_a·x_b − W·m_a·m_b, Σ w·x̃_a·r = Σ_nonzeros w·x_a·r − m_a·Σ w·r — and then |m| ≤ its
 * standard deviation (with a share q ≤ ½ of the weight on values v, m² = q²·E[v]² and the variance
 * q·E[v²] − m² ≥ q·(1 − q)·E[v]²), so nothing cancels. A column whose nonzeros weigh more (a
 * numeric column in a design sparse for its one-hot ones) is kept centred and dense, as GramRefits
 * keeps every column: centred implicitly, one of mean 1e4 and spread 3e-3 left its refit 2e-11
 * from ols's. Unweighted, its n doubles are at most 4/3 the bytes of its more than n/2 nonzeros;
 * weights can put half the weight on a few rows, so the dense columns are bounded apart, as
 * densifying is (MAX_DENSIFIED_CELLS), and so is their part of the Gram ({@link MAX_DENSE_WORK});
 * past either, columns are centred implicitly, to the digits the corrections and the settling
 * test allow.
 *
 * The refits of a tall sparse design had made the union's columns dense (n × u doubles), refused
 * past 20M cells: 100,000 rows could refit supports of at most 200 columns.
 *
 * Cost: O(Σ_i r_i² + d·(nonzeros + d·n)) once (r_i the union's sparse columns' nonzeros in row i,
 * d its dense columns) and u² doubles; per support O(s² + n + the support's nonzeros) and O(s²) per
 * column that entered or left since the last.
 */
export class SparseGramRefits {
  private readonly n: number;
  private readonly X: CscMatrix;
  private readonly w: Float64Array | undefined;
  private readonly position = new Map<number, number>();
  private readonly means: Float64Array;
  /** Where union column a is kept dense: its centred values at dense[slot[a]·n …]; −1 where it is centred implicitly. */
  private readonly slot: Int32Array;
  private readonly dense: Float64Array;
  private readonly yc: Float64Array;
  private readonly yMean: number;
  /** The centred weighted Gram of the union (u × u, row-major) and its products with y. */
  private readonly gram: Float64Array;
  private readonly xty: Float64Array;
  /** How many of the union's columns are kept centred and dense (see the class). */
  readonly denseColumns: number;
  /** X's column at each union position, and the factor kept from support to support (see `unionFactor`). */
  private readonly union: readonly number[];
  private readonly factor: UpdatableCholesky;

  constructor(X: CscMatrix, y: Float64Array, weights: Float64Array | undefined, fitIntercept: boolean, union: readonly number[]) {
    const n = X.rows;
    const u = union.length;
    this.n = n;
    this.X = X;
    this.w = weights;
    const weight = (i: number) => (weights === undefined ? 1 : weights[i]);
    let total = 0;
    for (let i = 0; i < n; i++) total += weight(i);
    // Weighted means, taken twice where centring is explicit (a mean of 1e4 is off by half its ulp
    // after one pass, as GramRefits says).
    const centre = (v: Float64Array): number => {
      if (!fitIntercept) return 0;
      let m = 0;
      for (let pass = 0; pass < 2; pass++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += weight(i) * v[i];
        m += s / total;
        for (let i = 0; i < n; i++) v[i] -= s / total;
      }
      return m;
    };
    this.yc = Float64Array.from(y);
    this.yMean = centre(this.yc);
    let sumWyc = 0;
    for (let i = 0; i < n; i++) sumWyc += weight(i) * this.yc[i];

    this.means = new Float64Array(u);
    this.slot = new Int32Array(u).fill(-1);
    const heldDense: number[] = [];
    union.forEach((j, a) => {
      this.position.set(j, a);
      let share = 0;
      let s = 0;
      for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) {
        share += weight(X.rowIdx[t]);
        s += weight(X.rowIdx[t]) * X.values[t];
      }
      this.means[a] = fitIntercept ? s / total : 0;
      const held = heldDense.length + 1;
      if (fitIntercept && share > total / 2 && held * n <= MAX_DENSIFIED_CELLS && held * held * n <= MAX_DENSE_WORK) {
        this.slot[a] = heldDense.length;
        heldDense.push(a);
      }
    });
    const d = heldDense.length;
    this.denseColumns = d;
    this.dense = new Float64Array(n * d);
    heldDense.forEach((a, k) => {
      const col = this.dense.subarray(k * n, (k + 1) * n);
      const j = union[a];
      for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) col[X.rowIdx[t]] = X.values[t];
      this.means[a] = centre(col);
    });

    // Products with y: Σ w·x̃_a·yc.
    this.xty = new Float64Array(u);
    const wy = Float64Array.from(this.yc, (v, i) => weight(i) * v);
    for (let a = 0; a < u; a++) this.xty[a] = this.timesCentred(a, union[a], wy, sumWyc);

    // The Gram: the implicit columns' Σ w·x_a·x_b row by row over their nonzeros, less W·m_a·m_b;
    // each dense column's products with every column as with y above.
    const g = new Float64Array(u * u);
    this.gram = g;
    // The implicit columns' nonzeros by row, as union positions and values: within a row the
    // positions ascend (the union is in order), so pairs (a ≤ b) fill the upper triangle.
    const implicit = Array.from(union.keys()).filter((a) => this.slot[a] < 0);
    const rows = cscRows(X, implicit.map((a) => union[a]));
    const rowStart = rows.start;
    const at = new Int32Array(rows.col.length);
    const val = new Float64Array(rows.col.length);
    for (let s = 0; s < at.length; s++) {
      at[s] = implicit[rows.col[s]];
      val[s] = X.values[rows.at[s]];
    }
    for (let i = 0; i < n; i++) {
      const wi = weight(i);
      for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
        const wa = wi * val[s];
        const ra = at[s] * u;
        for (let t = s; t < rowStart[i + 1]; t++) g[ra + at[t]] += wa * val[t];
      }
    }
    for (let a = 0; a < u; a++) {
      if (this.slot[a] >= 0) continue;
      for (let b = a; b < u; b++) if (this.slot[b] < 0) g[a * u + b] -= total * this.means[a] * this.means[b];
    }
    const wx = new Float64Array(n);
    heldDense.forEach((a, k) => {
      for (let i = 0; i < n; i++) wx[i] = weight(i) * this.dense[k * n + i];
      let sumWx = 0;
      for (let i = 0; i < n; i++) sumWx += wx[i];
      for (let b = 0; b < u; b++) {
        const v = this.timesCentred(b, union[b], wx, sumWx);
        g[Math.min(a, b) * u + Math.max(a, b)] = v;
      }
    });
    for (let a = 0; a < u; a++) for (let b = a + 1; b < u; b++) g[b * u + a] = g[a * u + b];
    this.union = union.slice();
    this.factor = unionFactor(g, u);
  }

  /** The factor's memory back to the pool; nothing may `solve` after it. */
  release(): void {
    this.factor.release();
  }

  /** Σ_i x̃_a,i·v_i for union column a (X's column j) and a vector v whose sum is `sumV`. */
  private timesCentred(a: number, j: number, v: Float64Array, sumV: number): number {
    const k = this.slot[a];
    if (k >= 0) return dot(this.dense, k * this.n, v, 0, this.n);
    const { X } = this;
    let s = -this.means[a] * sumV;
    for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) s += X.values[t] * v[X.rowIdx[t]];
    return s;
  }

  /** The least-squares coefficients on `support` (p long, zeros off it) and intercept, or null (see GramRefits). */
  solve(support: readonly number[], p: number): { coef: Float64Array; intercept: number } | null {
    const { X, n } = this;
    const at = support.map((j) => this.position.get(j) as number);
    const r = new Float64Array(n);
    const beta = correctedSolve(this.factor, this.xty, at, (list, b, g) => {
      // r = W·(yc − X̃_S·β + c), then g = X̃_Sᵀ·r, each column by its nonzeros and mean, or dense:
      // the implicit columns' means are left out of r (c = Σ β_a·m_a over them), a constant that
      // the centred products do not see (Σ w·x̃_a·c = 0) once their mean's term takes Σ r.
      // `list` holds the support's union positions in the factor's order.
      r.set(this.yc);
      for (let a = 0; a < list.length; a++) {
        const k = this.slot[list[a]];
        if (k >= 0) {
          for (let i = 0; i < n; i++) r[i] -= b[a] * this.dense[k * n + i];
          continue;
        }
        const j = this.union[list[a]];
        for (let t = X.colPtr[j]; t < X.colPtr[j + 1]; t++) r[X.rowIdx[t]] -= b[a] * X.values[t];
      }
      if (this.w !== undefined) for (let i = 0; i < n; i++) r[i] *= this.w[i];
      let sumR = 0;
      for (let i = 0; i < n; i++) sumR += r[i];
      for (let a = 0; a < list.length; a++) g[a] = this.timesCentred(list[a], this.union[list[a]], r, sumR);
    });
    return beta === null ? null : refitOf(support, at, beta, this.means, this.yMean, p);
  }
}
