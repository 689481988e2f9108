import type { CscMatrix } from '../matrix/CscMatrix.js';

/**
 * Groups of a sparse design's columns that are equal once the fit has shifted and scaled them,
 * solved as one kernel column each (see {@link equalScaledColumns}).
 *
 * A group G of equal scaled columns x̃ enters the fit only through the sum of its coefficients
 * B = Σ_{j∈G} b̃_j (X̃b̃ has x̃·B), and with one penalty factor f its penalty is at least
 * α·f·( l1Ratio·|B| + (1 − l1Ratio)/2 · B²/|G| ), reached by one member taking B where the ridge
 * part is 0 and only by the equal split B/|G| where it is not. So the fit solves one column per
 * group, of L1 factor f and ridge factor f/|G|, and hands B back:
 *
 * - **Lasso** (or an unpenalized group): all of B to the group's first column, which is what
 *   coordinate descent over the columns themselves gives exact duplicates (glmnet, scikit-learn:
 *   the first takes the correlation, the rest stay at the KKT boundary, 0) — and a support of one
 *   column a group, whose least squares (the relaxed Lasso's refits) is not singular;
 * - **Elastic Net**: B/|G| to every member, the unique optimum.
 *
 * The objective, its dual and the duality gap are those of the merged problem, so a certified
 * merged solution is a certified solution of the whole. What it saves: a standardized bag of words
 * (2,000 × 20,000) had 6,015 distinct columns, the rest rare words on the same rows; solved as it
 * was, supports of 5,700–7,800 columns near-duplicate past the 2,000 rows took 300–3,000 passes an
 * α to certify what 10–30 passes had found.
 */
export class MergedColumns {
  /**
   * @param p - the design's columns
   * @param kernelOf - each column's kernel column
   * @param first - each kernel column's first column (the one whose values the kernel keeps)
   * @param size - each kernel column's group size
   */
  constructor(
    readonly p: number,
    readonly kernelOf: Int32Array,
    readonly first: Int32Array,
    readonly size: Int32Array,
  ) {}

  /** Kernel columns. */
  get q(): number {
    return this.first.length;
  }

  /**
   * The coefficients (kernel scale) of every column from the kernel's β, into `out` (p long): each
   * group's B to its first column where the group has no ridge penalty (l1Ratio = 1, or its penalty
   * factor 0), else B/|G| to each member. O(p).
   */
  expand(kernelBeta: ArrayLike<number>, l1Ratio: number, penaltyFactor: ArrayLike<number>, out: Float64Array): Float64Array {
    const { kernelOf, first, size } = this;
    for (let j = 0; j < this.p; j++) {
      const g = kernelOf[j];
      const b = kernelBeta[g];
      const split = b !== 0 && size[g] > 1 && l1Ratio < 1 && penaltyFactor[g] > 0;
      out[j] = split ? b / size[g] : first[g] === j ? b : 0;
    }
    return out;
  }

  /** The kernel's β of given coefficients (kernel scale, p long): each group's sum. O(p). */
  fold(beta: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.q);
    for (let j = 0; j < this.p; j++) out[this.kernelOf[j]] += beta[j];
    return out;
  }

  /** `values` at each kernel column's first column. */
  pick<T extends Float64Array | Uint8Array>(values: T): T {
    const { first } = this;
    const out = values.subarray(0, first.length).slice() as T;
    for (let g = 0; g < first.length; g++) out[g] = values[first[g]];
    return out;
  }

  /** The columns of X the kernel keeps (each group's first), as a CSC matrix of q columns. O(their nonzeros). */
  columnsOf(X: CscMatrix): CscMatrix {
    const { first } = this;
    const { colPtr, rowIdx, values } = X;
    let size = 0;
    for (const j of first) size += colPtr[j + 1] - colPtr[j];
    const ptr = new Int32Array(first.length + 1);
    const rows = new Int32Array(size);
    const vals = new Float64Array(size);
    let at = 0;
    for (let g = 0; g < first.length; g++) {
      const j = first[g];
      const from = colPtr[j];
      const to = colPtr[j + 1];
      rows.set(rowIdx.subarray(from, to), at);
      vals.set(values.subarray(from, to), at);
      at += to - from;
      ptr[g + 1] = at;
    }
    return { rows: X.rows, cols: first.length, colPtr: ptr, rowIdx: rows, values: vals };
  }
}

