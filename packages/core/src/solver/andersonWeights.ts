import { choleskyInPlace, choleskySolveFactored } from '../math/choleskySolve.js';

/**
 * Anderson extrapolation weights for K + 1 stored iterates x_0 … x_K (rows of `hist`, each of
 * length m): with residuals u_k = x_{k+1} − x_k, the weights c (Σc = 1) minimizing ‖Σ c_k u_k‖,
 * so that Σ_k c_k x_{k+1} extrapolates the sequence (Bertrand & Massias, "Anderson acceleration
 * of coordinate descent", 2021). For an affine iteration (coordinate descent on a fixed support)
 * with K > m the extrapolation is the fixed point itself.
 *
 * The constraint is eliminated (c_{K−1} = 1 − Σ_{k<K−1} c_k), leaving a least-squares problem
 * in K − 1 unknowns solved through ridge-regularized normal equations: well posed even when
 * K − 1 > m, where UᵀU itself would be singular. Returns null when no finite weights result.
 *
 * Cost: O(K²·m + K³). `work` (K·m + (K − 1)² doubles, optional) holds the residual differences
 * and the normal equations: a caller extrapolating every few passes reuses it instead of making
 * that much garbage per call.
 *
 * @example
 * // x_k = 1 − 0.5^k: the extrapolation Σ c_k x_{k+1} is 1
 * andersonWeights(Float64Array.of(0, 0.5, 0.75), 1, 2); // Float64Array [-1, 2]
 */
export function andersonWeights(hist: Float64Array, m: number, K: number, work: Float64Array = new Float64Array(K * m + (K - 1) ** 2)): Float64Array | null {
  const last = K - 1;
  const q = K - 1;
  // u_K−1 (the newest residual) and D = [u_k − u_{K−1}] for k < K − 1.
  const uLast = work.subarray(0, m);
  for (let i = 0; i < m; i++) uLast[i] = hist[K * m + i] - hist[last * m + i];
  const D = work.subarray(m, K * m);
  for (let k = 0; k < q; k++) {
    for (let i = 0; i < m; i++) D[k * m + i] = hist[(k + 1) * m + i] - hist[k * m + i] - uLast[i];
  }
  const A = work.subarray(K * m, K * m + q * q);
  const b = new Float64Array(q);
  let trace = 0;
  for (let a = 0; a < q; a++) {
    let rhs = 0;
    for (let i = 0; i < m; i++) rhs -= D[a * m + i] * uLast[i];
    b[a] = rhs;
    for (let c = a; c < q; c++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += D[a * m + i] * D[c * m + i];
      A[a * q + c] = s;
      A[c * q + a] = s;
    }
    trace += A[a * q + a];
  }
  if (!(trace > 0)) return null;
  for (let a = 0; a < q; a++) A[a * q + a] += 1e-12 * trace;
  if (!choleskyInPlace(A, q)) return null;
  const x = choleskySolveFactored(A, b, q);
  const weights = new Float64Array(K);
  let rest = 1;
  for (let k = 0; k < q; k++) {
    weights[k] = x[k];
    rest -= x[k];
  }
  weights[last] = rest;
  return weights.every(Number.isFinite) ? weights : null;
}
