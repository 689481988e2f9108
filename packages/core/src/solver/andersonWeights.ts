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
 * andersonWeights(Float64Array.of(0, 0.5, 0.75), 1, 2); // ≈ Float64Array [-1, 2] (to the ridge, 1e-12)
 */
export function andersonWeights(hist: Float64Array, m: number, K: number, work: Float64Array = new Float64Array(K * m + (K - 1) ** 2)): Float64Array | null {
  const last = K - 1;
  const q = K - 1;
  if (K === 5) return solveWeights(normalEquations4(hist, m, work.subarray(K * m, K * m + q * q)), K);
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
  return solveWeights({ A, b, trace }, K);
}

/** The weights from the normal equations A·x = b of K − 1 unknowns (A overwritten), or null. */
function solveWeights({ A, b, trace }: { A: Float64Array; b: Float64Array; trace: number }, K: number): Float64Array | null {
  const q = K - 1;
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
  weights[q] = rest;
  return weights.every(Number.isFinite) ? weights : null;
}

/**
 * The normal equations of `andersonWeights` for K = 5 (q = 4 unknowns) in one sweep over the
 * iterates: each of the 14 sums is the general loop's, term for term and in the same order (so the
 * same bits), but they advance together instead of one after another — each sum's adds wait on
 * its previous add, and 14 independent chains keep the CPU busy where one did not (on a one-hot
 * path's extrapolations, supports of ~2,700, weights and direction took half the time). D and u
 * are not stored.
 */
function normalEquations4(hist: Float64Array, m: number, A: Float64Array): { A: Float64Array; b: Float64Array; trace: number } {
  let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a11 = 0, a12 = 0, a13 = 0, a22 = 0, a23 = 0, a33 = 0;
  let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  const m2 = 2 * m, m3 = 3 * m, m4 = 4 * m, m5 = 5 * m;
  for (let i = 0; i < m; i++) {
    const x1 = hist[m + i], x2 = hist[m2 + i], x3 = hist[m3 + i], x4 = hist[m4 + i];
    const u = hist[m5 + i] - x4;
    const d0 = x1 - hist[i] - u;
    const d1 = x2 - x1 - u;
    const d2 = x3 - x2 - u;
    const d3 = x4 - x3 - u;
    r0 -= d0 * u;
    r1 -= d1 * u;
    r2 -= d2 * u;
    r3 -= d3 * u;
    a00 += d0 * d0;
    a01 += d0 * d1;
    a02 += d0 * d2;
    a03 += d0 * d3;
    a11 += d1 * d1;
    a12 += d1 * d2;
    a13 += d1 * d3;
    a22 += d2 * d2;
    a23 += d2 * d3;
    a33 += d3 * d3;
  }
  A.set([a00, a01, a02, a03, a01, a11, a12, a13, a02, a12, a22, a23, a03, a13, a23, a33]);
  return { A, b: Float64Array.of(r0, r1, r2, r3), trace: a00 + a11 + a22 + a33 };
}
