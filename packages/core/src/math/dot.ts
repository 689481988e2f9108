/**
 * Inner product of `a[aOff .. aOff+n)` and `b[bOff .. bOff+n)`, unrolled by four
 * (the hot loop of the naive coordinate-descent update).
 *
 * Cost: O(n).
 *
 * @example
 * dot(new Float64Array([1, 2]), 0, new Float64Array([3, 4]), 0, 2); // 11
 */
export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const m = n - (n % 4);
  let i = 0;
  for (; i < m; i += 4) {
    s0 += a[aOff + i] * b[bOff + i];
    s1 += a[aOff + i + 1] * b[bOff + i + 1];
    s2 += a[aOff + i + 2] * b[bOff + i + 2];
    s3 += a[aOff + i + 3] * b[bOff + i + 3];
  }
  for (; i < n; i++) s0 += a[aOff + i] * b[bOff + i];
  return s0 + s1 + (s2 + s3);
}
