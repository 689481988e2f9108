/**
 * Solves (A + ridge·I)·x = b for a symmetric positive definite k×k matrix A (row-major or
 * column-major alike) by Cholesky factorization. Returns null when a pivot falls to
 * `minPivot`·(its diagonal) or below — a singular or indefinite system — so the caller can add a
 * ridge or give up.
 *
 * Cost: O(k³).
 *
 * @example
 * choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2); // Float64Array [0.5, 0]
 */
export function choleskySolve(A: Float64Array, b: Float64Array, k: number, ridge = 0, minPivot = 0): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j] + (i === j ? ridge : 0);
      for (let t = 0; t < j; t++) s -= L[i * k + t] * L[j * k + t];
      if (i === j) {
        if (!(s > minPivot * (A[i * k + i] + ridge))) return null;
        L[i * k + i] = Math.sqrt(s);
      } else {
        L[i * k + j] = s / L[j * k + j];
      }
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < k; i++) {
    let s = x[i];
    for (let t = 0; t < i; t++) s -= L[i * k + t] * x[t];
    x[i] = s / L[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let t = i + 1; t < k; t++) s -= L[t * k + i] * x[t];
    x[i] = s / L[i * k + i];
  }
  return x;
}
