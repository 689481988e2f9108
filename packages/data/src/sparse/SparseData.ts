import type { CscMatrix } from '@lassokit/core';

/** A sparse design read from an svmlight or Matrix Market file. */
export interface SparseData {
  readonly X: CscMatrix;
  /** The labels (svmlight) or the target read alongside (Matrix Market with a target file). */
  readonly y: Float64Array;
  /** svmlight query ids, when the file has them. */
  readonly qid?: Int32Array;
  /** `x1 … xp` (svmlight, 1-based as in the file) or `c1 … cp` (Matrix Market). */
  readonly featureNames: readonly string[];
}

/** Bounds on the work a sparse file may cause (columns allocate offsets; nonzeros are the data). */
export interface SparseLimits {
  /** Largest number of columns (the largest feature index); default 2^24. */
  readonly maxFeatures?: number;
  /** Largest number of nonzeros; default none. */
  readonly maxNonzeros?: number;
}

export const DEFAULT_MAX_SPARSE_FEATURES = 1 << 24;

/** Builds a CSC matrix from (row, column, value) triplets; duplicates are summed (as scipy does). */
export function cscFromTriplets(rows: number, cols: number, ri: Int32Array, ci: Int32Array, vs: Float64Array): CscMatrix {
  const nnz = vs.length;
  const colPtr = new Int32Array(cols + 1);
  for (let t = 0; t < nnz; t++) colPtr[ci[t] + 1]++;
  for (let j = 0; j < cols; j++) colPtr[j + 1] += colPtr[j];
  const next = colPtr.slice(0, cols);
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let t = 0; t < nnz; t++) {
    const at = next[ci[t]]++;
    rowIdx[at] = ri[t];
    values[at] = vs[t];
  }
  // Sort each column by row and sum duplicates, compacting in place.
  let out = 0;
  const newPtr = new Int32Array(cols + 1);
  for (let j = 0; j < cols; j++) {
    const start = colPtr[j];
    const end = colPtr[j + 1];
    const order = Array.from({ length: end - start }, (_, k) => start + k).sort((a, b) => rowIdx[a] - rowIdx[b]);
    const r = order.map((k) => rowIdx[k]);
    const v = order.map((k) => values[k]);
    for (let k = 0; k < r.length; k++) {
      if (out > newPtr[j] && rowIdx[out - 1] === r[k]) values[out - 1] += v[k];
      else {
        rowIdx[out] = r[k];
        values[out++] = v[k];
      }
    }
    newPtr[j + 1] = out;
  }
  return { rows, cols, colPtr: newPtr, rowIdx: rowIdx.slice(0, out), values: values.slice(0, out) };
}
