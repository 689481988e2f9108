import { invalidParameter } from '../errors.js';
import type { CommonOptions } from '../prepare/options.js';
import { resolveCommon } from '../prepare/checkOptions.js';
import { prepareProblem, unscale } from '../prepare/prepareProblem.js';
import type { MatrixInput, VectorInput } from '../matrix/DenseMatrix.js';
import { toDenseMatrix } from '../matrix/toDenseMatrix.js';
import { toVector } from '../matrix/toVector.js';
import { applyQ, applyQt, householderQR } from './householderQR.js';
import { jacobiSVD } from './jacobiSVD.js';

const EPS = 2.220446049250313e-16;

export interface OlsOptions {
  readonly fitIntercept?: boolean;
  readonly weights?: VectorInput;
  /** Relative cutoff for small singular values (default ε·max(n, p), numpy `lstsq`'s). */
  readonly rcond?: number;
}

export interface OlsResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  /** Numerical rank of the (centred, weighted) design. */
  readonly rank: number;
  /** Singular values of the (centred, weighted) design, decreasing. */
  readonly singularValues: Float64Array;
}

/**
 * Ordinary (weighted) least squares, the comparison model:
 *
 *     minimize over (b0, β):  Σ_i w_i (y_i − b0 − x_iᵀβ)²
 *
 * The centred (twice: see centreAgain), √w-scaled design is reduced by Householder QR (of X
 * when n ≥ p, of Xᵀ when n < p) and the triangular factor by one-sided Jacobi SVD. Singular
 * values below rcond·σ_max count as zero, which gives the minimum-norm solution on rank-deficient
 * designs (e.g. every one-hot level plus an intercept), as scikit-learn's `LinearRegression` and
 * `numpy.linalg.lstsq` do — with the rank reported, never NaN.
 *
 * Cost: O(n·p·min(n, p)) plus O(min(n, p)³) per Jacobi sweep.
 *
 * @example
 * ols([[1], [2], [3]], [2, 4, 6]).coef; // Float64Array [2]
 */
export function ols(X: MatrixInput, y: VectorInput, opts: OlsOptions = {}): OlsResult {
  return leastSquares(X, y, opts, true) as OlsResult;
}

/**
 * {@link ols}'s coefficients and intercept without its singular values, for callers that need only
 * the solution (the relaxed Lasso's refits): where R is certainly of full rank under rcond (see
 * {@link certainlyFullRank}) the solution is R⁻¹·Qᵀb (R⁻ᵀ for a wide design's minimum-norm one)
 * and the Jacobi SVD — nine tenths of the time on 180 × 170 — is skipped; the rank, being
 * full, is the same, and the unique solution equal to rounding. Otherwise ols itself.
 *
 * Cost: O(n·p·min(n, p)) plus O(min(n, p)³/6) when full rank is certain.
 */
export function olsSolution(X: MatrixInput, y: VectorInput, opts: OlsOptions = {}): { coef: Float64Array; intercept: number } {
  return leastSquares(X, y, opts, false);
}

