import { dot } from '../math/dot.js';
import { UpdatableCholesky } from '../math/UpdatableCholesky.js';
import { factorArena } from './factorArena.js';
import { room } from '../math/room.js';
import { scratchMatrix } from '../wasm/Workspace.js';
import type { CdProblem } from './CdProblem.js';

/** The factor is rebuilt once the ridge term has shrunk below this fraction of the factor's (or grown). */
const MIN_RATIO = 0.5;
/**
 * Up to this many coordinates the factor is made afresh for each new Λ2 (one k³/3 factorization
 * per α, in WebAssembly), beyond it only when t leaves [MIN_RATIO, 1]: on larger supports the
 * fresh factor per α (its Cholesky and the k×k block) cost far more than the kept factor's
 * conjugate gradients, a few O(k²) sweeps per solve (README: "Measurements behind the constants").
 */
const FRESH_EACH_ALPHA = 50;
/** A pivot at or below this fraction of its diagonal entry marks the system as singular. */
const MIN_PIVOT = 1e-12;
/** Conjugate-gradient iterations per solve; with the ratio above, ~10 reach the tolerance. */
const MAX_CG = 40;
/** Relative residual at which the conjugate-gradient solve counts as exact. */
const CG_TOL = 1e-12;

/**
 * The Elastic Net's Newton systems on the support S, (X_SᵀX_S + Λ2_S)·δ = b, solved from one
 * Cholesky factor that follows S as it changes (appends and removals, O(|S|²) each; see
 * {@link UpdatableCholesky}) — instead of a fresh k×k block and a k³/3 factorization per step.
 *
 * Λ2 changes with every α (Λ2 = α·(1 − l1Ratio)·penalty factors) while S mostly does not. Up to
 * FRESH_EACH_ALPHA coordinates the factor is made afresh (k³/3, in WebAssembly) for each new Λ2,
 * and the steps of one α — chains of them, entering coordinates — share it. Beyond, the factor is
 * of X_SᵀX_S + Λ2_ref for the Λ2 of its last rebuild, and a system at Λ2 = t·Λ2_ref (t ≤ 1 along a
 * path) is solved by conjugate gradients preconditioned with it: the preconditioned matrix
 * I − (1 − t)·(factored matrix)⁻¹Λ2_ref has its eigenvalues in [t, 1], so with t ≥ MIN_RATIO about
 * ten O(k²) iterations reach rounding; rebuilt when t leaves [MIN_RATIO, 1] or is not one ratio
 * across S (other penalty factors, another l1Ratio). Unlike X_SᵀX_S, the ridge system has a factor
 * also where |S| ≥ n.
 *
 * Memory: the factor (|S|² doubles, grown by doubling), a p-long copy of Λ2_ref, five |S|-long vectors.
 */
export class RidgeSystem {
  private readonly factor: UpdatableCholesky;
  /** Λ2 at the factor's last rebuild (all p coordinates: later appends read it too). */
  private readonly ref: Float64Array;
  /** Λ2 / Λ2_ref on S at the last `prepare`. */
  private ratio = 1;
  private y = new Float64Array(0);
  private delta = new Float64Array(0);
  private r = new Float64Array(0);
  private d = new Float64Array(0);
  private bd = new Float64Array(0);

  constructor(private readonly problem: CdProblem) {
    this.ref = new Float64Array(problem.p);
    const { ref } = this;
    // Off-diagonal rows (an appended coordinate against the factor's) are the problem's products,
    // batched where it batches them (one kernel sweep per missing column instead of a call per pair).
    this.factor = new UpdatableCholesky((a, b) => (a === b ? problem.cross(a, a) + ref[a] : problem.cross(a, b)), MIN_PIVOT, problem.crossRow?.bind(problem), factorArena(problem), problem.crossPair?.bind(problem));
  }

  /** Hands the factor's own memory back (see `UpdatableCholesky.release`). */
  release(): void {
    this.factor.release();
  }

  /**
   * Brings the factor to S (sorted or not; every λ2_j > 0) and returns S in factor order — the
   * order of `solve`'s right-hand side and result — or null where the system has no safe factor.
   */
  prepare(S: readonly number[], lambda2: Float64Array): readonly number[] | null {
    const t = this.uniformRatio(S, lambda2);
    // Up to FRESH_EACH_ALPHA coordinates a new Λ2 is factored afresh; beyond, conjugate gradients
    // take it from the factor while t stays in [MIN_RATIO, 1].
    if (t === null || t > 1 || t < (S.length <= FRESH_EACH_ALPHA ? 1 : MIN_RATIO)) return this.refactor(S, lambda2);
    this.ratio = t;
    return this.factor.setTo(S) ? this.factor.order : null;
  }

