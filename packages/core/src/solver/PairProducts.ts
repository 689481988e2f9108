/**
 * Cached inner products x_aᵀx_b among a bounded set of columns (the active Gram of the support
 * factor and the ridge system). Active sets along a path change by a few coordinates at a time, so
 * each pair is computed once instead of once per active set. Columns get slots on first use; when
 * the slots run out the cache starts over. Memory: capacity² doubles, allocated on first use. (A
 * Map keyed by a·p + b did the sparse problem's caching before: its lookups and rehashing took more
 * time than the sparse products they saved — 30 % of a 2,000 × 20,000 bag-of-words path.)
 */
export class PairProducts {
  private readonly capacity: number;
  private readonly slot: Int32Array;
  private used = 0;
  private values: Float64Array | null = null;

  /** `compute(a, b)` is x_aᵀx_b for columns a, b of p. */
  constructor(
    p: number,
    capacity: number,
    private readonly compute: (a: number, b: number) => number,
  ) {
    this.capacity = Math.max(capacity, 2);
    this.slot = new Int32Array(p).fill(-1);
  }

  /** x_aᵀx_b. Computed the first time, O(1) after. */
  get(a: number, b: number): number {
    const { slot, capacity: cap } = this;
    const needed = (slot[a] < 0 ? 1 : 0) + (slot[b] < 0 && b !== a ? 1 : 0);
    if (this.used + needed > cap) this.reset();
    if (this.values === null) this.values = new Float64Array(cap * cap).fill(NaN);
    const sa = slot[a] >= 0 ? slot[a] : (slot[a] = this.used++);
    const sb = slot[b] >= 0 ? slot[b] : (slot[b] = this.used++);
    const V = this.values;
    let v = V[sa * cap + sb];
    if (Number.isNaN(v)) v = V[sa * cap + sb] = V[sb * cap + sa] = this.compute(a, b);
    return v;
  }

  private reset(): void {
    this.slot.fill(-1);
    this.used = 0;
    this.values?.fill(NaN);
  }
}
