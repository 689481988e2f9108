import { axpy } from '../math/axpy.js';
import { choleskyInPlace, choleskySolveFactored } from '../math/choleskySolve.js';
import { dot } from '../math/dot.js';
import { room } from '../math/room.js';
import { sameList } from './AndersonHistory.js';

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
 * For problems that hold X itself (n×p, column-major): the dense residual problem.
 *
 * Memory: n² doubles for the factor, and three vectors.
 */
export class WideRidgeSystem {
  /** The lower triangle of the factor of I + X_S·D⁻¹·X_Sᵀ (row-major n×n), for `madeS` and `madeD`. */
  private L = new Float64Array(0);
  private madeS: number[] = [];
  private madeD = new Float64Array(0);
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private delta = new Float64Array(0);

  constructor(
    private readonly X: Float64Array,
    private readonly n: number,
  ) {}

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
    const { X, n } = this;
    const k = S.length;
    if (!this.current(S, lambda2) && !this.factor(S, lambda2)) return null;
    const u = (this.u = room(this.u, n)).subarray(0, n);
    const v = (this.v = room(this.v, n)).subarray(0, n);
    u.fill(0);
    for (let a = 0; a < k; a++) axpy(b[a] / lambda2[S[a]], X, S[a] * n, u, 0, n);
    choleskySolveFactored(this.L, u, n, v);
    const delta = (this.delta = room(this.delta, k)).subarray(0, k);
    let xdSq = 0;
    for (let a = 0; a < k; a++) {
      const d = lambda2[S[a]];
      const da = (b[a] - dot(X, S[a] * n, v, 0, n)) / d;
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

  /** Factors I + X_S·D⁻¹·X_Sᵀ afresh (its lower triangle, accumulated column by column). */
  private factor(S: readonly number[], lambda2: Float64Array): boolean {
    const { X, n } = this;
    const k = S.length;
    const L = (this.L = room(this.L, n * n)).subarray(0, n * n);
    L.fill(0);
    for (let i = 0; i < n; i++) L[i * n + i] = 1;
    for (let a = 0; a < k; a++) {
      const w = 1 / lambda2[S[a]];
      const o = S[a] * n;
      for (let i = 0; i < n; i++) if (X[o + i] !== 0) axpy(w * X[o + i], X, o, L, i * n, i + 1);
    }
    this.madeS = [];
    if (!choleskyInPlace(L, n)) return false;
    this.madeS = S.slice();
    this.madeD = Float64Array.from(S, (j) => lambda2[j]);
    return true;
  }
}
