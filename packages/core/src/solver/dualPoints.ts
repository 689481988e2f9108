import { axpy } from '../math/axpy.js';
import { room } from '../math/room.js';
import { sameList } from './AndersonHistory.js';
import type { CdProblem, DualPoint } from './CdProblem.js';
import { dualityGap, type GapResult } from './dualityGap.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * The duality gap at dual point θ₀ (given by Xᵀθ₀, ‖θ₀‖², yᵀθ₀), rescaled into feasibility by
 * {@link dualityGap}. Any feasible point bounds the suboptimality; sharper points bound it tighter.
 *
 * Cost: O(p).
 */
export function gapAt(point: DualPoint, rss: number, state: PenaltyState): GapResult & { readonly rowsOnly?: boolean } {
  const result = dualityGap({
    beta: state.beta,
    grad: point.grad,
    rss: point.rss ?? rss,
    yTr: point.yTheta,
    thetaSq: point.thetaSq,
    lambda1: state.lambda1,
    lambda2: state.lambda2,
    positive: state.positive,
    excluded: state.excluded,
    uniform: state.uniform,
  });
  if (point.unresolved === true) return { ...result, gap: Infinity };
  const withSlack = point.slack ? { ...result, gap: result.gap + point.slack } : result;
  return point.rowsOnly === true ? { ...withSlack, rowsOnly: true } : withSlack;
}

/**
 * A dual point θ (given by Xᵀθ, ‖θ‖², yᵀθ: the residual r, a support step's corrected point, an
 * extrapolated one) made feasible for unpenalized coordinates U (λ1 = λ2 = 0), whose dual
 * constraint is X_Uᵀθ = 0: θ₀ = θ − X_U·δ with (X_UᵀX_U)·δ = X_Uᵀθ. With `positive`, a
 * coordinate held at its bound 0 only needs x_jᵀθ ≤ 0, so it is projected only when the
 * projection pushed it positive. That keeps the gap a true bound on suboptimality (a corrected
 * point has X_Uᵀθ = 0 on U ∩ S only up to rounding, an extrapolated one not at all). The point
 * itself where no coordinate is unpenalized; `scratch` a p-vector the result may live in (not
 * `point.grad`).
 *
 * Cost: O(p) without unpenalized coordinates; else O(p·|U| + |U|³) per round (Gram columns of U
 * from the problem), and where that solve is unsure or fails, the rows' projection (see
 * `CdProblem.projectOnRows`).
 *
 * @example
 * const { rss, yTr } = problem.residualMoments(beta);
 * const point = feasibleDualPoint(problem, state, { grad: problem.gradient(beta), thetaSq: rss, yTheta: yTr }, scratch);
 */
export function feasibleDualPoint(problem: CdProblem, state: PenaltyState, point: DualPoint, scratch: Float64Array, columns = new UnpenalizedColumns()): DualPoint {
  const unpenalized = unpenalizedSet(problem, state);
  // A coordinate held at its `positive` bound may violate x_jᵀθ ≤ 0 at the point itself (a corrected
  // point moves Xᵀθ off Xᵀr): then it is projected with the rest, even where the rest is empty.
  addInfeasibleBounded(problem, state, unpenalized, point.grad);
  while (unpenalized.length > 0) {
    const projected = projectOffUnpenalized(problem, state, unpenalized, columns.of(problem, unpenalized), point, scratch);
    const before = unpenalized.length;
    addInfeasibleBounded(problem, state, unpenalized, projected.grad);
    if (unpenalized.length === before) return projected;
  }
  return point;
}

/** Unpenalized coordinates whose dual constraint is an equality (not those held at a `positive` bound). */
function unpenalizedSet(problem: CdProblem, { beta, lambda1, lambda2, positive }: PenaltyState): number[] {
  const out: number[] = [];
  for (let j = 0; j < problem.p; j++) {
    if (lambda1[j] !== 0 || lambda2[j] !== 0 || problem.excluded[j]) continue;
    if (positive && beta[j] === 0) continue;
    out.push(j);
  }
  return out;
}

function addInfeasibleBounded(problem: CdProblem, { beta, lambda1, lambda2, positive }: PenaltyState, U: number[], projectedGrad: Float64Array): void {
  if (!positive) return;
  for (let j = 0; j < problem.p; j++) {
    if (problem.excluded[j] || lambda1[j] !== 0 || lambda2[j] !== 0 || beta[j] !== 0) continue;
    if (projectedGrad[j] > 0 && !U.includes(j)) U.push(j);
  }
}

/**
 * X_UᵀX (column a of U at a·p) for the last U projected off, kept across a solver's checks (X does
 * not change): on a residual problem each column is a sweep over X, made again for each of a
 * check's points (the residual, the corrected one): with a few unpenalized columns on a wide design
 * that was most of a path's time (README: "Measurements behind the constants"). Up to
 * MAX_KEPT_DOUBLES; beyond, made per call.
 */
