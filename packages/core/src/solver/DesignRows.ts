import { projectOffSpan, spanReflectors } from '../math/projectOffColumns.js';
import type { CscMatrix } from '../matrix/CscMatrix.js';
import type { Workspace } from '../wasm/Workspace.js';
import { sameList } from './AndersonHistory.js';
import type { DualPoint } from './CdProblem.js';

/**
 * The kernel's design X̃ and ỹ by their rows, whatever form a problem keeps them in: what the
 * projection of a dual point off the unpenalized columns needs where X_UᵀX_U cannot resolve them
 * (see `CdProblem.projectOnRows`).
 */
export interface DesignRows {
  readonly n: number;
  /** ỹ. */
  readonly y: Float64Array;
  /** The columns U dense (column-major, n rows) and where each lies in it: X itself and U where X is dense. */
  columns(U: readonly number[]): { X: Float64Array; cols: readonly number[] };
  /** out = X̃ᵀv (0 on excluded columns). */
  gradient(v: Float64Array, out: Float64Array): void;
  /** out = ỹ − X̃β. */
  residual(beta: Float64Array, out: Float64Array): void;
}

/**
 * The most doubles U's reflectors (and a sparse design's columns made dense) may take: n·|U| ≤ 2^22
 * (32 MB each); and the most multiply-adds their QR may cost, n·|U|·min(n, |U|) ≤ 2^30 (measured
 * once per U at the bound: 1.0 s at 1,024 × 1,024, 1.5 s at 4,096 × 512; unbounded, 2,048 × 2,048
 * took 8.9 s and 10,000 × 419 2.7 s). Beyond, the
 * problem has no rows for U, and the Gram-based projection's rounding test decides alone.
 */
const MAX_ROWS_DOUBLES = 2 ** 22;
const MAX_ROWS_WORK = 2 ** 30;

/**
 * Dual points projected off the unpenalized columns U on the design's rows (see `projectOffColumns`),
 * and U's rank there — the question a Gram cannot answer for columns whose sines to one another
 * its rounding hides — kept for the last U asked (X does not change; U rarely does).
 */
export class RowsProjection {
  private lastU: number[] = [];
  /** The last U's columns (see `DesignRows.columns`) and their reflectors (see `spanReflectors`); null where not made. */
  private span: { made: { X: Float64Array; cols: readonly number[] }; reflectors: Float64Array[] } | null = null;
  /** θ₀ of `point`, one buffer kept across calls (it does not leave the call). */
  private projected: Float64Array | undefined;

  constructor(readonly rows: DesignRows) {}

  /** U's rank on the rows; null beyond MAX_ROWS_DOUBLES or MAX_ROWS_WORK. O(n·|U|²) once per U. */
  rank(U: readonly number[]): number | null {
    return this.spanOf(U)?.reflectors.length ?? null;
  }

  private spanOf(U: readonly number[]) {
    if (this.lastU.length > 0 && sameList(U, this.lastU)) return this.span;
    const { n } = this.rows;
    const u = U.length;
    this.lastU = U.slice();
    if (n * u > MAX_ROWS_DOUBLES || n * u * Math.min(n, u) > MAX_ROWS_WORK) return (this.span = null);
    const made = this.rows.columns(U);
    this.span = { made, reflectors: spanReflectors(made.X, n, made.cols) };
    return this.span;
  }

  /**
   * θ₀ = θ − P_U·θ as a dual point: X̃ᵀθ₀ into `grad`, ‖θ₀‖² and ỹᵀθ₀ — and ‖θ‖² as the primal's
   * ‖r‖² where θ is the residual (`isResidual`). Null beyond the limits (see `rank`).
   *
   * Cost: O(n·|U|) with U's reflectors made (O(n·|U|²) once per U), and one X̃ᵀv.
   */
  point(U: readonly number[], theta: ArrayLike<number>, isResidual: boolean, grad: Float64Array): DualPoint | null {
    const { rows } = this;
    const span = this.spanOf(U);
    if (span === null) return null;
    const { made } = span;
    const { n, y } = rows;
    const projected = (this.projected ??= new Float64Array(n));
    projectOffSpan(span.reflectors, n, theta, projected);
    rows.gradient(projected, grad);
    // U's own products from the columns just projected off: a sparse design's carry the shift's
    // cancellation (μ_j·vᵀθ₀ against the nonzeros' sum), these only the product's rounding.
    for (let a = 0; a < U.length; a++) {
      const base = made.cols[a] * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += made.X[base + i] * projected[i];
      grad[U[a]] = s;
    }
    let thetaSq = 0;
    let yTheta = 0;
    let rss = 0;
    for (let i = 0; i < n; i++) {
      thetaSq += projected[i] * projected[i];
      yTheta += y[i] * projected[i];
      rss += theta[i] * theta[i];
    }
    return isResidual ? { grad, thetaSq, yTheta, rss } : { grad, thetaSq, yTheta };
  }
}

