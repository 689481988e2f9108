import type { Workspace } from '../wasm/Workspace.js';
import type { KernelProblem } from './KernelProblem.js';

/**
 * Cached inner products x_aᵀx_b among a bounded set of columns (naive mode's active Gram).
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

  private readonly ws: Workspace;

  constructor(problem: KernelProblem, ws: Workspace, capacity: number) {
    this.problem = problem;
    this.ws = ws;
    this.capacity = Math.max(capacity, 2);
    this.slot = new Int32Array(problem.p).fill(-1);
  }

  /** x_aᵀx_b. Cost O(n) the first time, O(1) after. */
  get(a: number, b: number): number {
    const { slot, capacity: cap } = this;
    const needed = (slot[a] < 0 ? 1 : 0) + (slot[b] < 0 && b !== a ? 1 : 0);
    if (this.used + needed > cap) this.reset();
    if (this.values === null) this.values = new Float64Array(cap * cap).fill(NaN);
    const sa = slot[a] >= 0 ? slot[a] : (slot[a] = this.used++);
    const sb = slot[b] >= 0 ? slot[b] : (slot[b] = this.used++);
    const V = this.values;
    let v = V[sa * cap + sb];
    if (Number.isNaN(v)) {
      const { n, X } = this.problem;
      v = V[sa * cap + sb] = V[sb * cap + sa] = this.ws.dot(X, a * n, X, b * n, n);
    }
    return v;
  }

  private reset(): void {
    this.slot.fill(-1);
    this.used = 0;
    this.values?.fill(NaN);
  }
}
