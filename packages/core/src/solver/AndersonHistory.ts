import { andersonWeights } from './andersonWeights.js';

/** Iterates per Anderson extrapolation (celer and skglm use 5). */
export const ANDERSON_K = 5;

/**
 * The iterates Anderson extrapolation needs (Bertrand & Massias 2021). Iterates on an unchanged
 * support come from one affine map (whichever set a pass visited), so the history survives
 * working-set passes until the support moves; every K + 1 iterates it proposes a direction
 * toward the extrapolated point, which the caller line-searches (see `stepAlong`).
 *
 * Memory: (2K + 2)·|support| doubles, kept between solves: a solver makes one and calls `reset`
 * per solve. (Typed arrays of more than 8 doubles cost ~2–3 µs each to make, off the JS heap — on
 * small problems, made per α and per extrapolation, they were a tenth of a path's time.)
 *
 * @example
 * const anderson = new AndersonHistory();
 * const dir = anderson.record(active, beta); // every 6th call on one support: a direction
 */
export class AndersonHistory {
  private history = new Float64Array(0);
  /** andersonWeights' scratch (K·m + (K − 1)²), reused. */
  private work = new Float64Array(0);
  /** The direction's buffer: what `record` returns is valid until its next call. */
  private dir = new Float64Array(0);
  private stored = 0;
  private readonly support: number[] = [];

  /** Forgets the iterates (a new solve); the buffers stay. */
  reset(): void {
    this.stored = 0;
    this.support.length = 0;
  }

  /**
   * Stores β on `active`; returns the extrapolation direction (over `active`) when one is due, else
   * null. The direction is a view of a buffer reused by the next call.
   */
  record(active: readonly number[], beta: Float64Array): Float64Array | null {
    const m = active.length;
    if (m === 0) return null;
    if (!sameList(active, this.support)) {
      const { support } = this;
      for (let i = 0; i < m; i++) support[i] = active[i];
      support.length = m;
      this.stored = 0;
      if (this.history.length < (ANDERSON_K + 1) * m) {
        const room = Math.max(2 * this.history.length, (ANDERSON_K + 1) * m);
        this.history = new Float64Array(room);
        this.work = new Float64Array(room + (ANDERSON_K - 1) ** 2);
        this.dir = new Float64Array(room);
      }
    }
    const { history } = this;
    for (let i = 0; i < m; i++) history[this.stored * m + i] = beta[active[i]];
    if (++this.stored < ANDERSON_K + 1) return null;
    this.stored = 0;
    const weights = andersonWeights(history, m, ANDERSON_K, this.work);
    if (weights === null) return null;
    const dir = this.dir.subarray(0, m);
    let moves = false;
    for (let i = 0; i < m; i++) {
      let v = 0;
      for (let k = 0; k < ANDERSON_K; k++) v += weights[k] * history[(k + 1) * m + i];
      dir[i] = v - beta[active[i]];
      if (dir[i] !== 0) moves = true;
    }
    return moves ? dir : null;
  }
}

/** Whether two index lists are equal element by element. */
export function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