  /** The factor of X_SᵀX_S + Λ2_S made afresh (one block, factored in WebAssembly where it runs). */
  private refactor(S: readonly number[], lambda2: Float64Array): readonly number[] | null {
    this.ref.set(lambda2);
    this.ratio = 1;
    const k = S.length;
    const { ws, A } = scratchMatrix(k);
    this.problem.crossBlock(S, A);
    for (let a = 0; a < k; a++) A[a * k + a] += lambda2[S[a]];
    if (!ws.cholesky(A, k, MIN_PIVOT)) {
      this.factor.clear();
      return null;
    }
    this.factor.load(S, A);
    return this.factor.order;
  }

  /** Whether the factor is of X_SᵀX_S + Λ2 for this Λ2 itself (made at this α), on some S. */
  madeFor(lambda2: Float64Array): boolean {
    const j = this.factor.order[0];
    return j !== undefined && this.ratio === 1 && this.ref[j] === lambda2[j];
  }

  /**
   * Λ2_S / Λ2_ref,S when it is one number across S (to rounding; unpenalized coordinates, 0 in
   * both, fit any), else null. The ratio was read from S's first coordinate: where that one was
   * unpenalized (λ2 = 0) there was none, and every step refactored — with columns 0–2
   * unpenalized, a 200 × 2,000 Elastic Net path spent three quarters of its time in fresh k×k factors.
   */
  private uniformRatio(S: readonly number[], lambda2: Float64Array): number | null {
    const { ref } = this;
    let first = 0;
    while (first < S.length - 1 && ref[S[first]] === 0 && lambda2[S[first]] === 0) first++;
    const t = ref[S[first]] > 0 ? lambda2[S[first]] / ref[S[first]] : NaN;
    if (!(t > 0)) return null;
    for (const j of S) if (!(Math.abs(lambda2[j] - t * ref[j]) <= 1e-12 * lambda2[j])) return null;
    return t;
  }

  /**
   * δ for the right-hand side b (factor order, as `prepare` gave it), ‖X_S·δ‖², and whether δ
   * solves the system to rounding (else it is a conjugate-gradient iterate: still a descent
   * direction of the restricted quadratic, which a line search makes safe). δ is a view that the
   * next solve reuses.
   *
   * With M = L·Lᵀ the factored matrix and H = M + s·Λ2_ref (s = t − 1), H·δ = b is
   * (I + s·L⁻¹Λ2_ref·L⁻ᵀ)·y = L⁻¹b with y = Lᵀδ: a symmetric system whose matrix costs two
   * triangular solves to apply (O(k²)), solved by conjugate gradients from y = L⁻¹b (δ = M⁻¹b).
   */
  solve(b: Float64Array, S: readonly number[]): { delta: Float64Array; xdSq: number; exact: boolean } {
    const k = S.length;
    const { factor, ref } = this;
    const y = (this.y = room(this.y, k)).subarray(0, k);
    const delta = (this.delta = room(this.delta, k)).subarray(0, k);
    factor.forward(b, y);
    let exact = true;
    const s = this.ratio - 1;
    if (s !== 0) {
      const r = (this.r = room(this.r, k)).subarray(0, k);
      const d = (this.d = room(this.d, k)).subarray(0, k);
      const bd = (this.bd = room(this.bd, k)).subarray(0, k);
      // r = L⁻¹b − B·y at y = L⁻¹b.
      this.apply(y, r, S, s);
      let yNorm = 0;
      for (let a = 0; a < k; a++) {
        r[a] = y[a] - r[a];
        yNorm += y[a] * y[a];
      }
      const target = CG_TOL * CG_TOL * yNorm;
      d.set(r);
      let rr = dot(r, 0, r, 0, k);
      for (let iter = 0; rr > target && iter < MAX_CG; iter++) {
        this.apply(d, bd, S, s);
        const dBd = dot(d, 0, bd, 0, k);
        if (!(dBd > 0)) break;
        const step = rr / dBd;
        let next = 0;
        for (let a = 0; a < k; a++) {
          y[a] += step * d[a];
          r[a] -= step * bd[a];
          next += r[a] * r[a];
        }
        const beta = next / rr;
        rr = next;
        for (let a = 0; a < k; a++) d[a] = r[a] + beta * d[a];
      }
      exact = rr <= target;
    }
    factor.backward(y, delta);
    // ‖X_S·δ‖² = δᵀMδ − δᵀΛ2_ref·δ = ‖y‖² − δᵀΛ2_ref·δ.
    let xdSq = dot(y, 0, y, 0, k);
    for (let a = 0; a < k; a++) xdSq -= ref[S[a]] * delta[a] * delta[a];
    return { delta, xdSq: Math.max(xdSq, 0), exact };
  }

  /** out = B·v = v + s·L⁻¹(Λ2_ref ∘ L⁻ᵀv): two triangular solves. */
  private apply(v: Float64Array, out: Float64Array, S: readonly number[], s: number): void {
    const k = S.length;
    const { factor, ref } = this;
    factor.backward(v, out);
    for (let a = 0; a < k; a++) out[a] *= ref[S[a]];
    factor.forward(out, out);
    for (let a = 0; a < k; a++) out[a] = v[a] + s * out[a];
  }
}