function leastSquares(X: MatrixInput, y: VectorInput, opts: OlsOptions, values: boolean): OlsResult | { coef: Float64Array; intercept: number } {
  const common = resolveCommon({ fitIntercept: opts.fitIntercept, standardize: false } satisfies CommonOptions);
  const Xd = toDenseMatrix(X);
  const yv = toVector(y, Xd.rows, 'y');
  const { rows: n, cols: p } = Xd;
  const rcond = opts.rcond ?? EPS * Math.max(n, p);
  if (typeof rcond !== 'number' || !(rcond >= 0 && rcond < 1)) invalidParameter('rcond', 'in [0, 1)', rcond);
  const prepared = prepareProblem(Xd, yv, common, opts.weights, undefined, 0);
  const { X: A, y: b } = prepared.kernel;
  const shifts = common.fitIntercept ? centreAgain(A, b, prepared.weights, n, p) : null;

  const tall = n >= p;
  const m = tall ? n : p;
  const k = tall ? p : n;
  const M = tall ? A : transpose(A, n, p);
  const qr = householderQR(M, m, k);
  const finish = (kernelBeta: Float64Array) => {
    const coef = new Float64Array(p);
    let intercept = unscale(prepared, kernelBeta, coef);
    if (shifts !== null) {
      intercept += shifts.y;
      for (let j = 0; j < p; j++) intercept -= shifts.x[j] * coef[j];
    }
    return { coef, intercept };
  };
  const fullRank = !values && certainlyFullRank(qr.R, k, rcond);
  if (fullRank) {
    // Triangular solves with R (column-major: R_ij at i + j·k, i ≤ j), backward stable.
    const kernelBeta = new Float64Array(p);
    if (tall) {
      // β = R⁻¹·(Qᵀb)[:k], by back substitution.
      const qtb = Float64Array.from(b);
      applyQt(qr, qtb);
      for (let i = k - 1; i >= 0; i--) {
        let s = qtb[i];
        for (let j = i + 1; j < k; j++) s -= qr.R[i + j * k] * kernelBeta[j];
        kernelBeta[i] = s / qr.R[i + i * k];
      }
    } else {
      // A = Rᵀ·Qᵀ (first k columns of Q) ⇒ the minimum-norm β = Q·[R⁻ᵀ·b; 0], Rᵀ·z = b forward.
      const full = new Float64Array(m);
      for (let j = 0; j < k; j++) {
        let s = b[j];
        for (let i = 0; i < j; i++) s -= qr.R[i + j * k] * full[i];
        full[j] = s / qr.R[j + j * k];
      }
      applyQ(qr, full);
      kernelBeta.set(full);
    }
    return finish(kernelBeta);
  }
  const { W, V, sigma } = jacobiSVD(qr.R, k);
  const cutoff = rcond * sigma.reduce((m, v) => Math.max(m, v), 0);
  let rank = 0;
  const invSq = sigma.map((s) => (s > cutoff && s > 0 ? (rank++, 1 / (s * s)) : 0));

  const kernelBeta = new Float64Array(p);
  if (tall) {
    // A = Q·W·Vᵀ (W = U·Σ) ⇒ β = V·Σ⁻²·Wᵀ·(Qᵀb)[:k]
    const qtb = Float64Array.from(b);
    applyQt(qr, qtb);
    const t = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += W[i * k + r] * qtb[r];
      t[i] = s * invSq[i];
    }
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += V[i * k + j] * t[i];
      kernelBeta[j] = s;
    }
  } else {
    // Aᵀ = Q·W·Vᵀ ⇒ A = V·Wᵀ·Qᵀ ⇒ β = Q·[W·Σ⁻²·Vᵀ·b; 0]
    const t = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += V[i * k + r] * b[r];
      t[i] = s * invSq[i];
    }
    const full = new Float64Array(m);
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += W[i * k + r] * t[i];
      full[r] = s;
    }
    applyQ(qr, full);
    kernelBeta.set(full);
  }
  const singularValues = Float64Array.from(sigma).sort().reverse();
  return { ...finish(kernelBeta), rank, singularValues };
}

/**
 * Whether R (k × k upper triangular, column-major) is certainly of full rank under ols's rcond
 * rule: κ₂(R) ≤ ‖R‖_F·‖R⁻¹‖_F is below 1 / (100·rcond), so every singular value is above the
 * cutoff with room. Otherwise the SVD decides the rank.
 *
 * Cost: O(k³/6).
 */
function certainlyFullRank(R: Float64Array, k: number, rcond: number): boolean {
  const inv = new Float64Array(k * k);
  let normR = 0;
  let normInv = 0;
  for (let j = 0; j < k; j++) {
    for (let i = 0; i <= j; i++) normR += R[i + j * k] ** 2;
    if (!(R[j + j * k] !== 0)) return false;
  }
  // Column j of R⁻¹ solves R·x = e_j: back substitution over rows j … 0.
  for (let j = 0; j < k; j++) {
    const col = j * k;
    for (let i = j; i >= 0; i--) {
      let s = i === j ? 1 : 0;
      for (let t = i + 1; t <= j; t++) s -= R[i + t * k] * inv[t + col];
      const v = s / R[i + i * k];
      inv[i + col] = v;
      normInv += v * v;
    }
  }
  return Math.sqrt(normR * normInv) * rcond * 100 <= 1;
}

/**
 * Centres the √w-scaled, centred columns of A (and b) once more: each less its component along
 * u = √w (a unit vector, the weights summing to 1), which the intercept fits. A mean of 1e4 is
 * itself off by up to half its ulp (~1e-12), so every column centred by it keeps that much of u;
 * where n ≤ p + 1 those components made a direction the exact centred design does not have (its
 * rank is at most n − 1), with a singular value ~1e-13 of the largest — above rcond — and the
 * minimum-norm solution along it was rounding: an awkward 14 × 20 design's coefficients came out
 * 0.87 (scikit-learn's 1.6) of their size from the exact ones, with the same fitted values. After
 * this pass the columns are orthogonal to u to rounding of their spread, not of their mean.
 * Returns the means' corrections (the column's and y's), which the intercept takes back.
 *
 * Cost: O(n·p).
 */
function centreAgain(A: Float64Array, b: Float64Array, weights: Float64Array, n: number, p: number): { x: Float64Array; y: number } {
  const u = weights.map(Math.sqrt);
  const along = (v: Float64Array, off: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[i] * v[off + i];
    for (let i = 0; i < n; i++) v[off + i] -= s * u[i];
    return s;
  };
  // A_ij = u_i·(x_ij − m_j), so a component s along u is a mean m_j + s.
  const x = new Float64Array(p);
  for (let j = 0; j < p; j++) x[j] = along(A, j * n);
  return { x, y: along(b, 0) };
}

function transpose(A: Float64Array, n: number, p: number): Float64Array {
  const T = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) T[i * p + j] = A[j * n + i];
  return T;
}
