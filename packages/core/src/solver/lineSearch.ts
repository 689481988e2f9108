import type { CdProblem } from './CdProblem.js';
import type { PenaltyState } from './penaltyState.js';

/**
 * Line search along β_S + t·d (d over the coordinates S, β elsewhere fixed), taking the best
 * step in place. Along the line the objective is ½‖r − t·Xd‖² plus a piecewise-linear penalty,
 * so after the products rᵀXd and ‖Xd‖² (from the problem) each trial t costs O(|S|). Trials: 1,
 * the minimizer of the smooth part, 0.5, 0.25, 0.1 and, with `kinks: 'try'`, the step at which the
 * first coordinate reaches 0. The best t that lowers the objective is taken — a safeguarded step,
 * so it can only help. With `kinks: 'stop'` the one trial is min(1, that step): an active-set
 * method's step along a Newton direction, which stops where a coordinate leaves the support.
 * Returns t (0: none lowered it; β unchanged).
 *
 * Cost: one `directionProducts` (O(n·|S|) residual, O(|S|²) Gram) plus O(|S|) per trial and an
 * update per moved coordinate.
 *
 * @example
 * const t = stepAlong(problem, state, [0, 3], Float64Array.of(0.1, -0.2), 'try');
 */
export function stepAlong(problem: CdProblem, state: PenaltyState, S: readonly number[], dir: Float64Array, kinks: 'ignore' | 'try' | 'stop', knownXdSq?: number): number {
  const m = S.length;
  const { beta } = state;
  const { rXd, xdSq } = problem.directionProducts(S, dir, knownXdSq);
  // β, λ1 and λ2 on S gathered once: the trials below then read them in order, not scattered over
  // p-long arrays six times (on a 2,400-coordinate support of a 170,916-column design the trials were
  // bound by those cache misses).
  const view = gather(state, S);
  const smooth = xdSq > 0 ? rXd / xdSq : 1;
  let kink = Infinity;
  if (kinks !== 'ignore') {
    for (let i = 0; i < m; i++) {
      const b = view.beta[i];
      if (b !== 0 && b * dir[i] < 0 && kinkedAtZero(view.lambda1[i], state.positive)) kink = Math.min(kink, -b / dir[i]);
    }
  }
  // The trial steps, those > 0 and finite, in a reused typed array (an array literal filtered per
  // call held small integers or doubles by turns, and V8 re-optimized the search for each).
  const { trials, changes } = TRIALS;
  let count = 0;
  if (kinks === 'stop') count = addTrial(count, Math.min(1, kink));
  else {
    for (const t of FIXED_TRIALS) count = addTrial(count, t === SMOOTH ? smooth : t);
    count = addTrial(count, kink < 1 ? kink : 0);
  }
  // The objective's change at every trial t in one sweep over S: the smooth part −t·rᵀXd + ½t²‖Xd‖²
  // plus each coordinate's penalty change λ1·(|b| − |β|) + ½λ2·(b² − β²) (Infinity where b breaks
  // `positive`), with |β_i| and β_i² taken once for all trials. Written out, not a call per
  // coordinate and trial: where V8 did not inline such a call its doubles were boxed.
  for (let k = 0; k < count; k++) {
    const t = trials[k];
    changes[k] = -t * rXd + 0.5 * t * t * xdSq;
  }
  const { beta: vb, lambda1: l1, lambda2: l2 } = view;
  const { positive } = state;
  for (let i = 0; i < m; i++) {
    const old = vb[i];
    const d = dir[i];
    const a = l1[i];
    const h = 0.5 * l2[i];
    const absOld = Math.abs(old);
    const oldSq = old * old;
    for (let k = 0; k < count; k++) {
      const b = old + trials[k] * d;
      changes[k] += positive && b < 0 ? Infinity : a * (Math.abs(b) - absOld) + h * (b * b - oldSq);
    }
  }
  let bestT = 0;
  let best = 0;
  for (let k = 0; k < count; k++) {
    if (changes[k] < best) {
      best = changes[k];
      bestT = trials[k];
    }
  }
  if (bestT === 0) return 0;
  // Where the problem can, its state moves along t·X_S·d from the products above in one sweep;
  // a coordinate put on 0 (a kink reached, `positive`) has the rest of its step in `rest`.
  const along = problem.moveAlong !== undefined;
  const rest = gathered.rest;
  for (let i = 0; i < m; i++) {
    const j = S[i];
    const old = beta[j];
    const free = old + bestT * dir[i];
    let b = free;
    // The coordinate that set the kink step lands on 0 up to rounding: put it there.
    if (bestT === kink && Math.abs(b) <= 1e-12 * Math.abs(old)) b = 0;
    if (state.positive && b < 0) b = 0;
    rest[i] = b === free ? 0 : b - old - bestT * dir[i];
    const step = b - old;
    if (step === 0) continue;
    beta[j] = b;
    if (!along) problem.update(j, step);
  }
  if (along) (problem.moveAlong as NonNullable<CdProblem['moveAlong']>)(S, dir, bestT, rest, beta);
  problem.moved();
  return bestT;
}

/**
 * Whether a coordinate's objective has a kink at 0 (its λ1 > 0, or `positive` bounds it there): an
 * unpenalized coordinate crosses 0 smoothly, so neither a line search nor an exact step stops at it.
 */
export function kinkedAtZero(lambda1: number, positive: boolean): boolean {
  return lambda1 > 0 || positive;
}

/** Marks the place of the smooth part's minimizer among the fixed trials. */
const SMOOTH = -1;
/** Trials tried with kinks 'ignore' and 'try', in order (the kink step, where it applies, last). */
const FIXED_TRIALS = [1, SMOOTH, 0.5, 0.25, 0.1];
/** The trial steps of one line search and the objective's change at each, reused. */
const TRIALS = { trials: new Float64Array(FIXED_TRIALS.length + 1), changes: new Float64Array(FIXED_TRIALS.length + 1) };

/** Puts t as trial `count` when it is a step (> 0, finite); returns the new count. */
function addTrial(count: number, t: number): number {
  if (!(t > 0 && Number.isFinite(t))) return count;
  TRIALS.trials[count] = t;
  return count + 1;
}

/** The arrays `gather` fills, reused across calls (a line search runs to completion before the next starts). */
let gathered = { beta: new Float64Array(0), lambda1: new Float64Array(0), lambda2: new Float64Array(0), rest: new Float64Array(0) };

/**
 * β, λ1, λ2 on S, in S's order (entries past |S| are stale), and room for the steps' remainders
 * (see `moveAlong`), in arrays kept between calls: fresh
 * ones per step were most of the garbage of a one-hot path's line searches (three |S|-long arrays,
 * 2,400 steps).
 */
function gather(state: PenaltyState, S: readonly number[]): typeof gathered {
  const m = S.length;
  if (gathered.beta.length < m) {
    const room = Math.max(m, 2 * gathered.beta.length);
    gathered = { beta: new Float64Array(room), lambda1: new Float64Array(room), lambda2: new Float64Array(room), rest: new Float64Array(room) };
  }
  const { beta, lambda1, lambda2 } = gathered;
  for (let i = 0; i < m; i++) {
    const j = S[i];
    beta[i] = state.beta[j];
    lambda1[i] = state.lambda1[j];
    lambda2[i] = state.lambda2[j];
  }
  return gathered;
}
