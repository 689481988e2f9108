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
  const coef = new Float64Array(p);
  let intercept = unscale(prepared, kernelBeta, coef);
  if (shifts !== null) {
    intercept += shifts.y;
    for (let j = 0; j < p; j++) intercept -= shifts.x[j] * coef[j];
  }
  const singularValues = Float64Array.from(sigma).sort().reverse();
  return { coef, intercept, rank, singularValues };
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
