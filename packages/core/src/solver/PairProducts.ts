/** Many products with one column in one kernel call: values[t] = x_{cols[t]}ᵀx_j for t < count. */
export interface ManyProducts {
  /** Where `compute` reads the columns and writes the products (as long as the capacity). */
  readonly cols: Int32Array;
  readonly values: Float64Array;
  compute(j: number, count: number): void;
  /**
   * Optional: `compute` for two columns in one sweep, x_{cols[t]}ᵀx_j into values and
   * x_{cols[t]}ᵀx_j2 into values2, each summed as `compute` sums it; false where it cannot (nothing
   * computed).
   */
  readonly values2?: Float64Array;
  compute2?(j: number, j2: number, count: number): boolean;
}

/**
 * Cached inner products x_aᵀx_b among a bounded set of columns (the active Gram of the support
 * factor and the ridge system). Active sets along a path change by a few coordinates at a time, so
 * each pair is computed once instead of once per active set. Columns get slots on first use; when
 * the slots run out the cache starts over. Memory: the lower triangle of the slots in use, packed
 * row after row (slot s's row holds its products with slots 0 … s), so a new slot appends a row and
 * nothing moves but the buffer's doubling. (A capacity² array made up front, or a square of the
 * slots in use doubled as it filled, took several times the memory and its fresh pages a share of a
 * wide path's time; a Map keyed by a·p + b, the sparse problem's cache before, took more time in
 * lookups and rehashing than the sparse products it saved (README: "Measurements behind the
 * constants").)
 */
export class PairProducts {
  private readonly capacity: number;
  private readonly slot: Int32Array;
  private used = 0;
  /** The packed lower triangle: the pair of slots s ≥ t at s·(s + 1)/2 + t; NaN where not computed. */
  private values = new Float64Array(0);
  /** `row`'s positions of the pairs it computes. */
  private missing = new Int32Array(0);

  /** `compute(a, b)` is x_aᵀx_b for columns a, b of p. */
  constructor(
    p: number,
    capacity: number,
    private readonly compute: (a: number, b: number) => number,
    private readonly many?: ManyProducts,
  ) {
    this.capacity = Math.max(capacity, 2);
    this.slot = new Int32Array(p).fill(-1);
  }

  /** x_aᵀx_b. Computed the first time, O(1) after. */
  get(a: number, b: number): number {
    const V = this.room(this.newSlots(NO_COLUMNS, a, b));
    const at = at2(this.slotOf(a), this.slotOf(b));
    let v = V[at];
    if (Number.isNaN(v)) v = V[at] = this.compute(a, b);
    return v;
  }

  /**
   * out[i] = x_{list[i]}ᵀx_j for i < list.length (list without duplicates): the cached ones copied,
   * the rest computed together by `many` (one sweep of the kernel per four columns instead of a
   * call per pair), else one by one. Cost: O(n) per pair not cached.
   */
  row(list: readonly number[], j: number, out: Float64Array): void {
    const { many, slot } = this;
    const k = list.length;
    if (many === undefined || k >= this.capacity) {
      for (let i = 0; i < k; i++) out[i] = this.get(list[i], j);
      return;
    }
    const V = this.room(this.newSlots(list, j, j));
    const sj = this.slotOf(j);
    const missing = this.missing.length >= k ? this.missing : (this.missing = new Int32Array(this.capacity));
    let m = 0;
    for (let i = 0; i < k; i++) {
      const a = list[i];
      const v = V[at2(this.slotOf(a), sj)];
      if (Number.isNaN(v)) {
        many.cols[m] = a;
        missing[m++] = i;
      } else out[i] = v;
    }
    if (m === 0) return;
    many.compute(j, m);
    for (let t = 0; t < m; t++) {
      const v = many.values[t];
      V[at2(slot[many.cols[t]], sj)] = v;
      out[missing[t]] = v;
    }
  }

  /**
   * Computes, in one `compute2` sweep, the products of j and of j2 with each listed column for
   * which both are missing (j, j2 not in the list), so that `row(list, j)` and `row(list, j2)`
   * then copy them — the same values. Pairs missing for one of the two are left to `row`. A no-op
   * without `compute2`, or where the slots would run out.
   */
  pair(list: readonly number[], j: number, j2: number): void {
    const { many, slot } = this;
    const k = list.length;
    if (many?.compute2 === undefined || many.values2 === undefined || j === j2 || k + 2 > this.capacity) return;
    const needed = this.newSlots(list, j, j2);
    // Never where the cache would start over: `row` starts it over where it would have (a pair
    // computed before the start and recomputed after it may come from another kernel — `get`'s
    // dot — and so differ in its last bits).
    if (this.used + needed > this.capacity) return;
    const V = this.room(needed);
    const sj = this.slotOf(j);
    const sj2 = this.slotOf(j2);
    let m = 0;
    for (let i = 0; i < k; i++) {
      const a = list[i];
      if (a === j || a === j2) continue;
      const sa = this.slotOf(a);
      if (Number.isNaN(V[at2(sa, sj)]) && Number.isNaN(V[at2(sa, sj2)])) many.cols[m++] = a;
    }
    if (m === 0 || !many.compute2(j, j2, m)) return;
    const { values, values2 } = many;
    for (let t = 0; t < m; t++) {
      const sa = slot[many.cols[t]];
      V[at2(sa, sj)] = values[t];
      V[at2(sa, sj2)] = values2[t];
    }
  }

  /** Slots that `list`, j and j2 (j2 = j for one) would take that have none yet, each column once. */
  private newSlots(list: readonly number[], j: number, j2: number): number {
    const { slot } = this;
    let needed = (slot[j] < 0 ? 1 : 0) + (slot[j2] < 0 && j2 !== j ? 1 : 0);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (slot[a] < 0 && a !== j && a !== j2) needed++;
    }
    return needed;
  }

  /**
   * The values, with room for `needed` more columns' slots: grown (pairs kept) while under the
   * capacity, else the cache starts over.
   */
  private room(needed: number): Float64Array {
    if (this.used + needed > this.capacity) this.reset();
    const slots = this.used + needed;
    const want = (slots * (slots + 1)) / 2;
    const old = this.values;
    if (want <= old.length) return old;
    // Doubled (at least 16 slots' rows): the copy is the filled prefix, the NaNs only the new part.
    const values = new Float64Array(Math.max(want, 2 * old.length, 136));
    values.set(old);
    values.fill(NaN, old.length);
    this.values = values;
    return values;
  }

  /** Column a's slot, given one on first use (after `room`). */
  private slotOf(a: number): number {
    const { slot } = this;
    return slot[a] >= 0 ? slot[a] : (slot[a] = this.used++);
  }

  private reset(): void {
    this.slot.fill(-1);
    this.used = 0;
    this.values.fill(NaN);
  }
}

const NO_COLUMNS: readonly number[] = [];

/** The packed lower triangle's index of the pair of slots s, t (either order). */
function at2(s: number, t: number): number {
  return s >= t ? (s * (s + 1)) / 2 + t : (t * (t + 1)) / 2 + s;
}
