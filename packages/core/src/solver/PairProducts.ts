import { dot } from '../math/dot.js';
import type { KernelProblem } from './KernelProblem.js';

/**
 * Cached inner products x_aᵀx_b among a bounded set of columns (naive mode's active Gram blocks).
 * Active sets along a path change by a few coordinates at a time, so each pair is computed once
 * (O(n)) instead of once per active set. Columns get slots on first use; when the slots run out
 * the cache starts over. Memory: capacity² doubles, allocated on first use.
 */
export class PairProducts {
  private readonly problem: KernelProblem;
  private readonly capacity: number;
  private readonly slot: Int32Array;
  private used = 0;
  private values: Float64Array | null = null;

  constructor(problem: KernelProblem, capacity: number) {
    this.problem = problem;
    this.capacity = capacity;
    this.slot = new Int32Array(problem.p).fill(-1);
  }

  /** Writes x_{S[a]}ᵀx_{S[b]} into M[a·k + b] (k = |S| ≤ capacity). */
  fill(S: readonly number[], M: Float64Array): void {
    const k = S.length;
    const { n, X } = this.problem;
    let fresh = 0;
    for (const j of S) if (this.slot[j] < 0) fresh++;
    if (this.used + fresh > this.capacity) this.reset();
    if (this.values === null) this.values = new Float64Array(this.capacity * this.capacity).fill(NaN);
    const V = this.values;
    const cap = this.capacity;
    const slots = S.map((j) => (this.slot[j] >= 0 ? this.slot[j] : (this.slot[j] = this.used++)));
    for (let a = 0; a < k; a++) {
      const sa = slots[a];
      for (let b = a; b < k; b++) {
        const sb = slots[b];
        let v = V[sa * cap + sb];
        if (Number.isNaN(v)) v = V[sa * cap + sb] = V[sb * cap + sa] = dot(X, S[a] * n, X, S[b] * n, n);
        M[a * k + b] = M[b * k + a] = v;
      }
    }
  }

  private reset(): void {
    this.slot.fill(-1);
    this.used = 0;
    this.values?.fill(NaN);
  }
}
