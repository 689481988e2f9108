/**
 * Householder QR of an m×k column-major matrix with m ≥ k, in place: on return the upper
 * triangle of the first k rows holds R, and the reflectors are kept to apply Q or Qᵀ.
 *
 * Cost: O(m·k²).
 */
export interface QR {
  readonly m: number;
  readonly k: number;
  /** k×k upper-triangular R, column-major. */
  readonly R: Float64Array;
  /** Householder vectors v_j (length m, zero above j), column-major m×k; H_j = I − 2 v vᵀ. */
  readonly V: Float64Array;
}

export function householderQR(A: Float64Array, m: number, k: number): QR {
  const W = Float64Array.from(A.subarray(0, m * k));
  const V = new Float64Array(m * k);
  for (let j = 0; j < k; j++) {
    const cj = j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm += W[cj + i] * W[cj + i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = W[cj + j] > 0 ? -norm : norm;
    let vnorm = 0;
    for (let i = j; i < m; i++) {
      const v = i === j ? W[cj + i] - alpha : W[cj + i];
      V[cj + i] = v;
      vnorm += v * v;
    }
    vnorm = Math.sqrt(vnorm);
    if (vnorm === 0) continue;
    for (let i = j; i < m; i++) V[cj + i] /= vnorm;
    for (let c = j; c < k; c++) reflect(V, cj, W, c * m, j, m);
  }
  const R = new Float64Array(k * k);
  for (let c = 0; c < k; c++) for (let r = 0; r <= c; r++) R[c * k + r] = W[c * m + r];
  return { m, k, R, V };
}

/** Applies Qᵀ = H_{k−1}…H_0 to a length-m vector in place. */
export function applyQt(qr: QR, x: Float64Array): void {
  for (let j = 0; j < qr.k; j++) reflect(qr.V, j * qr.m, x, 0, j, qr.m);
}

/** Applies Q = H_0…H_{k−1} to a length-m vector in place. */
export function applyQ(qr: QR, x: Float64Array): void {
  for (let j = qr.k - 1; j >= 0; j--) reflect(qr.V, j * qr.m, x, 0, j, qr.m);
}

/** Applies the reflector H = I − 2·v·vᵀ (v at V[vOff …], zero above row `from`) to x[xOff …] in place. */
export function reflect(V: Float64Array, vOff: number, x: Float64Array, xOff: number, from: number, m: number): void {
  let s = 0;
  for (let i = from; i < m; i++) s += V[vOff + i] * x[xOff + i];
  if (s === 0) return;
  s *= 2;
  for (let i = from; i < m; i++) x[xOff + i] -= s * V[vOff + i];
}
