import type { DenseMatrix } from '@lassokit/core';
import { DataError } from '../errors.js';
import type { Frame } from './Frame.js';

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
    const values = frame.columns.get(name) as (number | null)[];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) throw new DataError('MISSING_VALUE', 'value is missing (choose a missing-value policy: drop, mean or median)', { ...frame.locate(i), column: name });
      data[j * n + i] = v;
    }
  });
  return { rows: n, cols: features.length, data };
}
