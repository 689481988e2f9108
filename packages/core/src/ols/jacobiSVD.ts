const EPS = 2.220446049250313e-16;

/** Result of {@link jacobiSVD}: A·V = W with orthogonal columns, ‖w_i‖ = σ_i. */
export interface JacobiSVD {
  /** A·V, column-major k×k (columns are σ_i·u_i). */
  readonly W: Float64Array;
  /** Right singular vectors, column-major k×k. */
  readonly V: Float64Array;
  readonly sigma: Float64Array;
}

/**
 * One-sided Jacobi SVD of a square k×k column-major matrix: plane rotations applied to column
 * pairs until all are orthogonal to working precision. Slower than Golub–Kahan for large k but
 * simple and highly accurate for the small R factors it is used on.
 *
 * Cost: O(k³) per sweep; typically 5–10 sweeps.
 */
export function jacobiSVD(A: Float64Array, k: number, maxSweeps = 60): JacobiSVD {
  const W = Float64Array.from(A);
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let a = 0;
        let b = 0;
        let g = 0;
        for (let i = 0; i < k; i++) {
          const wp = W[p * k + i];
          const wq = W[q * k + i];
          a += wp * wp;
          b += wq * wq;
          g += wp * wq;
        }
        if (g === 0 || Math.abs(g) <= EPS * Math.sqrt(a * b)) continue;
        rotated = true;
        const zeta = (b - a) / (2 * g);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(W, p * k, q * k, c, s, k);
        rotate(V, p * k, q * k, c, s, k);
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let r = 0; r < k; r++) s += W[i * k + r] * W[i * k + r];
    sigma[i] = Math.sqrt(s);
  }
  return { W, V, sigma };
}

function rotate(M: Float64Array, pOff: number, qOff: number, c: number, s: number, k: number): void {
  for (let i = 0; i < k; i++) {
    const x = M[pOff + i];
    const y = M[qOff + i];
    M[pOff + i] = c * x - s * y;
    M[qOff + i] = s * x + c * y;
  }
}
