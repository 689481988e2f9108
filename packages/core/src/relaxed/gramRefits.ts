import type { DenseMatrix } from '../matrix/DenseMatrix.js';
import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { PAD, Workspace } from '../wasm/Workspace.js';

/**
 * A pivot at or below this share of its column's squared norm means the column is nearly in the
 * span of the ones before it (κ² beyond ~1e10): left to `ols`, whose QR and SVD decide its rank.
 */
const MIN_PIVOT = 1e-10;
/**
 * The last correction must be this small against β for the solution to be taken: each pass
 * multiplies the error by ~κ²·ε, so a step this small means the solution before it had converged;
 * one that is not (two close columns, κ ~ 1e4 with a large residual: 1.5e-8 then 3.4e-9) goes to
 * ols.
 */
const SETTLED = 1e-10;

/**
 * Weighted least squares on many supports of one tall design (n ≥ 2·|union of the supports|), for
 * the relaxed Lasso's refits: the centred weighted Gram of the supports' union is formed once, and
 * each support is solved from its block by Cholesky — one factor brought from support to support
 * along the path ({@link unionFactor}) — then corrected from the residual (once or twice): the
 * corrected semi-normal equations (Björck 1987), whose error is that of QR (~κ·ε) while κ²·ε < 1.
 * A support whose pivot falls (nearly dependent columns) or whose last correction has not settled
 * gets null, and the caller solves it by `ols` (QR, minimum norm). The refits of a path with 23
 * distinct supports on 20,000 × 50 went from 1.3 s (a QR and SVD each) to ~0.1 s.
 *
 * The centred columns, ỹ and the residual live in a SIMD workspace, whose kernels make the Gram
 * (four columns a sweep) and each support's products: as plain loops they were most of a relaxed
 * CV's time on tall data (README: "Measurements behind the constants"). `release` gives that
 * memory back.
 *
 * Cost: O(n·u²) once (u the union's size); per support O(n·s + s²) and O(s²) per column that
 * entered or left since the last (O(s³/3) on the factor's occasional rebuild).
 */
export class GramRefits {
  private readonly n: number;
  private readonly ws: Workspace;
  /** Column j of the union, centred (weighted mean), at centred[k·n …] for k = position of j. */
  private readonly centred: Float64Array;
  private readonly yc: Float64Array;
  /** A support's residual (n), and its positions in the union (the kernels' column list, u). */
  private readonly r: Float64Array;
  private readonly cols: Int32Array;
  /** The products X_Sᵀ·W·r of a support (u; the kernels write them here), and its β for the residual's kernel (u). */
  private readonly products: Float64Array;
  private readonly coefs: Float64Array;
  private readonly w: Float64Array | undefined;
  private readonly position = new Map<number, number>();
  private readonly means: Float64Array;
  private readonly yMean: number;
  /** The centred weighted Gram of the union (u × u, row-major) and its products with y. */
  private readonly gram: Float64Array;
  private readonly xty: Float64Array;
  /** The Cholesky factor of the current support's block, kept from support to support (see {@link unionFactor}). */
  private readonly factor: UpdatableCholesky;

  constructor(X: DenseMatrix, y: Float64Array, weights: Float64Array | undefined, fitIntercept: boolean, union: readonly number[]) {
    const n = X.rows;
    const u = union.length;
    this.n = n;
    this.w = weights;
    const ws = (this.ws = Workspace.create(n * (u + 4) + 3 * u + 8 * PAD));
    // A shift is an axpy of ones.
    const ones = ws.allocForOverwrite(n).fill(1);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights === undefined ? 1 : weights[i];
    // Summed in order, not by the SIMD dot: on nearly dependent columns the refits' agreement with
    // ols (1e-11) hangs on the means' last bits, and the dot's order came out just past it.
    const mean = (v: Float64Array, off: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (weights === undefined ? 1 : weights[i]) * v[off + i];
      return s / total;
    };
    // A column copied in, then centred in place, twice: a mean of 1e4 is off by half its ulp,
    // which the first pass leaves behind.
    const centre = (target: Float64Array, at: number) => {
      if (!fitIntercept) return 0;
      const m = mean(target, at);
      ws.axpy(-m, ones, 0, target, at, n);
      const again = mean(target, at);
      ws.axpy(-again, ones, 0, target, at, n);
      return m + again;
    };
    this.yc = ws.allocForOverwrite(n);
    this.yc.set(y);
    this.yMean = centre(this.yc, 0);
    this.centred = ws.allocForOverwrite(n * u);
    this.means = new Float64Array(u);
    union.forEach((j, k) => {
      this.position.set(j, k);
      this.centred.set(X.data.subarray(j * n, (j + 1) * n), k * n);
      this.means[k] = centre(this.centred, k * n);
    });
    this.r = ws.allocForOverwrite(n);
    this.cols = ws.allocInt(u);
    this.products = ws.allocForOverwrite(u);
    this.coefs = ws.allocForOverwrite(u);
    const row = this.products;
    this.gram = new Float64Array(u * u);
    this.xty = new Float64Array(u);
    // Row a of the Gram from a's column (weighted) against columns a … u − 1, four a sweep.
    const wx = weights === undefined ? null : ws.allocForOverwrite(n);
    for (let a = 0; a < u; a++) {
      const ca = a * n;
      if (wx !== null) for (let i = 0; i < n; i++) wx[i] = (weights as Float64Array)[i] * this.centred[ca + i];
      for (let b = a; b < u; b++) this.cols[b - a] = b;
      ws.gatherDots(this.centred, wx ?? this.centred, wx === null ? ca : 0, this.cols, u - a, row, n);
      for (let b = a; b < u; b++) {
        this.gram[a * u + b] = row[b - a];
        this.gram[b * u + a] = row[b - a];
      }
      this.xty[a] = ws.dot(wx ?? this.centred, wx === null ? ca : 0, this.yc, 0, n);
    }
    this.factor = unionFactor(this.gram, u);
  }

