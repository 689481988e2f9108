import type { DenseMatrix } from './DenseMatrix.js';

/**
 * The rows `index` of a column-major matrix, as a new column-major matrix.
 *
 * Cost: O(|index|·p).
 *
 * @example
 * selectRows({ rows: 3, cols: 1, data: Float64Array.of(1, 2, 3) }, [0, 2]).data; // [1, 3]
 */
export function selectRows(X: DenseMatrix, index: ArrayLike<number>): DenseMatrix {
  const { rows, cols } = X;
  const m = index.length;
  const data = new Float64Array(m * cols);
  for (let j = 0; j < cols; j++) {
    const src = j * rows;
    const dst = j * m;
    for (let i = 0; i < m; i++) data[dst + i] = X.data[src + index[i]];
  }
  return { rows: m, cols, data };
}
