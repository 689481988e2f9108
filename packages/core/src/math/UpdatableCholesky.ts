import { Workspace } from '../wasm/Workspace.js';

/**
 * Past this many rows a factor's memory is WebAssembly's of its own (its first stride past it: 256
 * with doubling strides — one memory made per factor, not pooled; see `reserve`); up to it, room
 * the problem's workspace reserves for its solver's factors (`arena`, see {@link
 * UpdatableCholesky.arenaDoubles}) where there is one, else ordinary arrays. A memory per factor
 * from 16 rows had cost more than its kernels saved on small paths (Elastic Net and 2000 × 50
 * paths +5 to +60 %).
 */
const OWN_MEMORY_ROWS = 128;
/**
 * From this many rows on, a factor in WebAssembly memory runs its row operations (dot and axpy over
 * a row of L, its solves) as the SIMD kernels; below, a kernel call's overhead outweighs them.
 */
const KERNEL_ROWS = 16;
/** A workspace with room for a factor of a p × p matrix (see {@link UpdatableCholesky.arenaDoubles}). */
export interface FactorArena {
  readonly ws: Workspace;
  readonly p: number;
}

/** The TypeScript kernels for smaller factors (a workspace without memory). */
let plain: Workspace | undefined;

/**
 * Cholesky factor L·Lᵀ = A_SS of a principal submatrix of a symmetric positive definite matrix A,
 * kept up to date as the index set S changes: appending an index costs O(k²) (one triangular
 * solve), removing one O(k²) (a rank-one update of the trailing block), so following an active
 * set along a path costs O(k²) per change instead of O(k³/3) per set. After k removals the factor
 * is rebuilt from scratch, which bounds the rounding drift of their rotations at no extra order of
 * cost. Appends are not counted: a row appended is solved against the factor as it is and adds no
 * drift of its own, and a path that only grows its set would otherwise factor it twice over
 * (README: "Measurements behind the constants").
 *
 * The factor's row order is its own (`order`): indices are appended, not sorted.
 * `entry(a, b)` must return A[a][b] for indices of S.
 *
 * @example
 * const f = new UpdatableCholesky((a, b) => G[a * p + b], 1e-8);
 * if (f.setTo([0, 3, 7])) f.solve(rhsInOrder);
 */
export class UpdatableCholesky {
  /** Indices of S in factor order. */
  order: number[] = [];
  private L: Float64Array = new Float64Array(0);
  private stride = 0;
  /**
   * A set known to be numerically singular (the factor's rows when an append failed, and the index
   * that failed), or empty: every set holding it is at least as ill-conditioned, so `setTo` refuses
   * those at once. The factor keeps its rows up to the failure, so the next set starts from them.
   * (Cleared and rebuilt from scratch after each failure, a bag-of-words path with duplicate
   * columns rebuilt a factor of ~120 rows 28 times: 40 % of its time.)
   */
  private singular: number[] = [];
  /** Rows removed since the last rebuild. */
  private removals = 0;
  private readonly entry: (a: number, b: number) => number;
  /** Optional: out[i] = A[list[i]][j] for every i at once (a new row's entries in one call). */
  private readonly row?: (list: readonly number[], j: number, out: Float64Array) => void;
  /**
   * Optional: readies `row`'s products of two new indices against a list in one sweep (see
   * `CdProblem.crossPair`); `appendFour` calls it for its two pairs against the factor's rows.
   */
  private readonly pair?: (list: readonly number[], j: number, j2: number) => void;
  /** Scratch for a new column's entries. */
  private column = new Float64Array(0);
  /** setTo's membership stamps (by index) and its list of added indices, reused. */
  private mark = new Int32Array(0);
  private stamp = 0;
  private readonly added: number[] = [];
  /** `solve`'s result and the scratch of quadraticForm / removeAt (stride long), reused. */
  private out: Float64Array = new Float64Array(0);
  private work: Float64Array = new Float64Array(0);
  /** removeAt's rotations (sines; cosines in `work`). */
  private rot: Float64Array = new Float64Array(0);
  /** The memory of L, `out` and `work` and its kernels (WebAssembly's, else null). */
  private ws: Workspace | null = null;
  private readonly minPivot: number;
  /** Where the factor's first memory comes from, up to OWN_MEMORY_ROWS rows (see the constructor). */
  private readonly arena: FactorArena | undefined;

