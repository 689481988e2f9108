/**
 * out = θ − P·θ, P the orthogonal projection onto the span of the columns `cols` of X (column-major,
 * n rows), by Householder QR of those columns on the rows themselves. A column whose part off the
 * span of the ones before it is rounding of its own size (below DEPENDENT·‖x‖) adds nothing to the
 * span. Unlike a solve with X_UᵀX_U, whose pivots are the sines squared, the rows resolve sines
 * down to ~1e-14: out is orthogonal to every column to rounding (|x_jᵀout| ≲ ε·‖x_j‖·‖θ‖).
 *
 * Cost: O(n·k²) for k columns, O(n·k) more for θ.
 *
 * @example
 * // the part of θ = (1, 2) off the column (1, 1): (−0.5, 0.5)
 * const out = new Float64Array(2);
 * projectOffColumns(Float64Array.of(1, 1), 2, [0], Float64Array.of(1, 2), out);
 */
export function projectOffColumns(X: Float64Array, n: number, cols: readonly number[], theta: ArrayLike<number>, out: Float64Array): void {
  projectOffSpan(spanReflectors(X, n, cols), n, theta, out);
}

/**
 * out = θ − P·θ for the span `spanReflectors` found (its reflectors kept across calls: X and the
 * columns do not change, θ does).
 *
 * Cost: O(n·k) for k reflectors.
 */
export function projectOffSpan(reflectors: readonly Float64Array[], n: number, theta: ArrayLike<number>, out: Float64Array): void {
  // Qᵀθ, its first k entries (the span's coordinates) zeroed, then Q back: θ − Q_k·Q_kᵀ·θ.
  for (let i = 0; i < n; i++) out[i] = theta[i];
  for (let t = 0; t < reflectors.length; t++) reflect(reflectors[t], t, out, n);
  out.fill(0, 0, reflectors.length);
  for (let t = reflectors.length - 1; t >= 0; t--) reflect(reflectors[t], t, out, n);
}

/**
 * The Householder reflectors H_t = I − 2·v_t·v_tᵀ/(v_tᵀv_t) (v_t zero above row t) of the columns
 * `cols` of X, one per column kept: their count is the columns' rank on the rows.
 *
 * Cost: O(n·k²).
 */
export function spanReflectors(X: Float64Array, n: number, cols: readonly number[]): Float64Array[] {
  const reflectors: Float64Array[] = [];
  const col = new Float64Array(n);
  for (const j of cols) {
    // n reflectors span every row: the columns left are in the span.
    const r = reflectors.length;
    if (r === n) break;
    let size = 0;
    for (let i = 0; i < n; i++) {
      col[i] = X[j * n + i];
      size += col[i] * col[i];
    }
    size = Math.sqrt(size);
    if (size === 0) continue;
    for (let t = 0; t < r; t++) reflect(reflectors[t], t, col, n);
    let below = 0;
    for (let i = r; i < n; i++) below += col[i] * col[i];
    below = Math.sqrt(below);
    if (below <= DEPENDENT * Math.sqrt(n) * size) continue;
    const v = new Float64Array(n);
    for (let i = r; i < n; i++) v[i] = col[i];
    // v = x + sign(x_r)·‖x‖·e_r: no cancellation in its first entry.
    v[r] += (col[r] >= 0 ? 1 : -1) * below;
    reflectors.push(v);
  }
  return reflectors;
}

/** Below this many ε·√n of a column's norm, its part off the span before it is rounding: in the span. */
const DEPENDENT = 16 * 2 ** -52;

/** w ← H·w for the reflector v (zero above row `from`). */
function reflect(v: Float64Array, from: number, w: Float64Array, n: number): void {
  let vv = 0;
  let vw = 0;
  for (let i = from; i < n; i++) {
    vv += v[i] * v[i];
    vw += v[i] * w[i];
  }
  if (vv === 0) return;
  const f = (2 * vw) / vv;
  for (let i = from; i < n; i++) w[i] -= f * v[i];
}
