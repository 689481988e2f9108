import type { Workspace } from '../wasm/Workspace.js';

/**
 * out[t] = x_{cols[t]}ᵀx_j for t < count (X n×p column-major): the Gram-column kernel. Four columns
 * per sweep over x_j, since x_j is read once per four (the Gram is most of the work when n ≫ p).
 * Every entry is summed the same way whichever columns it is computed with, so a Gram filled
 * lazily in any order has the same values (what lets CV share one across folds and threads).
 * SIMD through the workspace when `cols` and `out` live in it; TypeScript otherwise.
 *
 * Cost: O(n·count).
 */
export function gramColumn(
  ws: Workspace,
  X: Float64Array,
  n: number,
  j: number,
  cols: Int32Array,
  count: number,
  out: Float64Array,
): void {
  if (ws.simd) {
    ws.gatherDots(X, X, j * n, cols, count, out, n);
    return;
  }
  const jo = j * n;
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const o0 = cols[t] * n;
    const o1 = cols[t + 1] * n;
    const o2 = cols[t + 2] * n;
    const o3 = cols[t + 3] * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const xj = X[jo + i];
      s0 += X[o0 + i] * xj;
      s1 += X[o1 + i] * xj;
      s2 += X[o2 + i] * xj;
      s3 += X[o3 + i] * xj;
    }
    out[t] = s0;
    out[t + 1] = s1;
    out[t + 2] = s2;
    out[t + 3] = s3;
  }
  for (; t < count; t++) {
    const o = cols[t] * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += X[o + i] * X[jo + i];
    out[t] = s;
  }
}

/**
 * Two Gram columns, j and j2, against the same column list in one sweep over X (SIMD): each column
 * of X is read once for both, which halves the memory traffic when X does not fit in cache. Same
 * values as two {@link gramColumn} calls.
 */
export function gramColumnPair(
  ws: Workspace,
  X: Float64Array,
  n: number,
  j: number,
  j2: number,
  cols: Int32Array,
  count: number,
  out: Float64Array,
  out2: Float64Array,
): void {
  if (ws.simd && ws.gatherDots2(X, X, j * n, X, j2 * n, cols, count, out, out2, n)) return;
  gramColumn(ws, X, n, j, cols, count, out);
  gramColumn(ws, X, n, j2, cols, count, out2);
}

/**
 * Columns of X whose Gram columns one {@link gramColumns} sweep reads per kernel call: a chunk of
 * them stays in cache (~1 MB with n rows) while each pair of requested columns is dotted with it,
 * so X is read from memory once for the whole group instead of once per pair. A multiple of four:
 * the kernel takes columns four at a time and the rest one by one, at half the speed or less
 * (README: "Measurements behind the constants").
 */
function chunkColumns(n: number): number {
  return 4 * Math.max(1, Math.round(2 ** 15 / n));
}

/**
 * Several Gram columns (`js`: j's in order, `outs[q]` for js[q]) against the same column list:
 * pairs of them through {@link gramColumnPair}, over chunks of `cols` small enough to stay in cache
 * between the pairs — X is read once for the group (out of cache a pair's sweep is bound by reading
 * X, and groups of eight took about 0.6× the time of pairs (README: "Measurements behind the
 * constants")). Each entry is the kernel's same sum, so the values are those of one column at a
 * time.
 *
 * Cost: O(n·count·js.length).
 */
export function gramColumns(
  ws: Workspace,
  X: Float64Array,
  n: number,
  js: readonly number[],
  cols: Int32Array,
  count: number,
  outs: readonly Float64Array[],
): void {
  const g = js.length;
  const chunk = g <= 2 ? count : chunkColumns(n);
  for (let s = 0; s < count; s += chunk) {
    const m = Math.min(chunk, count - s);
    const part = cols.subarray(s, s + m);
    const out = (q: number) => outs[q].subarray(s);
    for (let q = 0; q < g; q += 2) {
      if (q + 1 < g) gramColumnPair(ws, X, n, js[q], js[q + 1], part, m, out(q), out(q + 1));
      else gramColumn(ws, X, n, js[q], part, m, out(q));
    }
  }
}