  /**
   * @param minPivot a pivot ≤ minPivot·(its diagonal entry) marks the submatrix as (near-)singular;
   *   `setTo` then returns false until S changes again.
   * @param arena a workspace with {@link UpdatableCholesky.arenaDoubles}(p) doubles of room left for
   *   this factor of a p × p matrix: its memory up to OWN_MEMORY_ROWS rows, taken whole at the first
   *   row, so its solves run as kernels without a memory of their own. Used as long as its owner
   *   lives (a problem's workspace, given back when the problem's path ends).
   * @param pair readies `row`'s entries of two new indices against a list at once (see the field).
   */
  constructor(
    entry: (a: number, b: number) => number,
    minPivot: number,
    row?: (list: readonly number[], j: number, out: Float64Array) => void,
    arena?: FactorArena,
    pair?: (list: readonly number[], j: number, j2: number) => void,
  ) {
    this.entry = entry;
    this.minPivot = minPivot;
    this.row = row;
    this.arena = arena;
    this.pair = pair;
  }

  /** Room a factor of a p × p matrix takes in its `arena` (float64 values). */
  static arenaDoubles(p: number): number {
    const s = arenaStride(p);
    return s * s + 3 * s + 8;
  }

  get size(): number {
    return this.order.length;
  }

  /**
   * Brings the factor to the index set S (any order, no duplicates); false when A_SS is
   * numerically singular. Cost: O(k²) per index added or removed, O(k³/3) on a rebuild.
   */
  setTo(S: readonly number[]): boolean {
    // Membership by stamps in an index-long array, not Sets (several calls per α; see `diff`).
    const { order, singular } = this;
    const mark = this.marks(S, order, singular);
    if (singular.length > 0) {
      // A stamp of its own (stamps only grow, by two: `both` is the one past each `have`).
      const inS = (this.stamp += 2);
      for (const j of S) mark[j] = inS;
      if (singular.every((j) => mark[j] === inS)) return false;
    }
    const both = this.diff(S);
    const { added } = this;
    const removed = order.length - (S.length - added.length);
    if (removed === 0 && added.length === 0) return true;
    this.removals += removed;
    if (this.removals > Math.max(8, S.length)) return this.rebuild(S);
    for (let i = order.length - 1; i >= 0; i--) if (mark[order[i]] !== both) this.removeAt(i);
    return this.appendAll(added);
  }

  /**
   * Rough flops of bringing the factor to S: per index added its row (k entries at `entryFlops`
   * each) and a forward solve (k²), per index removed a sweep of rotations (k²), k = |S|. O(|S| + k).
   */
  changeCost(S: readonly number[], entryFlops: number): number {
    this.diff(S);
    const k = S.length;
    const added = this.added.length;
    const removed = this.order.length - (k - added);
    return added * k * (entryFlops + k) + removed * k * k;
  }

  /**
   * S against the factor's order: S's indices not in the factor into `added`, and the stamp that
   * marks the factor's indices also in S (the others are to be removed). O(|S| + k).
   */
  private diff(S: readonly number[]): number {
    const { order } = this;
    const mark = this.marks(S, order);
    const have = (this.stamp += 2);
    const both = have + 1;
    // Indexed loops, not for…of: a first call in a process runs this interpreted, where each
    // iterator step allocated its result (with marks, ~0.8 MB of a first 1000 × 100 path's 13).
    for (let i = 0; i < order.length; i++) mark[order[i]] = have;
    const added = this.added;
    added.length = 0;
    for (let i = 0; i < S.length; i++) {
      const j = S[i];
      if (mark[j] === have) mark[j] = both;
      else added.push(j);
    }
    return both;
  }

