import { andersonWeights } from './andersonWeights.js';

/** Iterates per Anderson extrapolation (celer and skglm use 5). */
export const ANDERSON_K = 5;

/**
 * The iterates Anderson extrapolation needs (Bertrand & Massias 2021). Iterates on an unchanged
 * support come from one affine map (whichever set a pass visited), so the history survives
 * working-set passes until the support moves; every K + 1 iterates it proposes a direction
 * toward the extrapolated point, which the caller line-searches (see `stepAlong`).
 *
 * Memory: about 4(K + 1)·|support| doubles (the iterates, an ordered copy, andersonWeights' scratch,
 * the direction), kept between solves: a solver makes one and calls `reset`
 * per solve. (Typed arrays of more than 8 doubles cost ~2–3 µs each to make, off the JS heap — on
 * small problems, made per α and per extrapolation, they were a tenth of a path's time.)
 *
 * @example
 * const anderson = new AndersonHistory();
 * const dir = anderson.record(active, beta); // every 6th call on one support: a direction
 */
export class AndersonHistory {
  /** The last K + 1 iterates on `support`, iterate t in row t mod (K + 1). */
  private history = new Float64Array(0);
  /** andersonWeights' scratch (K·m + (K − 1)²), reused. */
  private work = new Float64Array(0);
  /** The direction's buffer: what `record` returns is valid until its next call. */
  private dir = new Float64Array(0);
  /** The iterates in order, oldest first, for an extrapolation between proposals. */
  private ordered = new Float64Array(0);
  /** Iterates recorded since the support last changed. */
  private stored = 0;
  private readonly support: number[] = [];

  /**
   * Forgets the iterates (a new solve); the buffers stay, the list's storage too: with none stored
   * the next `store` starts the history on its list, as on a new one, whether or not it equals the
   * old (cut to length 0 here, the list grew again by writes from 0 at every solve — on 80,000 ×
   * 50,000 sparse rows, supports past 16,000 coordinates each time, a third of a warm path's page
   * faults).
   */
  reset(): void {
    this.stored = 0;
  }

  /**
   * Stores β on `active`; returns the extrapolation direction (over `active`) when one is due, else
   * null. The direction is a view of a buffer reused by the next call.
   */
  record(active: readonly number[], beta: Float64Array): Float64Array | null {
    return this.store(active, beta) ? this.direction(this.history, beta) : null;
  }

  /**
   * `record` where the caller knows `list` is the list of the last store, unchanged since, and has
   * β on it in the list's order (`values`, as a pass left it: see `CdProblem.passed`): a copy in
   * place of a gather by index and a comparison of the lists (with the listing of the nonzeros the
   * caller skips, about a third of the passes' own time on one-hot 2,703 × 34,000, whose columns
   * have 1.6 nonzeros: that path 1.08× faster, the same bits).
   */
  recordPassed(list: readonly number[], values: Float64Array, beta: Float64Array): Float64Array | null {
    const m = list.length;
    if (m === 0 || this.support.length !== m || this.stored === 0) return this.record(list, beta);
    this.history.set(values.subarray(0, m), (this.stored % (ANDERSON_K + 1)) * m);
    return ++this.stored % (ANDERSON_K + 1) === 0 ? this.direction(this.history, beta) : null;
  }

  /**
   * Stores β on `list` (a new list forgets the iterates before it); true when the rows are in
   * order with K + 1 iterates since the last proposal — when `record` proposes a direction.
   */
  store(list: readonly number[], beta: Float64Array): boolean {
    const m = list.length;
    if (m === 0) return false;
    const { support } = this;
    // On the same list (the usual case) β is copied in the loop that compares the lists: one read
    // of each instead of two (on 37,000 columns the two loops were a tenth of a sparse path's time).
    let same = support.length === m;
    if (same) {
      const { history } = this;
      const at = (this.stored % (ANDERSON_K + 1)) * m;
      for (let i = 0; i < m; i++) {
        const j = list[i];
        if (j !== support[i]) {
          same = false;
          break;
        }
        history[at + i] = beta[j];
      }
    }
    if (!same) {
      for (let i = 0; i < m; i++) support[i] = list[i];
      support.length = m;
      this.stored = 0;
      if (this.history.length < (ANDERSON_K + 1) * m) {
        const room = Math.max(2 * this.history.length, (ANDERSON_K + 1) * m);
        this.history = new Float64Array(room);
        this.work = new Float64Array(room + (ANDERSON_K - 1) ** 2);
        this.dir = new Float64Array(room);
      }
      const { history } = this;
      for (let i = 0; i < m; i++) history[i] = beta[list[i]];
    }
    // Every K + 1 iterates the rows are in order (oldest in row 0).
    return ++this.stored % (ANDERSON_K + 1) === 0;
  }

  /**
   * The extrapolation of the last K + 1 iterates recorded on one support, between proposals too,
   * as a direction from β over that support (`support`, a view of the history's list), or null
   * with fewer iterates or no move. Not a step to take — its objective is not checked — but a
   * point whose residual r − X_S·dir makes a sharper dual point than r itself (celer's dual
   * extrapolation: Massias, Gramfort & Salmon 2018), on iterates converging linearly.
   */
  extrapolated(beta: Float64Array): { support: readonly number[]; dir: Float64Array } | null {
    const m = this.support.length;
    const K1 = ANDERSON_K + 1;
    if (m === 0 || this.stored < K1) return null;
    if (this.ordered.length < this.history.length) this.ordered = new Float64Array(this.history.length);
    const { history, ordered } = this;
    for (let k = 0; k < K1; k++) ordered.set(history.subarray(((this.stored + k) % K1) * m, ((this.stored + k) % K1 + 1) * m), k * m);
    const dir = this.direction(ordered, beta);
    return dir === null ? null : { support: this.support, dir };
  }

  /** The direction to Σ c_k x_{k+1} from β (iterates `hist` in order on `support`), or null. */
  private direction(hist: Float64Array, beta: Float64Array): Float64Array | null {
    const m = this.support.length;
    const { support } = this;
    const weights = andersonWeights(hist, m, ANDERSON_K, this.work);
    if (weights === null) return null;
    const dir = this.dir.subarray(0, m);
    let moves = false;
    for (let i = 0; i < m; i++) {
      let v = 0;
      for (let k = 0; k < ANDERSON_K; k++) v += weights[k] * hist[(k + 1) * m + i];
      dir[i] = v - beta[support[i]];
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
