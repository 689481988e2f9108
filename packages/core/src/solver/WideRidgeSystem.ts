import { axpy } from '../math/axpy.js';
import { choleskyFactor, choleskySolveFactored } from '../math/choleskySolve.js';
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
 * Unpenalized coordinates in S (λ2 = 0, at most MAX_FREE of them: U, the rest P) are solved
 * through the Schur complement of the P block, with K = I + X_P·D_P⁻¹·X_Pᵀ factored as above:
 *
 *   (X_UᵀK⁻¹X_U)·δ_U = b_U − X_Uᵀ·v,   δ_P = D_P⁻¹·(b_P − X_Pᵀ·(v + K⁻¹X_U·δ_U)),   K·v = X_P·D_P⁻¹·b_P
 *
 * (X_P·A⁻¹·X_Pᵀ = I − K⁻¹ for A = X_PᵀX_P + D_P, so the complement X_UᵀX_U − X_UᵀX_P·A⁻¹·X_PᵀX_U
 * is X_UᵀK⁻¹X_U). Without it, a support past 1.5·n holding an unpenalized coordinate had no
 * Newton step: a 100 × 1,000 ρ 0.5 Elastic Net path with three unpenalized columns took 22,829
 * passes where its twin with penalty factor 0.01 on them took 433. No step where X_U is rank-
 * deficient (its complement has no factor).
 *
 * For problems that give their kernel's columns (`CdProblem.wideColumns`): the residual problems,
 * dense (X's own columns) or sparse (each made from its nonzeros and centring, O(n) a use).
 *
 * Memory: n² doubles for the factor, |U|·n for K⁻¹X_U, and three vectors; while factoring, a
 * workspace of n² + up to BLOCK_DOUBLES values.
 */
/** Largest n for which a problem gives its columns for the n×n form (`wideColumns`; the factor: n² doubles, 32 MB there). */
export const MAX_WIDE_N = 2000;
/** Most values of Y (X_S·D^(−1/2) transposed) a factor puts in its workspace at once (8 MB). */
const BLOCK_DOUBLES = 2 ** 20;
/** Most unpenalized coordinates (λ2 = 0) in S that the form solves for (their complement: |U|² doubles). */
const MAX_FREE = 64;

export class WideRidgeSystem {
  /** The lower triangle of the factor of I + X_S·D⁻¹·X_Sᵀ (row-major n×n), for `madeS` and `madeD`. */
  private L = new Float64Array(0);
  private madeS: number[] = [];
  private madeD = new Float64Array(0);
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private delta = new Float64Array(0);
  /** Positions in S of its unpenalized coordinates (λ2 = 0) for the factor made, K⁻¹X_U (|U|·n, row per coordinate) and the factor of X_UᵀK⁻¹X_U. */
  private free: number[] = [];
  private W = new Float64Array(0);
  private complement: Float64Array = new Float64Array(0);

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
   * solve reuses. Null where S holds more than MAX_FREE unpenalized coordinates (or n), where X_U
   * is rank-deficient, or where the factor fails (rounding on a badly scaled D; not expected).
   */
  solve(S: readonly number[], lambda2: Float64Array, b: Float64Array): { delta: Float64Array; xdSq: number } | null {
    const { columns, n } = this;
    const k = S.length;
    if (!this.current(S, lambda2) && !this.factor(S, lambda2)) return null;
    const u = (this.u = room(this.u, n)).subarray(0, n);
    const v = (this.v = room(this.v, n)).subarray(0, n);
    u.fill(0);
    for (let a = 0; a < k; a++) if (lambda2[S[a]] > 0) axpy(b[a] / lambda2[S[a]], columns.column(S[a]), 0, u, 0, n);
    choleskySolveFactored(this.L, u, n, v);
    const delta = (this.delta = room(this.delta, k)).subarray(0, k);
    const { free } = this;
    if (free.length > 0) {
      // δ_U from the complement, then v + K⁻¹X_U·δ_U in place of v for the P block.
      const rhs = new Float64Array(free.length);
      for (let f = 0; f < free.length; f++) rhs[f] = b[free[f]] - dot(columns.column(S[free[f]]), 0, v, 0, n);
      const deltaU = choleskySolveFactored(this.complement, rhs, free.length);
      for (let f = 0; f < free.length; f++) {
        delta[free[f]] = deltaU[f];
        axpy(deltaU[f], this.W, f * n, v, 0, n);
      }
    }
    let xdSq = 0;
    for (let a = 0; a < k; a++) {
      const d = lambda2[S[a]];
      if (!(d > 0)) {
        xdSq += delta[a] * b[a];
        continue;
      }
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
   * The factors for S with these λ2 afresh: K's over its penalized coordinates, the complement's
   * over its unpenalized ones; false where either fails or S holds more than MAX_FREE unpenalized.
   */
  private factor(S: readonly number[], lambda2: Float64Array): boolean {
    this.madeS = [];
    const free: number[] = [];
    const P: number[] = [];
    for (let a = 0; a < S.length; a++) {
      if (lambda2[S[a]] > 0) P.push(S[a]);
      else free.push(a);
    }
    if (free.length > MAX_FREE || free.length >= this.n) return false;
    if (!this.factorOf(P, lambda2) || !this.complementOf(S, free)) return false;
    this.madeS = S.slice();
    this.madeD = Float64Array.from(S, (j) => lambda2[j]);
    return true;
  }

  /**
   * K⁻¹X_U and the factor of X_UᵀK⁻¹X_U for the unpenalized coordinates at positions `free` of S
   * (none: nothing to make); false where X_U is rank-deficient (the complement has no factor).
   * O(|U|·n² + |U|²·n).
   */
  private complementOf(S: readonly number[], free: number[]): boolean {
    const { columns, n } = this;
    const count = free.length;
    this.free = [];
    if (count === 0) return true;
    const W = (this.W = room(this.W, count * n));
    const C = new Float64Array(count * count);
    // Each column made once: K⁻¹x_f, then its products with K⁻¹x_g for g ≤ f (made already).
    for (let f = 0; f < count; f++) {
      const x = columns.column(S[free[f]]);
      choleskySolveFactored(this.L, x, n, W.subarray(f * n, (f + 1) * n));
      for (let g = 0; g <= f; g++) C[f * count + g] = C[g * count + f] = dot(x, 0, W, g * n, n);
    }
    const factor = choleskyFactor(C, count, 0, 1e-12);
    if (factor === null) return false;
    this.complement = factor;
    this.free = free;
    return true;
  }

  /**
   * Factors K = I + X_P·D_P⁻¹·X_Pᵀ (every λ2 on P > 0) into L. Its entries are the products of the
   * rows of X_P·D^(−1/2): that matrix's transpose Y (one column per row of X_P), a block of at most
   * BLOCK_DOUBLES values at a time, goes into a (pooled) workspace whose SIMD kernels take the
   * lower triangle's dot products a row at a time, summed over the blocks, then factor it. n
   * rank-one updates of rows of the triangle and a Cholesky in TypeScript had taken 13 of the ~125
   * ms of a 100 × 10,000 Elastic Net path (k·n²/2 + n³/3 flops either way).
   */
  private factorOf(S: readonly number[], lambda2: Float64Array): boolean {
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
      if (!ws.cholesky(M, n, 0)) return false;
      this.L = room(this.L, n * n);
      this.L.set(M);
    } finally {
      ws.release();
    }
    return true;
  }
}