  /** The stamp array, long enough for every index of the lists. */
  private marks(a: readonly number[], b: readonly number[], c?: readonly number[]): Int32Array {
    const top = Math.max(largest(a), largest(b), c === undefined ? -1 : largest(c));
    if (top >= this.mark.length) this.mark = new Int32Array(Math.max(2 * this.mark.length, top + 1, 64));
    return this.mark;
  }

  /**
   * Solves A_SS·x = b with b and x in factor order (`order`). Cost O(k²), rows read contiguously.
   * x is a view of a buffer the next `solve` reuses.
   */
  solve(b: Float64Array): Float64Array {
    const k = this.order.length;
    const x = this.out.subarray(0, k);
    x.set(b.subarray(0, k));
    this.forwardInPlace(k);
    this.backwardInPlace(k);
    return x;
  }

  /** Solves L·z = b into `out` (may be b itself), factor order. Cost O(k²). */
  forward(b: Float64Array, out: Float64Array): void {
    const k = this.order.length;
    this.out.set(b.subarray(0, k));
    this.forwardInPlace(k);
    out.set(this.out.subarray(0, k));
  }

  /** Solves Lᵀ·x = z into `out` (may be z itself), factor order. Cost O(k²). */
  backward(z: Float64Array, out: Float64Array): void {
    const k = this.order.length;
    this.out.set(z.subarray(0, k));
    this.backwardInPlace(k);
    out.set(this.out.subarray(0, k));
  }

  /** L·z = b on `out`'s first k entries: row i of L against z so far. */
  private forwardInPlace(k: number): void {
    this.kernels(k).forwardSolve(this.L, this.stride, this.out, 0, k);
  }

  /** Lᵀ·x = z on `out`'s first k entries, column by column: column i of Lᵀ is row i of L, read contiguously. */
  private backwardInPlace(k: number): void {
    this.kernels(k).backwardSolve(this.L, this.stride, this.out, k);
  }

  /**
   * The workspace whose kernels run row operations on a factor of k rows: the factor's memory's
   * from KERNEL_ROWS rows on, else a plain one (its TypeScript loops; the same operations, summed
   * in another order).
   */
  private kernels(k: number): Workspace {
    return (k >= KERNEL_ROWS ? this.ws : null) ?? (plain ??= Workspace.plain());
  }

  /** Forgets the factor: the next `setTo` builds it afresh (after the entries have changed). */
  clear(): void {
    this.order = [];
    this.removals = 0;
    this.singular = [];
  }

  /**
   * Forgets the factor and hands a memory of its own (past OWN_MEMORY_ROWS rows) back to the pool
   * for the next factor (see `Workspace.release`: a fresh memory's first touch costs a page fault
   * per 4 KiB — about 3 ms a MiB where bench:floor measured it, and a 10,000 × 1,000 path's
   * factors had faulted in 10.5 MB each time). Only for an owner done with it and with every
   * `solve`'s result: the solver at its path's end.
   */
  release(): void {
    if (this.stride > OWN_MEMORY_ROWS) this.ws?.release();
    this.clear();
    this.L = this.out = this.work = this.rot = new Float64Array(0);
    this.stride = 0;
    this.ws = null;
  }

  /**
   * Takes a factor made elsewhere (a WebAssembly factorization of a block, say): `factor` is the
   * row-major k×k Cholesky factor of A_SS in the order of S (its lower triangle is read). Cost O(k²).
   */
  load(S: readonly number[], factor: Float64Array): void {
    const k = S.length;
    this.order = [];
    this.reserve(k);
    const { L, stride: s } = this;
    for (let r = 0; r < k; r++) for (let c = 0; c <= r; c++) L[r * s + c] = factor[r * k + c];
    this.order = S.slice();
    this.removals = 0;
    // Made elsewhere, maybe of other entries (the ridge system's new Λ2): what was singular may not be.
    this.singular = [];
  }