/**
 * The groups of X's columns that the fit scales to the same column: with `standardize`, columns
 * with the same nonzero rows and values positively proportional (x_a = c·x_b, c > 0, so the same
 * x̃ = (x − x̄)/s whatever the weights or intercept); without, columns equal value for value. Only
 * columns not excluded and of one penalty factor are grouped. Null where every group is a single
 * column (the design then is fitted as it is).
 *
 * Proportional means each column's values divided by its first are the same doubles, the same row
 * for row: exact where the columns are (correctly rounded quotients of the same reals), and an
 * equivalence, so the groups do not depend on the columns' order.
 *
 * Cost: O(p) to hash, and at most MAX_PROBES comparisons a column, each ending at the first
 * difference (O(nnz) in all for the columns that are equal).
 */
export function equalScaledColumns(X: CscMatrix, excluded: Uint8Array, penaltyFactor: Float64Array, standardize: boolean): MergedColumns | null {
  const { cols: p, colPtr, rowIdx, values } = X;
  const kernelOf = new Int32Array(p);
  const first = new Int32Array(p);
  const size = new Int32Array(p);
  // Open addressing in a typed array (kernel column + 1 per slot, 0 empty), probed linearly: a Map
  // of bucket arrays took 8 ms warm and 18 ms on a first call for 20,000 columns.
  const mask = (1 << Math.ceil(Math.log2(2 * p + 2))) - 1;
  const table = new Int32Array(mask + 1);
  let q = 0;
  for (let j = 0; j < p; j++) {
    const from = colPtr[j];
    const to = colPtr[j + 1];
    let g = -1;
    if (!excluded[j] && to > from) {
      const v0 = standardize ? values[from] : 1;
      let slot = columnHash(rowIdx, values, from, to, v0, penaltyFactor[j]) & mask;
      // At most MAX_PROBES columns compared; past them the column stays alone (merging is an
      // economy, never needed): no design makes this O(p²).
      for (let probes = 0; probes < MAX_PROBES; probes++, slot = (slot + 1) & mask) {
        if (table[slot] === 0) {
          table[slot] = q + 1;
          break;
        }
        const k = table[slot] - 1;
        if (sameScaled(X, first[k], j, standardize ? values[colPtr[first[k]]] : 1, v0, penaltyFactor)) {
          g = k;
          break;
        }
      }
    }
    if (g < 0) {
      g = q++;
      first[g] = j;
    }
    kernelOf[j] = g;
    size[g]++;
  }
  return q === p ? null : new MergedColumns(p, kernelOf, first.slice(0, q), size.slice(0, q));
}

/** Most columns a column is compared with (see equalScaledColumns). */
const MAX_PROBES = 8;

/**
 * A hash of what equal scaled columns share, read at a few places only (O(1) a column; hashing every
 * nonzero took as long, ~1.2 ms warm on 20,000 columns, the comparisons of equal columns reading
 * them in full anyway): the count, the penalty factor, the sign of the first value, the first,
 * middle and last rows, and the values there and at the second ÷ the first (to 2⁻²⁰; ToInt32 wraps
 * the large). murmur3's finalizer at the end.
 */
function columnHash(rowIdx: Int32Array, values: Float64Array, from: number, to: number, v0: number, penaltyFactor: number): number {
  const mid = (from + to) >> 1;
  let h = Math.imul(to - from, 0x9e3779b1) ^ (penaltyFactor * 1048576) ^ (v0 > 0 ? 0 : 0x5bd1e995);
  h = Math.imul(h ^ rowIdx[from], 0x01000193);
  h = Math.imul(h ^ rowIdx[mid], 0x01000193);
  h = Math.imul(h ^ rowIdx[to - 1], 0x01000193);
  h = Math.imul(h ^ ((values[Math.min(from + 1, to - 1)] / v0) * 1048576), 0x01000193);
  h = Math.imul(h ^ ((values[mid] / v0) * 1048576), 0x01000193);
  h = Math.imul(h ^ ((values[to - 1] / v0) * 1048576), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Whether columns a and b (nonempty) have the same rows, penalty factor and values ÷ va, ÷ vb (of one sign). */
function sameScaled(X: CscMatrix, a: number, b: number, va: number, vb: number, penaltyFactor: Float64Array): boolean {
  const { colPtr, rowIdx, values } = X;
  const len = colPtr[a + 1] - colPtr[a];
  if (len !== colPtr[b + 1] - colPtr[b] || penaltyFactor[a] !== penaltyFactor[b] || (va > 0) !== (vb > 0)) return false;
  for (let k = 0; k < len; k++) {
    const s = colPtr[a] + k;
    const t = colPtr[b] + k;
    if (rowIdx[s] !== rowIdx[t] || values[s] / va !== values[t] / vb) return false;
  }
  return true;
}
