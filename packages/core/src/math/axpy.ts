/**
 * `y[yOff + i] += alpha * x[xOff + i]` for i < n, unrolled by four.
 *
 * Cost: O(n).
 *
 * @example
 * const y = new Float64Array([1, 1]); axpy(2, new Float64Array([1, 2]), 0, y, 0, 2); // y = [3, 5]
 */
export function axpy(alpha: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number, n: number): void {
  const m = n - (n % 4);
  let i = 0;
  for (; i < m; i += 4) {
    y[yOff + i] += alpha * x[xOff + i];
    y[yOff + i + 1] += alpha * x[xOff + i + 1];
    y[yOff + i + 2] += alpha * x[xOff + i + 2];
    y[yOff + i + 3] += alpha * x[xOff + i + 3];
  }
  for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
}
