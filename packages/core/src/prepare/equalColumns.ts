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
    return values.map((_, g) => values[this.first[g]]) as T;
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
 * Cost: O(nnz + p) expected (columns hashed, candidates compared in full).
 */
export function equalScaledColumns(X: CscMatrix, excluded: Uint8Array, penaltyFactor: Float64Array, standardize: boolean): MergedColumns | null {
  const { cols: p, colPtr, rowIdx, values } = X;
  const kernelOf = new Int32Array(p);
  const first: number[] = [];
  const size: number[] = [];
  const buckets = new Map<number, number[]>();
  const bits = new Float64Array(1);
  const words = new Int32Array(bits.buffer);
  const norm = (j: number) => (standardize ? values[colPtr[j]] : 1);
  let merged = 0;
  for (let j = 0; j < p; j++) {
    const from = colPtr[j];
    const to = colPtr[j + 1];
    if (excluded[j] || to === from) {
      kernelOf[j] = first.length;
      first.push(j);
      size.push(1);
      continue;
    }
    const v0 = norm(j);
    bits[0] = penaltyFactor[j];
    let h = Math.imul(to - from, 0x9e3779b1) ^ words[0] ^ Math.imul(words[1], 0x85ebca6b) ^ (v0 > 0 ? 0 : 0x5bd1e995);
    for (let t = from; t < to; t++) {
      bits[0] = values[t] / v0;
      h = Math.imul(h ^ rowIdx[t], 0x01000193);
      h = Math.imul(h ^ words[0], 0x01000193);
      h = Math.imul(h ^ words[1], 0x01000193);
    }
    const candidates = buckets.get(h);
    const g = candidates?.find((k) => sameScaled(X, first[k], j, norm(first[k]), v0, penaltyFactor));
    if (g !== undefined) {
      kernelOf[j] = g;
      size[g]++;
      merged++;
      continue;
    }
    kernelOf[j] = first.length;
    if (candidates === undefined) buckets.set(h, [first.length]);
    else candidates.push(first.length);
    first.push(j);
    size.push(1);
  }
  return merged === 0 ? null : new MergedColumns(p, kernelOf, Int32Array.from(first), Int32Array.from(size));
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
