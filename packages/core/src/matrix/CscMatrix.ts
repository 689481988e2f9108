import { LassoKitError, describeValue } from '../errors.js';
import type { DenseMatrix } from './DenseMatrix.js';

/**
 * A sparse matrix in compressed-sparse-column form (scipy's `csc_matrix`, R's `dgCMatrix`):
 * column j's nonzeros are `values[colPtr[j] … colPtr[j + 1])` at rows `rowIdx[…]`, increasing.
 * Entries not stored are 0. For designs that are mostly zeros — one-hot columns of many levels,
 * bag-of-words counts — it holds nnz numbers instead of rows × cols.
 */
export interface CscMatrix {
  readonly rows: number;
  readonly cols: number;
  /** cols + 1 offsets into rowIdx / values; colPtr[0] = 0, colPtr[cols] = nnz. */
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly values: Float64Array;
}

/** True for a {@link CscMatrix}-shaped object (what the fits dispatch on). */
export function isCsc(X: unknown): X is CscMatrix {
  return typeof X === 'object' && X !== null && 'colPtr' in X && 'rowIdx' in X && 'values' in X;
}

/**
 * Validates a CSC matrix: sizes, offsets, row indices in range and strictly increasing within a
 * column, finite values. Every problem is named (`X column 3: row index 7 after 9`).
 *
 * Cost: O(nnz + cols).
 */
export function checkCsc(X: CscMatrix, name = 'X'): CscMatrix {
  const { rows, cols, colPtr, rowIdx, values } = X;
  const bad = (message: string, details: Record<string, unknown> = {}) => new LassoKitError('INVALID_PARAMETER', `${name}: ${message}`, { parameter: name, ...details });
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw bad(`rows and cols must be non-negative integers; got ${describeValue(rows)} and ${describeValue(cols)}`);
  if (rows === 0) throw new LassoKitError('EMPTY_INPUT', `${name} has no rows`, { parameter: name });
  if (cols === 0) throw new LassoKitError('EMPTY_INPUT', `${name} has no columns`, { parameter: name });
  if (!(colPtr instanceof Int32Array) || !(rowIdx instanceof Int32Array) || !(values instanceof Float64Array)) {
    throw bad('colPtr and rowIdx must be Int32Arrays and values a Float64Array');
  }
  if (colPtr.length !== cols + 1) throw bad(`colPtr has length ${colPtr.length}; expected cols + 1 = ${cols + 1}`);
  const nnz = colPtr[cols];
  if (colPtr[0] !== 0 || rowIdx.length !== nnz || values.length !== nnz) throw bad(`colPtr must start at 0 and end at nnz = rowIdx.length = values.length; got ${colPtr[0]} … ${nnz}, ${rowIdx.length}, ${values.length}`);
  for (let j = 0; j < cols; j++) {
    if (colPtr[j + 1] < colPtr[j]) throw bad(`colPtr decreases at column ${j}`, { column: j });
    for (let k = colPtr[j]; k < colPtr[j + 1]; k++) {
      const i = rowIdx[k];
      if (i < 0 || i >= rows) throw bad(`column ${j} has row index ${i}, outside 0 … ${rows - 1}`, { column: j });
      if (k > colPtr[j] && i <= rowIdx[k - 1]) throw bad(`column ${j}: row index ${i} after ${rowIdx[k - 1]} (indices must increase within a column)`, { column: j });
      if (!Number.isFinite(values[k])) {
        throw new LassoKitError('NON_FINITE', `${name} has a non-finite value at row ${i}, column ${j}: ${describeValue(values[k])}`, { parameter: name, row: i, column: j });
      }
    }
  }
  return X;
}

/**
 * The CSC form of a dense matrix (zeros dropped).
 *
 * Cost: O(rows·cols).
 *
 * @example
 * cscFromDense({ rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 2) }).values; // [1, 2]
 */
export function cscFromDense(X: DenseMatrix): CscMatrix {
  const { rows, cols, data } = X;
  let nnz = 0;
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) nnz++;
  const colPtr = new Int32Array(cols + 1);
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let t = 0;
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) {
      const v = data[j * rows + i];
      if (v !== 0) {
        rowIdx[t] = i;
        values[t++] = v;
      }
    }
    colPtr[j + 1] = t;
  }
  return { rows, cols, colPtr, rowIdx, values };
}

/**
 * The dense form (for small matrices: OLS, tests).
 *
 * Cost: O(rows·cols).
 */
