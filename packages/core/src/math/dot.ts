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

/**
 * Σ a[i]·b[i] over i < n summed as the SIMD kernel sums (kernels.wat's `dot`): four lane sums
 * over the whole groups of four, combined (lane 0 + lane 2) + (lane 1 + lane 3), then the tail in
 * order — the same bits as the kernel, for a TypeScript route that must agree with the
 * WebAssembly one exactly (the sparse residual problem's).
 *
 * Cost: O(n).
 */
export function laneDot(a: Float64Array, b: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = n - (n % 4);
  let i = 0;
  for (; i < end; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  let r = s0 + s2 + (s1 + s3);
  for (; i < n; i++) r += a[i] * b[i];
  return r;
}