  /** xᵀ·A_SS·x = ‖Lᵀx‖² for x in factor order. Cost O(k²), rows read contiguously. */
  quadraticForm(x: Float64Array): number {
    const { L, stride: s } = this;
    const k = this.order.length;
    const v = this.work.subarray(0, k).fill(0);
    this.kernels(k).transposeTimes(L, s, x, k, this.work);
    let total = 0;
    for (let t = 0; t < k; t++) total += v[t] * v[t];
    return total;
  }

  /** Records that the factor's rows and j are singular together; the rows stay factored. */
  private failedAt(j: number): false {
    this.singular = [...this.order, j];
    return false;
  }

  private rebuild(S: readonly number[]): boolean {
    this.order = [];
    this.removals = 0;
    return this.appendAll(S);
  }

  /**
   * Appends the indices of `js` in order; false (the factor keeping the rows before it) where one
   * fails. From KERNEL_ROWS rows on, four at a time ({@link appendFour}): the factor's rows are read
   * once per four new rows instead of once per row — a wide support's appends come mostly in
   * batches of nine and more (README: "Measurements behind the constants").
   */
  private appendAll(js: readonly number[]): boolean {
    let t = 0;
    while (t < js.length) {
      if (this.order.length >= KERNEL_ROWS && js.length - t >= 4) {
        const failed = this.appendFour(js, t);
        if (failed >= 0) return this.failedAt(js[t + failed]);
        t += 4;
      } else {
        if (!this.append(js[t])) return this.failedAt(js[t]);
        t++;
      }
    }
    return true;
  }

  /** Adds index j as the last row: L·l = A_Sj, d = √(A_jj − ‖l‖²). */
  private append(j: number): boolean {
    const k = this.order.length;
    this.reserve(k + 1);
    // Entries first, then the triangular solve: the numeric loop stays free of the callback (whose
    // call site sees different closures in naive and covariance solvers).
    const a = this.column.length > k ? this.column : (this.column = new Float64Array(2 * (k + 1)));
    if (this.row !== undefined) this.row(this.order, j, a);
    else for (let i = 0; i < k; i++) a[i] = this.entry(this.order[i], j);
    const diag = this.entry(j, j);
    return this.appendColumn(j, a, diag, k);
  }

  /**
   * Appends js[from …from + 4) as `append` would one by one — the same values bit for bit: their
   * entries against the factor's rows and each other first, then one four-row solve against the
   * k rows there were, then each row's solve against the new rows before it, its pivot and its
   * check. Returns the offset of the first that fails (the rows before it appended), or −1.
   */
  private appendFour(js: readonly number[], from: number): number {
    const k = this.order.length;
    this.reserve(k + 4);
    const { L, stride: s, order } = this;
    const a = this.column.length > k + 4 ? this.column : (this.column = new Float64Array(2 * (k + 4)));
    // Their products with the factor's rows two new rows a sweep, for `row` to copy: the rows are
    // read twice per four new rows instead of four times, where X_S comes from memory (README:
    // "Measurements behind the constants"); the same bits.
    if (this.pair !== undefined && this.row !== undefined) {
      this.pair(order, js[from], js[from + 1]);
      this.pair(order, js[from + 2], js[from + 3]);
    }
    for (let u = 0; u < 4; u++) {
      // Row u's entries against the factor's rows and the new rows before it, as `append` gets them.
      const j = js[from + u];
      for (let v = 0; v < u; v++) order.push(js[from + v]);
      if (this.row !== undefined) this.row(order, j, a);
      else for (let i = 0; i < k + u; i++) a[i] = this.entry(order[i], j);
      order.length = k;
      L.set(a.subarray(0, k + u), (k + u) * s);
    }
    const ws = this.kernels(k);
    ws.forwardSolve4(L, s, L, k * s, k);
    for (let u = 0; u < 4; u++) {
      const j = js[from + u];
      const row = (k + u) * s;
      for (let i = k; i < k + u; i++) L[row + i] = (L[row + i] - ws.dot(L, i * s, L, row, i)) / L[i * s + i];
      if (!this.pivot(j, row, k + u, this.entry(j, j))) return u;
    }
    return -1;
  }