  /** The workspace's and the factor's memories back to the pools; nothing may `solve` after it. */
  release(): void {
    this.ws.release();
    this.factor.release();
  }

  /** The least-squares coefficients on `support` (p long, zeros off it) and intercept, or null (see the class). */
  solve(support: readonly number[], p: number): { coef: Float64Array; intercept: number } | null {
    const at = support.map((j) => this.position.get(j) as number);
    const { n, ws, r, cols, coefs, centred, yc, w } = this;
    const count = at.length;
    const beta = correctedSolve(this.factor, this.xty, at, (list, b, g) => {
      // r = yc − X_S·β (four columns a sweep over r; the same bits as an axpy each), g = X_Sᵀ·W·r
      // (the kernels' products written to the workspace, then copied).
      for (let a = 0; a < count; a++) {
        cols[a] = list[a];
        coefs[a] = b[a];
      }
      r.set(yc);
      ws.subtractRows(centred, n, cols, coefs, count, r);
      if (w !== undefined) for (let i = 0; i < n; i++) r[i] *= w[i];
      ws.gatherDots(centred, r, 0, cols, count, this.products, n);
      g.set(this.products.subarray(0, count));
    });
    return beta === null ? null : refitOf(support, at, beta, this.means, this.yMean, p);
  }
}

/**
 * The factor of a union's Gram (u × u, row-major) that {@link correctedSolve} keeps across the
 * supports of a path: brought from one support to the next by appending and removing rows (O(k²)
 * each; see `UpdatableCholesky`), where a fresh factor per support cost O(s³/3) — on a sparse
 * 20,000 × 2,000 design whose supports reach ~1,000 columns, minutes of a relaxed CV (README:
 * "Measurements behind the constants"). A pivot at or below MIN_PIVOT of its diagonal refuses the
 * support, as before.
 */
export function unionFactor(gram: Float64Array, u: number): UpdatableCholesky {
  return new UpdatableCholesky(
    (a, b) => gram[a * u + b],
    MIN_PIVOT,
    (list, j, out) => {
      for (let i = 0; i < list.length; i++) out[i] = gram[list[i] * u + j];
    },
  );
}

/**
 * The corrected semi-normal equations on one support (positions `at` in the union) from the
 * union's factor ({@link unionFactor}, brought to the support here) and Xᵀy: β from the factor,
 * then corrected by the same factor from `products(list, β, g)`, which writes g = X̃_Sᵀ·W·(ỹ −
 * X̃_S·β) for the support's positions in `list`'s order (the factor's) — once where that
 * correction is already below SETTLED, else twice. Null where a pivot falls (nearly dependent
 * columns) or the last correction has not settled (see the class). β is returned in `at`'s order.
 * Shared by GramRefits and SparseGramRefits, which differ in how they take those products.
 */
export function correctedSolve(factor: UpdatableCholesky, xty: Float64Array, at: readonly number[], products: (list: readonly number[], beta: Float64Array, g: Float64Array) => void): Float64Array | null {
  if (!factor.setTo(at)) return null;
  const list = factor.order.slice();
  const s = list.length;
  const rhs = new Float64Array(s);
  for (let a = 0; a < s; a++) rhs[a] = xty[list[a]];
  const beta = Float64Array.from(factor.solve(rhs));
  const g = new Float64Array(s);
  let step = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    products(list, beta, g);
    const delta = factor.solve(g);
    step = 0;
    let size = 0;
    for (let a = 0; a < s; a++) {
      beta[a] += delta[a];
      step = Math.max(step, Math.abs(delta[a]));
      size = Math.max(size, Math.abs(beta[a]));
    }
    step /= size > 0 ? size : 1;
    // A first correction this small means the Cholesky solution was within ~SETTLED of the
    // least-squares one; what the correction leaves is ~κ²·ε of that (κ² < 1/MIN_PIVOT), so a
    // second would change β by rounding only, at the cost of two more products with X_S (each
    // n·|S|: on tall data most of a relaxed CV's time).
    if (step <= SETTLED) break;
  }
  if (!(step <= SETTLED)) return null;
  const index = new Map<number, number>();
  list.forEach((position, a) => index.set(position, a));
  return Float64Array.from(at, (position) => beta[index.get(position) as number]);
}

/** A support's refit on the original scale: β at its columns (p long, zeros elsewhere) and the intercept ȳ − Σ m·β. */
export function refitOf(support: readonly number[], at: readonly number[], beta: Float64Array, means: Float64Array, yMean: number, p: number): { coef: Float64Array; intercept: number } {
  const coef = new Float64Array(p);
  let intercept = yMean;
  support.forEach((j, a) => {
    coef[j] = beta[a];
    intercept -= means[at[a]] * beta[a];
  });
  return { coef, intercept };
}
