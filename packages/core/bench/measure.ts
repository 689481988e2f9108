import type { DenseMatrix } from '../dist/index.js';

/** Median of a sample (the figure every benchmark prints). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Warm-up before timing: at least this many calls and this long, so the JIT has settled. */
const WARM_CALLS = 3;
const WARM_MS = 200;

/** Median wall time in seconds over `runs` calls, after warm-up calls; returns the last result too. */
export function time<T>(fn: () => T, runs: number): { seconds: number; result: T } {
  let result = fn();
  for (let k = 1, t0 = performance.now(); k < WARM_CALLS || performance.now() - t0 < WARM_MS; k++) result = fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result };
}

/** {@link time} for async work (awaited one call at a time). */
export async function timeAsync<T>(fn: () => Promise<T>, runs: number): Promise<{ seconds: number; result: T }> {
  let result = await fn();
  for (let k = 1, t0 = performance.now(); k < WARM_CALLS || performance.now() - t0 < WARM_MS; k++) result = await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result };
}

/** ½·mean((y − b0 − Xβ)²) + α‖β‖₁, computed directly (independent of the solver). */
export function lassoObjective(X: DenseMatrix, y: Float64Array, coef: ArrayLike<number>, intercept: number, alpha: number): number {
  const { rows: n, cols: p, data } = X;
  const r = Float64Array.from(y, (v) => v - intercept);
  let l1 = 0;
  for (let j = 0; j < p; j++) {
    const b = coef[j];
    if (b === 0) continue;
    l1 += Math.abs(b);
    for (let i = 0; i < n; i++) r[i] -= b * data[j * n + i];
  }
  return (0.5 * r.reduce((a, v) => a + v * v, 0)) / n + alpha * l1;
}