/** The rows of a dense kernel X̃ (column-major, n×p, in `ws`) and ỹ. */
export function denseRows(X: Float64Array, y: Float64Array, n: number, p: number, excluded: Uint8Array, ws: Workspace): DesignRows {
  return {
    n,
    y,
    columns: (U) => ({ X, cols: U.slice() }),
    gradient(v, out) {
      ws.gemvT(X, v, out, n, p);
      for (let j = 0; j < p; j++) if (excluded[j]) out[j] = 0;
    },
    residual(beta, out) {
      out.set(y.subarray(0, n));
      for (let j = 0; j < p; j++) if (beta[j] !== 0 && !excluded[j]) ws.axpy(-beta[j], X, j * n, out, 0, n);
    },
  };
}

/** A sparse design in the kernel's form x̃_j = v ⊙ (x_j − μ_j)/s_j, never densified whole (see `SparseResidualProblem`). */
export interface SparseDesign {
  readonly X: CscMatrix;
  /** v: √w̃ per row. */
  readonly sqrtW: Float64Array;
  /** ỹ. */
  readonly y: Float64Array;
  readonly shift: Float64Array;
  readonly scale: Float64Array;
  readonly excluded: Uint8Array;
}

/**
 * The rows of a sparse design: columns made dense one at a time (n·|U| doubles), products from the
 * nonzeros with the shift carried as a multiple of v.
 */
export function sparseRows(design: SparseDesign): DesignRows {
  const { X, sqrtW, y, shift, scale, excluded } = design;
  const { rows: n, cols: p, colPtr, rowIdx, values } = X;
  return {
    n,
    y,
    columns(U) {
      const out = new Float64Array(n * U.length);
      for (let a = 0; a < U.length; a++) sparseColumn(design, U[a], out.subarray(a * n, (a + 1) * n));
      return { X: out, cols: U.map((_, a) => a) };
    },
    gradient(v, out) {
      let vv = 0;
      for (let i = 0; i < n; i++) vv += sqrtW[i] * v[i];
      for (let j = 0; j < p; j++) {
        if (excluded[j]) {
          out[j] = 0;
          continue;
        }
        let s = 0;
        for (let t = colPtr[j]; t < colPtr[j + 1]; t++) s += sqrtW[rowIdx[t]] * values[t] * v[rowIdx[t]];
        out[j] = (s - shift[j] * vv) / scale[j];
      }
    },
    residual(beta, out) {
      let m = 0;
      for (let i = 0; i < n; i++) out[i] = y[i];
      for (let j = 0; j < p; j++) {
        if (beta[j] === 0 || excluded[j]) continue;
        const b = beta[j] / scale[j];
        m += b * shift[j];
        for (let t = colPtr[j]; t < colPtr[j + 1]; t++) out[rowIdx[t]] -= b * sqrtW[rowIdx[t]] * values[t];
      }
      for (let i = 0; i < n; i++) out[i] += m * sqrtW[i];
    },
  };
}

/**
 * x̃_j = v ⊙ (x_j − μ_j)/s_j of a sparse design into `out` (n long; 0 for an excluded column):
 * −(μ_j/s_j)·v, then (v_i·x_ij)/s_j added at the nonzeros — the sparse residual problem's
 * arithmetic (its scaled nonzeros), bit for bit. O(n + nnz_j).
 */
export function sparseColumn(design: SparseDesign, j: number, out: Float64Array): Float64Array {
  const { X, sqrtW, shift, scale, excluded } = design;
  const { rows: n, colPtr, rowIdx, values } = X;
  if (excluded[j]) return out.fill(0);
  const s = scale[j];
  const m = shift[j] / s;
  for (let i = 0; i < n; i++) out[i] = -m * sqrtW[i];
  for (let t = colPtr[j]; t < colPtr[j + 1]; t++) out[rowIdx[t]] += (sqrtW[rowIdx[t]] * values[t]) / s;
  return out;
}
