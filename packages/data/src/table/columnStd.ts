import type { DenseMatrix } from '@lassokit/core';

/**
 * The 1/n standard deviation of every column of a column-major matrix — the scale `standardize`
 * uses, so `coef[j] · columnStd(X)[j]` puts coefficients on the standardized scale for charts.
 *
 * Cost: O(n·p).
 *
 * @example
 * columnStd({ rows: 2, cols: 1, data: Float64Array.of(1, 3) }); // [1]
 */
export function columnStd(X: DenseMatrix): number[] {
  return Array.from({ length: X.cols }, (_, j) => {
    const col = X.data.subarray(j * X.rows, (j + 1) * X.rows);
    const mean = col.reduce((a, v) => a + v, 0) / X.rows;
    return Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / X.rows);
  });
}
