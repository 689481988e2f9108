import type { DenseMatrix } from '../matrix/DenseMatrix.js';
import { reflect } from '../ols/householderQR.js';

const EPS = 2.220446049250313e-16;

/**
 * Weighted least squares on the supports of a path, in path order, by one Householder QR that
 * grows with them: the columns of a support that the factorization already holds as a prefix are
 * kept (a QR's first j columns depend only on the first j), the rest appended — O(n·s) per new
 * column instead of O(n·s²) per support. For the relaxed Lasso's refits where the design is not
 * tall enough for {@link GramRefits} (p > n: supports near n columns, one after another).
 *
 * The design is prepared as `ols` prepares it: rows scaled by √w (weights summing to 1), columns
 * centred (twice: each less its component along √w) when there is an intercept. A support is
 * solved by back substitution where R is certainly of full rank under ols's rcond rule —
 * ‖R‖_F·‖R⁻¹‖_F (both kept up to date column by column) below 1/(100·rcond) — else null, and the
 * caller solves it by `ols` (which decides the rank by the SVD, minimum norm).
 *
 * Cost: O(n·u) to prepare (u the union of the supports); per new column O(n·k + k²).
 */
export class SupportQR {
  private readonly n: number;
  /** Prepared columns of the union (n each), by position in `position`. */
  private readonly A: Float64Array;
  private readonly b: Float64Array;
  private readonly sw: Float64Array;
  private readonly position = new Map<number, number>();
  private readonly means: Float64Array;
  private readonly yMean: number;
  /** The features of the factorization, in its column order. */
  private cols: number[] = [];
  /** Householder vectors (n each; zero above their row) and R's columns (j + 1 entries each). */
  private readonly reflectors: Float64Array[] = [];
  private readonly rCols: Float64Array[] = [];
  /** The squared Frobenius norms of R and R⁻¹ by prefix length (R⁻¹'s leading block is the prefix's inverse). */
  private readonly normR: number[] = [0];
  private readonly normInv: number[] = [0];

  constructor(X: DenseMatrix, y: Float64Array, weights: Float64Array | undefined, fitIntercept: boolean, union: readonly number[]) {
    const n = X.rows;
    this.n = n;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights === undefined ? 1 : weights[i];
    const w = Float64Array.from({ length: n }, (_, i) => (weights === undefined ? 1 : weights[i]) / total);
    this.sw = w.map(Math.sqrt);
    const prepare = (source: Float64Array, off: number, target: Float64Array, at: number): number => {
      let mean = 0;
      if (fitIntercept) for (let i = 0; i < n; i++) mean += w[i] * source[off + i];
      for (let i = 0; i < n; i++) target[at + i] = this.sw[i] * (source[off + i] - mean);
      if (!fitIntercept) return 0;
      // Once more: less the component along √w (a unit vector), which the intercept fits.
      let along = 0;
      for (let i = 0; i < n; i++) along += this.sw[i] * target[at + i];
      for (let i = 0; i < n; i++) target[at + i] -= along * this.sw[i];
      return mean + along;
    };
    this.b = new Float64Array(n);
    this.yMean = prepare(y, 0, this.b, 0);
    this.A = new Float64Array(n * union.length);
    this.means = new Float64Array(union.length);
    union.forEach((j, k) => {
      this.position.set(j, k);
      this.means[k] = prepare(X.data, j * n, this.A, k * n);
    });
  }

  /** The least-squares coefficients on `support` (p long, zeros off it) and intercept, or null (see the class). */
  solve(support: readonly number[], p: number): { coef: Float64Array; intercept: number } | null {
    const s = support.length;
    if (s >= this.n) return null;
    const inSupport = new Set(support);
    let keep = 0;
    while (keep < this.cols.length && inSupport.has(this.cols[keep])) keep++;
    this.truncate(keep);
    const held = new Set(this.cols);
    for (const j of support) {
      if (held.has(j)) continue;
      if (!this.append(j)) {
        this.truncate(0);
        return null;
      }
    }
    const rcond = EPS * Math.max(this.n, s); // ols's default for an n × s design
    if (!(Math.sqrt(this.normR[s] * this.normInv[s]) * rcond * 100 <= 1)) return null;
    // β in factorization order: R·β = (Qᵀb)[:s], by back substitution.
    const qtb = Float64Array.from(this.b);
    for (let k = 0; k < s; k++) reflect(this.reflectors[k], 0, qtb, 0, k, this.n);
    const beta = new Float64Array(s);
    for (let i = s - 1; i >= 0; i--) {
      let t = qtb[i];
      for (let k = i + 1; k < s; k++) t -= this.rCols[k][i] * beta[k];
      beta[i] = t / this.rCols[i][i];
    }
    const coef = new Float64Array(p);
    let intercept = this.yMean;
    this.cols.forEach((j, k) => {
      coef[j] = beta[k];
      intercept -= this.means[this.position.get(j) as number] * beta[k];
    });
    return { coef, intercept };
  }

  /** Keeps the first `k` columns of the factorization. */
  private truncate(k: number): void {
    this.cols.length = k;
    this.reflectors.length = k;
    this.rCols.length = k;
    this.normR.length = k + 1;
    this.normInv.length = k + 1;
  }

  /** Appends feature j's column; false where it has nothing left beyond the columns before it. */
  private append(j: number): boolean {
    const n = this.n;
    const k = this.cols.length;
    const at = (this.position.get(j) as number) * n;
    const a = this.A.slice(at, at + n);
    for (let t = 0; t < k; t++) reflect(this.reflectors[t], 0, a, 0, t, n);
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return false;
    const alpha = a[k] > 0 ? -norm : norm;
    const v = new Float64Array(n);
    v[k] = a[k] - alpha;
    for (let i = k + 1; i < n; i++) v[i] = a[i];
    let vnorm = 0;
    for (let i = k; i < n; i++) vnorm += v[i] * v[i];
    vnorm = Math.sqrt(vnorm);
    for (let i = k; i < n; i++) v[i] /= vnorm;
    const r = new Float64Array(k + 1);
    for (let i = 0; i < k; i++) r[i] = a[i];
    r[k] = alpha;
    // Column k of R⁻¹: x_k = 1/R_kk, x_i = −(Σ_{t = i+1..k} R_it·x_t)/R_ii.
    const x = new Float64Array(k + 1);
    x[k] = 1 / alpha;
    for (let i = k - 1; i >= 0; i--) {
      let t = r[i] * x[k];
      for (let c = i + 1; c < k; c++) t += this.rCols[c][i] * x[c];
      x[i] = -t / this.rCols[i][i];
    }
    let r2 = 0;
    let x2 = 0;
    for (let i = 0; i <= k; i++) {
      r2 += r[i] * r[i];
      x2 += x[i] * x[i];
    }
    this.cols.push(j);
    this.reflectors.push(v);
    this.rCols.push(r);
    this.normR.push(this.normR[k] + r2);
    this.normInv.push(this.normInv[k] + x2);
    return true;
  }
}
