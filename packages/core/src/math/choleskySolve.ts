/**
 * Cholesky factor L (row-major, lower) of A + ridge·I for a symmetric positive definite k×k
 * matrix A, or null when a pivot falls to `minPivot`·(its diagonal) or below — a singular or
 * indefinite system.
 *
 * Cost: O(k³/3).
 *
 * @example
 * choleskyFactor(Float64Array.of(4, 2, 2, 3), 2); // Float64Array [2, 0, 1, 1.414…]
 */
export function choleskyFactor(A: Float64Array, k: number, ridge = 0, minPivot = 0): Float64Array | null {
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
  return L;
}

/**
 * Solves L·Lᵀ·x = b with a factor from {@link choleskyFactor}.
 *
 * Cost: O(k²).
 *
 * @example
 * choleskySolveFactored(choleskyFactor(A, k)!, b, k);
 */
export function choleskySolveFactored(L: Float64Array, b: Float64Array, k: number): Float64Array {
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

/**
 * Solves (A + ridge·I)·x = b for a symmetric positive definite k×k matrix A (row-major or
 * column-major alike) by Cholesky factorization; null when the factorization fails (see
 * {@link choleskyFactor}), so the caller can add a ridge or give up.
 *
 * Cost: O(k³).
 *
 * @example
 * choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2); // Float64Array [0.5, 0]
 */
export function choleskySolve(A: Float64Array, b: Float64Array, k: number, ridge = 0, minPivot = 0): Float64Array | null {
  const L = choleskyFactor(A, k, ridge, minPivot);
  return L === null ? null : choleskySolveFactored(L, b, k);
}