  /** L·l = a (the new row l), d = √(diag − ‖l‖²); false when d is not a safe pivot. */
  private appendColumn(j: number, a: Float64Array, diag: number, k: number): boolean {
    const { L, stride: s } = this;
    const row = k * s;
    L.set(a.subarray(0, k), row);
    this.kernels(k).forwardSolve(L, s, L, row, k);
    return this.pivot(j, row, k, diag);
  }

  /**
   * The pivot of the row at `row` whose first k entries are solved: d = √(diag − ‖l‖²) as its
   * entry k, and j appended to the order; false (nothing appended) when d is not a safe pivot.
   */
  private pivot(j: number, row: number, k: number, diag: number): boolean {
    const { L } = this;
    let d2 = diag;
    for (let t = 0; t < k; t++) d2 -= L[row + t] * L[row + t];
    if (!(d2 > this.minPivot * diag)) return false;
    L[row + k] = Math.sqrt(d2);
    this.order.push(j);
    return true;
  }

  /**
   * Drops row/column i. Rows above i are unchanged; the trailing block absorbs column i below the
   * diagonal as a rank-one update (L₃₃'L₃₃'ᵀ = L₃₃L₃₃ᵀ + v·vᵀ) by Givens rotations, then rows and
   * columns shift up. Rotation t depends only on rows up to t, so the block is swept row by row
   * (each row takes the rotations of the rows above it, then gives its own): L is read
   * contiguously — the same arithmetic as column by column, in another order of rows.
   */
  private removeAt(i: number): void {
    const { L, stride: s } = this;
    const k = this.order.length;
    const m = k - i - 1;
    const cos = this.work;
    const sin = this.rot;
    let q = 0;
    // Four rows at a time through the rotations above them all: each row's rotations are a chain
    // (v carries from one to the next, through a division), four chains side by side keep the
    // divider busy instead of waiting on it. Each row's arithmetic and its order are unchanged.
    // (3000 × 3000 Lasso path, supports near 2,800: removals 10.8 s of 44 s one row at a time.)
    for (; q + 3 < m; q += 4) {
      const r0 = (i + 1 + q) * s + i + 1;
      const r1 = r0 + s;
      const r2 = r1 + s;
      const r3 = r2 + s;
      let v0 = L[r0 - 1];
      let v1 = L[r1 - 1];
      let v2 = L[r2 - 1];
      let v3 = L[r3 - 1];
      for (let t = 0; t < q; t++) {
        const c = cos[t];
        const sn = sin[t];
        const l0 = (L[r0 + t] + sn * v0) / c;
        const l1 = (L[r1 + t] + sn * v1) / c;
        const l2 = (L[r2 + t] + sn * v2) / c;
        const l3 = (L[r3 + t] + sn * v3) / c;
        L[r0 + t] = l0;
        L[r1 + t] = l1;
        L[r2 + t] = l2;
        L[r3 + t] = l3;
        v0 = c * v0 - sn * l0;
        v1 = c * v1 - sn * l1;
        v2 = c * v2 - sn * l2;
        v3 = c * v3 - sn * l3;
      }
      this.finishRow(r0, v0, q, q);
      this.finishRow(r1, v1, q, q + 1);
      this.finishRow(r2, v2, q, q + 2);
      this.finishRow(r3, v3, q, q + 3);
    }
    for (; q < m; q++) {
      const row = (i + 1 + q) * s + i + 1;
      this.finishRow(row, L[row - 1], 0, q);
    }
    // Shift: row r > i moves to r − 1; column c > i moves to c − 1.
    for (let r = i; r < k - 1; r++) {
      const dst = r * s;
      const src = (r + 1) * s;
      L.copyWithin(dst, src, src + i);
      L.copyWithin(dst + i, src + i + 1, src + r + 2);
    }
    this.order.splice(i, 1);
  }