export class UnpenalizedColumns {
  private U: number[] = [];
  private cross = new Float64Array(0);

  of(problem: CdProblem, U: readonly number[]): Float64Array {
    const need = problem.p * U.length;
    if (sameList(U, this.U)) return this.cross.subarray(0, need);
    const keep = need <= MAX_KEPT_DOUBLES;
    const cross = keep ? (this.cross = room(this.cross, need)).subarray(0, need) : new Float64Array(need);
    for (let a = 0; a < U.length; a++) problem.crossColumn(U[a], cross, a * problem.p);
    this.U = keep ? U.slice() : [];
    return cross;
  }
}

/** The most doubles of X_UᵀX that {@link UnpenalizedColumns} keeps (32 MB). */
const MAX_KEPT_DOUBLES = 2 ** 22;

function projectOffUnpenalized(problem: CdProblem, state: PenaltyState, U: readonly number[], cross: Float64Array, point: DualPoint, grad: Float64Array): DualPoint {
  const { p, xty } = problem;
  const { grad: c, thetaSq, yTheta } = point;
  const u = U.length;
  const M = new Float64Array(u * u);
  const rhs = new Float64Array(u);
  for (let a = 0; a < u; a++) {
    for (let b = 0; b < u; b++) M[a * u + b] = cross[a * p + U[b]];
    rhs[a] = c[U[a]];
  }
  const { delta, rank } = independentSolve(M, rhs, u);
  grad.set(c);
  for (let a = 0; a < u; a++) if (delta[a] !== 0) axpy(-delta[a], cross, a * p, grad, 0, p);
  let spread = 0;
  for (let a = 0; a < u; a++) spread += Math.abs(delta[a]) * Math.sqrt(M[a * u + a]);
  // What the projection left of X_Uᵀθ₀ must be rounding (see `resolved`); else, where the problem
  // has θ's rows, the projection made there — which resolves what X_UᵀX_U rounds away — and
  // otherwise the point bounds nothing. c_j's own rounding from a Gram (`fitScale`) is forgiven
  // only where the columns kept reach X's rank: then the others are in their span by count (35
  // columns on 4 rows), not by a sine of 1e-9 the Gram rounds away. Forgiven everywhere, a 35 × 52
  // design at raw scales claimed a gap of 1.7e-4 at a fit 2.0e-3 above its optimum.
  const fitScale = problem.rankBound !== undefined && rank >= problem.rankBound ? (problem.fitScale?.(state.beta) ?? 0) : 0;
  const size = Math.sqrt(thetaSq);
  const withinRounding = resolved(U, M, c, grad, xty, size + spread, fitScale);
  // Where the solve dropped a column that has a direction of its own on the rows, or its δ cancels
  // (spread ≫ ‖θ‖), the rounding test forgives as much as a direction of sine 1e-9 leaves: the rows
  // decide, where the problem has them (and for a point it cannot make there, no gap). Without,
  // seeds 5579 and 5160 of the random search (CSC, naive and from statistics) claimed gaps of
  // ~1e-4 at fits 14 % and 5 % above their optimum (numericalEdges.test.ts).
  const cancelling = spread > TRUSTED_SPREAD * size;
  const rowsRank = rank < u || cancelling ? (problem.rowsRank?.(U) ?? null) : null;
  if ((rowsRank !== null && (rowsRank > rank || cancelling)) || !withinRounding) {
    const onRows = problem.projectOnRows?.(U, point, grad, state.beta) ?? null;
    if (onRows === null || !resolved(U, M, c, onRows.grad, xty, size, 0)) return { grad, thetaSq, yTheta, unresolved: true };
    return withinRounding ? onRows : { ...onRows, rowsOnly: true };
  }
  // ‖θ₀‖² and yᵀθ₀ carry M's rounding along δ: up to ~(u + 1)·ε·(Σ_a |δ_a|·‖x_a‖)², far above
  // ε·‖θ‖² where δ is large against θ (columns nearly dependent, their fit cancelling).
  const slack = (point.slack ?? 0) + 2 * (u + 1) * EPS * spread * spread;
  let dc = 0;
  let dGd = 0;
  let dXty = 0;
  for (let a = 0; a < u; a++) {
    const d = delta[a];
    if (d === 0) continue;
    dc += d * c[U[a]];
    dXty += d * xty[U[a]];
    for (let b = 0; b < u; b++) dGd += d * M[a * u + b] * delta[b];
  }
  // A point made on the rows (a round before, with `positive`) keeps their ‖r‖² and what they resolved.
  return { grad, thetaSq: Math.max(thetaSq - 2 * dc + dGd, 0), yTheta: yTheta - dXty, slack, rss: point.rss, rowsOnly: point.rowsOnly };
}

