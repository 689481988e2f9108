import { dot } from './dot.js';

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
  const L = A.slice(0, k * k);
  if (ridge !== 0) for (let i = 0; i < k; i++) L[i * k + i] += ridge;
  if (!choleskyInPlace(L, k, minPivot)) return null;
  for (let i = 0; i < k; i++) L.fill(0, i * k + i + 1, i * k + k);
  return L;
}

/**
 * {@link choleskyFactor} in place: the lower triangle of the row-major k×k matrix `A` becomes L
 * (the upper triangle is left as it was); false when a pivot falls to `minPivot`·(its diagonal
 * entry) or below. The WebAssembly kernel of the same name does the same (see Workspace).
 *
 * Cost: O(k³/3).
 */
export function choleskyInPlace(A: Float64Array, k: number, minPivot = 0): boolean {
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      // dot sums in four partial sums: one chain of dependent additions would bound the loop by their latency.
      const s = A[ri + j] - dot(A, ri, A, rj, j);
      if (i === j) {
        if (!(s > minPivot * A[ri + i])) return false;
        A[ri + i] = Math.sqrt(s);
      } else {
        A[ri + j] = s / A[rj + j];
      }
    }
  }
  return true;
}

/**
 * Solves L·Lᵀ·x = b with a factor from {@link choleskyFactor} (only its lower triangle is read),
 * into `out` when given (at least k long; x is then its first k entries), else a new array.
 *
 * Cost: O(k²).
 *
 * @example
 * choleskySolveFactored(choleskyFactor(A, k)!, b, k);
 */
export function choleskySolveFactored(L: Float64Array, b: Float64Array, k: number, out?: Float64Array): Float64Array {
  const x = out === undefined ? Float64Array.from(b.subarray(0, k)) : out.subarray(0, k);
  if (out !== undefined) x.set(b.subarray(0, k));
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