  /**
   * Row `row` of removeAt's sweep (q, its place below the removed one): the rotations from..q−1
   * applied to it (v: the removed column's entry, carried), then its own rotation q.
   */
  private finishRow(row: number, v: number, from: number, q: number): void {
    const { L } = this;
    const cos = this.work;
    const sin = this.rot;
    for (let t = from; t < q; t++) {
      const at = row + t;
      const l = (L[at] + sin[t] * v) / cos[t];
      L[at] = l;
      v = cos[t] * v - sin[t] * l;
    }
    const tt = row + q;
    const r = Math.hypot(L[tt], v);
    cos[q] = r / L[tt];
    sin[q] = v / L[tt];
    L[tt] = r;
  }

  private reserve(k: number): void {
    if (k <= this.stride) return;
    const arena = this.stride === 0 && this.arena !== undefined && k <= arenaStride(this.arena.p) ? this.arena : null;
    // A factor of a p × p matrix (the arena's p) never has more than p rows: strides stop there.
    const cap = this.arena === undefined ? Infinity : this.arena.p + (this.arena.p % 2);
    let stride = arena !== null ? arenaStride(arena.p) : Math.max(k, Math.min(Math.max(16, 2 * this.stride), cap));
    // Past OWN_MEMORY_ROWS a memory of its own (on growth left to the garbage collector, not
    // pooled: a caller may still hold a view of the last solve; see `release`); before, the
    // arena's room once. Where the factor's most rows are known (the arena's p), a pooled memory
    // with room for up to them serves, and the stride grows into its room: a path's factors then
    // take the last path's memories instead of faulting in two or three smaller ones on the way.
    const most = cap === Infinity ? undefined : factorDoubles(Math.max(stride, cap));
    const ws = stride > OWN_MEMORY_ROWS ? Workspace.create(factorDoubles(stride), most) : (arena?.ws ?? null);
    if (ws !== null && arena === null) stride = Math.max(stride, strideFor(ws.roomDoubles));
    const room = (length: number) => (ws !== null ? ws.alloc(length) : new Float64Array(length));
    const L = room(stride * stride);
    const old = this.order.length;
    for (let r = 0; r < old; r++) L.set(this.L.subarray(r * this.stride, r * this.stride + r + 1), r * stride);
    this.L = L;
    this.stride = stride;
    this.out = room(stride);
    this.work = room(stride);
    this.rot = room(stride);
    // An arena without room left gives ordinary arrays: then the TypeScript loops.
    this.ws = ws !== null && ws.holds(this.L) && ws.holds(this.out) && ws.holds(this.work) ? ws : null;
  }
}

/** Room (float64 values) of a factor's own memory for `stride`: L, three stride-long vectors, alignment. */
function factorDoubles(stride: number): number {
  return stride * stride + 3 * stride + 8;
}

/** The largest even stride whose factor fits in `room` values (see {@link factorDoubles}). */
function strideFor(room: number): number {
  let s = Math.floor(Math.sqrt(room));
  while (s > 0 && factorDoubles(s) > room) s--;
  return s - (s % 2);
}

/** The largest entry of a list of indices (−1 when empty). */
function largest(list: readonly number[]): number {
  let top = -1;
  for (let i = 0; i < list.length; i++) if (list[i] > top) top = list[i];
  return top;
}

/** The stride of a factor in its arena: OWN_MEMORY_ROWS, or p (even) where smaller. */
function arenaStride(p: number): number {
  return Math.min(OWN_MEMORY_ROWS, p + (p % 2));
}
