import type { CscMatrix, DenseMatrix } from '@lassokit/core';
import { DataError } from '../errors.js';
import { isSparseColumn, type Frame, type SparseColumn } from './Frame.js';
import { POLICY_ASKED } from '../table/dataFix.js';

/**
 * The named numeric columns of a frame as a column-major matrix; a missing cell is an error
 * naming its row and column, with the policies that would handle it.
 *
 * Cost: O(n·p).
 */
export function toDense(frame: Frame, features: readonly string[]): DenseMatrix {
  const n = frame.n;
  const data = new Float64Array(n * features.length);
  features.forEach((name, j) => {
    const col = frame.columns.get(name) as (number | null)[] | SparseColumn;
    if (isSparseColumn(col)) {
      col.rows.forEach((i, k) => (data[j * n + i] = col.values[k]));
      return;
    }
    const values = col;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) throw new DataError('MISSING_VALUE', `value is missing ${POLICY_ASKED}`, { ...frame.locate(i), column: name });
      data[j * n + i] = v;
    }
  });
  return { rows: n, cols: features.length, data };
}

/**
 * The named numeric columns of a frame as a CSC matrix, without a dense step: sparse columns (one-hot
 * indicators) as they are, dense ones by their nonzeros; a missing cell is the same located error.
 *
 * Cost: O(nnz + n per dense column).
 */
export function toCsc(frame: Frame, features: readonly string[]): CscMatrix {
  const n = frame.n;
  const colPtr = new Int32Array(features.length + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  features.forEach((name, j) => {
    const col = frame.columns.get(name) as (number | null)[] | SparseColumn;
    if (isSparseColumn(col)) {
      col.rows.forEach((i, k) => {
        if (col.values[k] !== 0) {
          rows.push(i);
          vals.push(col.values[k]);
        }
      });
    } else {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v === null) throw new DataError('MISSING_VALUE', `value is missing ${POLICY_ASKED}`, { ...frame.locate(i), column: name });
        if (v !== 0) {
          rows.push(i);
          vals.push(v);
        }
      }
    }
    colPtr[j + 1] = rows.length;
  });
  return { rows: n, cols: features.length, colPtr, rowIdx: Int32Array.from(rows), values: Float64Array.from(vals) };
}