/**
 * Whether every unpenalized constraint x_jᵀθ₀ = g_j = 0 holds after the projection to the rounding
 * of its arithmetic: c_j's own (ε·‖x_j‖·‖θ‖ from the residual; from a Gram, ε·(|x_jᵀy| + ‖x_j‖·Σ_k
 * |β_k|·‖x_k‖), `fitScale`) and the projection's (ε·‖x_j‖·Σ_a |δ_a|·‖x_a‖), times a margin. A
 * column dropped as dependent (pivot below DEPENDENT_PIVOT) may still hold a direction of its own
 * — columns of −50 with bumps of 1e-7: sines ~1e-9, pivots ~1e-18 — and then g_j stays at that
 * direction's share of θ: the gap, which took it as 0, claimed 0 at fits 15 % above their optimum.
 * What such a direction is worth (g_j² over its curvature) cannot be told from a Gram that rounds
 * its curvature away, so no gap is claimed: the fit ends unconverged, even where its passes did
 * reach the optimum.
 */
function resolved(U: readonly number[], M: Float64Array, c: Float64Array, grad: Float64Array, xty: Float64Array, size: number, fitScale: number): boolean {
  const u = U.length;
  for (let a = 0; a < u; a++) {
    const j = U[a];
    const terms = Math.abs(c[j]) + Math.abs(xty[j]) + Math.sqrt(M[a * u + a]) * (size + fitScale);
    if (!(Math.abs(grad[j]) <= ROUNDING_SLACK * (u + 1) * EPS * terms)) return false;
  }
  return true;
}

const EPS = 2 ** -52;
const ROUNDING_SLACK = 64;

/**
 * Above this many ‖θ‖, Σ_a |δ_a|·‖x_a‖ says the unpenalized columns' fit cancels (X_U·δ is at most
 * ‖θ‖ long): the solve's rounding, ε·‖x_j‖ times it, may then hide what a direction of their own
 * left of x_jᵀθ₀.
 */
const TRUSTED_SPREAD = 100;

/**
 * Below this pivot (of the unit-diagonal Gram of U) a column is taken to lie in the span of the
 * ones before it: a sine of 1e-6 to it, where an exact copy's pivot is rounding (~1e-16).
 */
const DEPENDENT_PIVOT = 1e-12;

/**
 * δ solving M·δ = rhs for a Gram M = X_UᵀX_U that may be singular (unpenalized columns that
 * repeat, or combine to, one another): factored in its unit-diagonal scaling D^-½·M·D^-½, a column
 * whose pivot falls below DEPENDENT_PIVOT dropped (δ 0) — its constraint then holds with the
 * others', the projection onto their span being the projection onto X_U's. Before, a failed
 * factor was retried with a ridge of 1e-13·trace(M): of columns whose norms spanned 1e-5 … 1e5 that
 * ridge swamped the small ones, which were left unprojected, and a path claimed gaps of 0 at
 * objectives 3e-4 above its optimum.
 *
 * Cost: O(u³/3).
 */
function independentSolve(M: Float64Array, rhs: Float64Array, u: number): { delta: Float64Array; rank: number } {
  const d = new Float64Array(u);
  for (let a = 0; a < u; a++) d[a] = M[a * u + a] > 0 ? 1 / Math.sqrt(M[a * u + a]) : 0;
  const L = new Float64Array(u * u);
  const kept = new Uint8Array(u);
  for (let i = 0; i < u; i++) {
    if (d[i] === 0) continue;
    const ri = i * u;
    for (let j = 0; j < i; j++) {
      if (!kept[j]) continue;
      let s = M[ri + j] * d[i] * d[j];
      for (let t = 0; t < j; t++) s -= L[ri + t] * L[j * u + t];
      L[ri + j] = s / L[j * u + j];
    }
    let s = M[ri + i] * d[i] * d[i];
    for (let t = 0; t < i; t++) s -= L[ri + t] * L[ri + t];
    if (s > DEPENDENT_PIVOT) {
      L[ri + i] = Math.sqrt(s);
      kept[i] = 1;
    } else {
      L.fill(0, ri, ri + i);
    }
  }
  // L·Lᵀ·z = D^-½·rhs over the kept columns, then δ = D^-½·z.
  const z = new Float64Array(u);
  for (let i = 0; i < u; i++) {
    if (!kept[i]) continue;
    let s = rhs[i] * d[i];
    for (let t = 0; t < i; t++) s -= L[i * u + t] * z[t];
    z[i] = s / L[i * u + i];
  }
  for (let i = u - 1; i >= 0; i--) {
    if (!kept[i]) continue;
    let s = z[i];
    for (let t = i + 1; t < u; t++) s -= L[t * u + i] * z[t];
    z[i] = s / L[i * u + i];
  }
  for (let i = 0; i < u; i++) z[i] *= d[i];
  let rank = 0;
  for (let i = 0; i < u; i++) rank += kept[i];
  return { delta: z, rank };
}
