import { axpy } from '../math/axpy.js';
import { choleskySolveFactored } from '../math/choleskySolve.js';
import { dot } from '../math/dot.js';
import { room } from '../math/room.js';
import { sameList } from './AndersonHistory.js';
import { Workspace } from '../wasm/Workspace.js';
import type { KernelColumns } from './CdProblem.js';

/**
 * The Elastic Net's Newton system on a support wider than n, (X_SᵀX_S + D)·δ = b with
 * D = diag(λ2_S) > 0, solved through its n×n form (Woodbury):
 *
 *   δ = D⁻¹·(b − X_Sᵀ·v),  (I + X_S·D⁻¹·X_Sᵀ)·v = X_S·D⁻¹·b.
 *
 * I + X_S·D⁻¹·X_Sᵀ is the identity plus a positive semidefinite matrix: its Cholesky factor
 * always exists, however singular X_SᵀX_S is (|S| > n makes it so), and it costs k·n²/2 + n³/3
 * flops instead of the k×k system's k²·n/2 + k³/3. The factor is kept while S and D stay (the
 * steps of one α on one support); a solve is then O(k·n + n²).
 *
 * For problems that give their kernel's columns (`CdProblem.wideColumns`): the residual problems,
 * dense (X's own columns) or sparse (each made from its nonzeros and centring, O(n) a use).
 *
 * Memory: n² doubles for the factor, and three vectors; while factoring, a workspace of n² + up
 * to BLOCK_DOUBLES values.
 */
/** Largest n for which a problem gives its columns for the n×n form (`wideColumns`; the factor: n² doubles, 32 MB there). */
export const MAX_WIDE_N = 2000;
/** Most values of Y (X_S·D^(−1/2) transposed) a factor puts in its workspace at once (8 MB). */
const BLOCK_DOUBLES = 2 ** 20;

export class WideRidgeSystem {
  /** The lower triangle of the factor of I + X_S·D⁻¹·X_Sᵀ (row-major n×n), for `madeS` and `madeD`. */
  private L = new Float64Array(0);
  private madeS: number[] = [];
  private madeD = new Float64Array(0);
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private delta = new Float64Array(0);

  private readonly n: number;

  constructor(private readonly columns: KernelColumns) {
    this.n = columns.n;
  }

  /** Flops of a factor for k coordinates (what a caller weighs against passes). */
  flops(k: number): number {
    const { n } = this;
    return (k * n * n) / 2 + (n * n * n) / 3;
  }

  /**
   * δ for the right-hand side b (in S's order) and ‖X_S·δ‖² = δᵀb − δᵀDδ; δ is a view the next
   * solve reuses. Null where the factor fails (rounding on a badly scaled D; not expected).
   */
  solve(S: readonly number[], lambda2: Float64Array, b: Float64Array): { delta: Float64Array; xdSq: number } | null {
    const { columns, n } = this;
    const k = S.length;
    if (!this.current(S, lambda2) && !this.factor(S, lambda2)) return null;
    const u = (this.u = room(this.u, n)).subarray(0, n);
    const v = (this.v = room(this.v, n)).subarray(0, n);
    u.fill(0);
    for (let a = 0; a < k; a++) axpy(b[a] / lambda2[S[a]], columns.column(S[a]), 0, u, 0, n);
    choleskySolveFactored(this.L, u, n, v);
    const delta = (this.delta = room(this.delta, k)).subarray(0, k);
    let xdSq = 0;
    for (let a = 0; a < k; a++) {
      const d = lambda2[S[a]];
      const da = (b[a] - dot(columns.column(S[a]), 0, v, 0, n)) / d;
      delta[a] = da;
      xdSq += da * b[a] - d * da * da;
    }
    return { delta, xdSq: Math.max(xdSq, 0) };
  }

  /** Whether the factor is of S itself with these λ2. */
  private current(S: readonly number[], lambda2: Float64Array): boolean {
    if (!sameList(S, this.madeS)) return false;
    for (let a = 0; a < S.length; a++) if (this.madeD[a] !== lambda2[S[a]]) return false;
    return true;
  }

  /**
   * Factors I + X_S·D⁻¹·X_Sᵀ afresh. Its entries are the products of the rows of X_S·D^(−1/2):
   * that matrix's transpose Y (one column per row of X_S), a block of at most BLOCK_DOUBLES values
   * at a time, goes into a (pooled) workspace whose SIMD kernels take the lower triangle's dot
   * products a row at a time, summed over the blocks, then factor it. n rank-one updates of rows
   * of the triangle and a Cholesky in TypeScript had taken 13 of the ~125 ms of a 100 × 10,000
   * Elastic Net path (k·n²/2 + n³/3 flops either way).
   */
  private factor(S: readonly number[], lambda2: Float64Array): boolean {
    const { columns, n } = this;
    const k = S.length;
    const block = Math.max(1, Math.min(k, Math.floor(BLOCK_DOUBLES / n)));
    const ws = Workspace.create(block * n + n * n + 2 * n + 8);
    try {
      const Y = ws.allocForOverwrite(block * n);
      const M = ws.allocForOverwrite(n * n);
      const row = ws.alloc(n);
      const cols = ws.allocInt(n);
      for (let i = 0; i < n; i++) cols[i] = i;
      for (let from = 0; from < k; from += block) {
        const m = Math.min(block, k - from);
        for (let a = 0; a < m; a++) {
          const j = S[from + a];
          const f = 1 / Math.sqrt(lambda2[j]);
          const x = columns.column(j);
          for (let i = 0; i < n; i++) Y[i * m + a] = f * x[i];
        }
        for (let i = 0; i < n; i++) {
          ws.gatherDots(Y, Y, i * m, cols, i + 1, row, m);
          const at = i * n;
          if (from > 0) for (let t = 0; t <= i; t++) M[at + t] += row[t];
          else {
            M.set(row.subarray(0, i + 1), at);
            M[at + i] += 1;
          }
        }
      }
      this.madeS = [];
      if (!ws.cholesky(M, n, 0)) return false;
      this.L = room(this.L, n * n);
      this.L.set(M);
    } finally {
      ws.release();
    }
    this.madeS = S.slice();
    this.madeD = Float64Array.from(S, (j) => lambda2[j]);
    return true;
  }
}