export function cscToDense(X: CscMatrix): DenseMatrix {
  const data = new Float64Array(X.rows * X.cols);
  for (let j = 0; j < X.cols; j++) for (let k = X.colPtr[j]; k < X.colPtr[j + 1]; k++) data[j * X.rows + X.rowIdx[k]] = X.values[k];
  return { rows: X.rows, cols: X.cols, data };
}

/**
 * Rows `index` (each at most once, any order) of a CSC matrix, as a CSC matrix in that order —
 * cross-validation folds and half-samples select rows without densifying.
 *
 * Cost: O(nnz + rows + |index|·log) .
 */
export function cscSelectRows(X: CscMatrix, index: ArrayLike<number>): CscMatrix {
  const m = index.length;
  const newRow = new Int32Array(X.rows).fill(-1);
  for (let t = 0; t < m; t++) newRow[index[t]] = t;
  const colPtr = new Int32Array(X.cols + 1);
  let nnz = 0;
  for (let k = 0; k < X.rowIdx.length; k++) if (newRow[X.rowIdx[k]] >= 0) nnz++;
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let t = 0;
  const order: number[] = [];
  for (let j = 0; j < X.cols; j++) {
    const start = t;
    for (let k = X.colPtr[j]; k < X.colPtr[j + 1]; k++) {
      const r = newRow[X.rowIdx[k]];
      if (r >= 0) {
        rowIdx[t] = r;
        values[t++] = X.values[k];
      }
    }
    // Keep row indices increasing when the selection reorders rows.
    if (!isSorted(rowIdx, start, t)) {
      order.length = 0;
      for (let k = start; k < t; k++) order.push(k);
      const rs = rowIdx.slice(start, t);
      const vs = values.slice(start, t);
      order.sort((a, b) => rs[a - start] - rs[b - start]);
      order.forEach((k, o) => {
        rowIdx[start + o] = rs[k - start];
        values[start + o] = vs[k - start];
      });
    }
    colPtr[j + 1] = t;
  }
  return { rows: m, cols: X.cols, colPtr, rowIdx, values };
}

function isSorted(a: Int32Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (a[k] <= a[k - 1]) return false;
  return true;
}

/**
 * b0 + Xβ for a CSC matrix: one pass over the nonzeros of the columns with β_j ≠ 0.
 *
 * Cost: O(rows + nnz of those columns).
 */
export function cscPredict(X: CscMatrix, coef: ArrayLike<number>, intercept: number): Float64Array {
  const out = new Float64Array(X.rows).fill(intercept);
  for (let j = 0; j < X.cols; j++) {
    const b = coef[j];
    if (b === 0) continue;
    for (let k = X.colPtr[j]; k < X.colPtr[j + 1]; k++) out[X.rowIdx[k]] += b * X.values[k];
  }
  return out;
}

/** A CSC matrix's nonzeros by row (see {@link cscRows}). */
export interface CscRows {
  /** Row i's entries at start[i] … start[i + 1] (n + 1 offsets). */
  readonly start: Int32Array;
  /** Each entry's column: its position in the columns asked for (X's column where all are). */
  readonly col: Int32Array;
  /** Where each entry's value lies in X (an index into `values` and `rowIdx`). */
  readonly at: Int32Array;
}

/**
 * X's nonzeros by row (its CSR index), in column order within each row: of `columns` alone where
 * given (in their order, which within a row is then the entries' order), else of every column.
 * Shared by the sparse statistics, the repaired dual point and the sparse Gram refits, which each
 * walk X's rows.
 *
 * Cost: O(n + the nonzeros read); 4·(n + 1) bytes plus 8 per nonzero.
 */
export function cscRows(X: CscMatrix, columns?: readonly number[]): CscRows {
  const { rows: n, colPtr, rowIdx } = X;
  const count = columns === undefined ? X.cols : columns.length;
  const column = (k: number) => (columns === undefined ? k : columns[k]);
  const start = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) for (let t = colPtr[column(k)]; t < colPtr[column(k) + 1]; t++) start[rowIdx[t] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const col = new Int32Array(start[n]);
  const at = new Int32Array(start[n]);
  const next = start.slice(0, n);
  for (let k = 0; k < count; k++) {
    const j = column(k);
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const u = next[rowIdx[t]]++;
      col[u] = k;
      at[u] = t;
    }
  }
  return { start, col, at };
}
