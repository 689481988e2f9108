import { dot } from './dot.js';

/**
 * Cholesky factor L·Lᵀ = A_SS of a principal submatrix of a symmetric positive definite matrix A,
 * kept up to date as the index set S changes: appending an index costs O(k²) (one triangular
 * solve), removing one O(k²) (a rank-one update of the trailing block), so following an active
 * set along a path costs O(k²) per change instead of O(k³/3) per set. After k incremental changes
 * the factor is rebuilt from scratch, which bounds rounding drift at no extra order of cost.
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
  private L = new Float64Array(0);
  private stride = 0;
  private valid = true;
  /** The set that failed, while invalid. */
  private failed: number[] = [];
  /** Incremental changes since the last rebuild. */
  private changes = 0;
  private readonly entry: (a: number, b: number) => number;
  /** Scratch for a new column's entries. */
  private column = new Float64Array(0);
  /** setTo's membership stamps (by index) and its list of added indices, reused. */
  private mark = new Int32Array(0);
  private stamp = 0;
  private readonly added: number[] = [];
  /** `solve`'s result and the scratch of quadraticForm / removeAt (stride long), reused. */
  private out = new Float64Array(0);
  private work = new Float64Array(0);
  private readonly minPivot: number;

  /**
   * @param minPivot a pivot ≤ minPivot·(its diagonal entry) marks the submatrix as (near-)singular;
   *   `setTo` then returns false until S changes again.
   */
  constructor(entry: (a: number, b: number) => number, minPivot: number) {
    this.entry = entry;
    this.minPivot = minPivot;
  }

  get size(): number {
    return this.order.length;
  }

  /**
   * Brings the factor to the index set S (any order, no duplicates); false when A_SS is
   * numerically singular. Cost: O(k²) per index added or removed, O(k³/3) on a rebuild.
   */
  setTo(S: readonly number[]): boolean {
    if (!this.valid) return sameMembers(S, this.failed) ? false : this.rebuild(S);
    // Membership by stamps in an index-long array, not Sets (several calls per α): an index of the
    // factor is stamped `have`; one also in S is restamped `both`; S's others are the added ones.
    const { order } = this;
    const have = (this.stamp += 2);
    const both = have + 1;
    const mark = this.marks(S, order);
    for (const j of order) mark[j] = have;
    const added = this.added;
    added.length = 0;
    for (const j of S) {
      if (mark[j] === have) mark[j] = both;
      else added.push(j);
    }
    const removed = order.length - (S.length - added.length);
    if (removed === 0 && added.length === 0) return true;
    this.changes += removed + added.length;
    if (this.changes > Math.max(8, S.length)) return this.rebuild(S);
    for (let i = order.length - 1; i >= 0; i--) if (mark[order[i]] !== both) this.removeAt(i);
    for (const j of added) if (!this.append(j)) return this.invalidate(S);
    return true;
  }

  /** The stamp array, long enough for every index of `a` and `b`. */
  private marks(a: readonly number[], b: readonly number[]): Int32Array {
    let top = -1;
    for (const j of a) if (j > top) top = j;
    for (const j of b) if (j > top) top = j;
    if (top >= this.mark.length) this.mark = new Int32Array(Math.max(2 * this.mark.length, top + 1, 64));
    return this.mark;
  }

  /**
   * Solves A_SS·x = b with b and x in factor order (`order`). Cost O(k²), rows read contiguously.
   * x is a view of a buffer the next `solve` reuses.
   */
  solve(b: Float64Array): Float64Array {
    const x = this.out.subarray(0, this.order.length);
    this.forward(b, x);
    this.backward(x, x);
    return x;
  }

  /** Solves L·z = b into `out` (may be b itself), factor order. Cost O(k²): row i of L against z so far. */
  forward(b: Float64Array, out: Float64Array): void {
    const { L, stride: s } = this;
    const k = this.order.length;
    if (out !== b) out.set(b.subarray(0, k));
    for (let i = 0; i < k; i++) {
      const row = i * s;
      out[i] = (out[i] - dot(L, row, out, 0, i)) / L[row + i];
    }
  }

  /**
   * Solves Lᵀ·x = z into `out` (may be z itself), factor order. Cost O(k²): column by column, and
   * column i of Lᵀ is row i of L, so L is read row-contiguously here too.
   */
  backward(z: Float64Array, out: Float64Array): void {
    const { L, stride: s } = this;
    const k = this.order.length;
    if (out !== z) out.set(z.subarray(0, k));
    for (let i = k - 1; i >= 0; i--) {
      const row = i * s;
      const xi = (out[i] /= L[row + i]);
      for (let t = 0; t < i; t++) out[t] -= L[row + t] * xi;
    }
  }

  /** Forgets the factor: the next `setTo` builds it afresh (after the entries have changed). */
  clear(): void {
    this.order = [];
    this.changes = 0;
    this.valid = true;
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
    this.changes = 0;
    this.valid = true;
  }

  /** xᵀ·A_SS·x = ‖Lᵀx‖² for x in factor order. Cost O(k²), rows read contiguously. */
  quadraticForm(x: Float64Array): number {
    const { L, stride: s } = this;
    const k = this.order.length;
    const v = this.work.subarray(0, k).fill(0);
    for (let i = 0; i < k; i++) {
      const row = i * s;
      const xi = x[i];
      for (let t = 0; t <= i; t++) v[t] += L[row + t] * xi;
    }
    let total = 0;
    for (let t = 0; t < k; t++) total += v[t] * v[t];
    return total;
  }

  private invalidate(S: readonly number[]): false {
    this.valid = false;
    this.failed = S.slice();
    this.order = [];
    return false;
  }

  private rebuild(S: readonly number[]): boolean {
    this.order = [];
    this.changes = 0;
    this.valid = true;
    for (const j of S) if (!this.append(j)) return this.invalidate(S);
    return true;
  }

  /** Adds index j as the last row: L·l = A_Sj, d = √(A_jj − ‖l‖²). */
  private append(j: number): boolean {
    const k = this.order.length;
    this.reserve(k + 1);
    // Entries first, then the triangular solve: the numeric loop stays free of the callback (whose
    // call site sees different closures in naive and covariance solvers).
    const a = this.column.length > k ? this.column : (this.column = new Float64Array(2 * (k + 1)));
    for (let i = 0; i < k; i++) a[i] = this.entry(this.order[i], j);
    const diag = this.entry(j, j);
    return this.appendColumn(j, a, diag, k);
  }

  /** L·l = a (the new row l), d = √(diag − ‖l‖²); false when d is not a safe pivot. */
  private appendColumn(j: number, a: Float64Array, diag: number, k: number): boolean {
    const { L, stride: s } = this;
    const row = k * s;
    for (let i = 0; i < k; i++) {
      const ri = i * s;
      let v = a[i];
      v -= dot(L, ri, L, row, i);
      L[row + i] = v / L[ri + i];
    }
    let d2 = diag;
    for (let t = 0; t < k; t++) d2 -= L[row + t] * L[row + t];
    if (!(d2 > this.minPivot * diag)) return false;
    L[row + k] = Math.sqrt(d2);
    this.order.push(j);
    return true;
  }

  /**
   * Drops row/column i. Rows above i are unchanged; the trailing block absorbs column i below the
   * diagonal as a rank-one update (L₃₃'L₃₃'ᵀ = L₃₃L₃₃ᵀ + v·vᵀ), then rows and columns shift up.
   */
  private removeAt(i: number): void {
    const { L, stride: s } = this;
    const k = this.order.length;
    const m = k - i - 1;
    const v = this.work.subarray(0, m);
    for (let q = 0; q < m; q++) v[q] = L[(i + 1 + q) * s + i];
    for (let t = 0; t < m; t++) {
      const tt = (i + 1 + t) * s + (i + 1 + t);
      const r = Math.hypot(L[tt], v[t]);
      const c = r / L[tt];
      const sn = v[t] / L[tt];
      L[tt] = r;
      for (let q = t + 1; q < m; q++) {
        const at = (i + 1 + q) * s + (i + 1 + t);
        L[at] = (L[at] + sn * v[q]) / c;
        v[q] = c * v[q] - sn * L[at];
      }
    }
    // Shift: row r > i moves to r − 1; column c > i moves to c − 1.
    for (let r = i; r < k - 1; r++) {
      const dst = r * s;
      const src = (r + 1) * s;
      for (let c = 0; c < i; c++) L[dst + c] = L[src + c];
      for (let c = i; c <= r; c++) L[dst + c] = L[src + c + 1];
    }
    this.order.splice(i, 1);
  }

  private reserve(k: number): void {
    if (k <= this.stride) return;
    const stride = Math.max(16, 2 * this.stride, k);
    const L = new Float64Array(stride * stride);
    const old = this.order.length;
    for (let r = 0; r < old; r++) for (let c = 0; c <= r; c++) L[r * stride + c] = this.L[r * this.stride + c];
    this.L = L;
    this.stride = stride;
    this.out = new Float64Array(stride);
    this.work = new Float64Array(stride);
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((j) => set.has(j));
}
