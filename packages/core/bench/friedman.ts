import { createRng, type DenseMatrix } from '../dist/index.js';

/**
 * Friedman, Hastie & Tibshirani (2010), "Regularization paths for GLMs via coordinate descent",
 * section 5.1: x_ij = z_ij + √(ρ/(1−ρ))·z_i0 (equal pairwise correlation ρ), coefficients
 * β_j = (−1)^j · exp(−2(j−1)/20), y = Xβ + k·ε with k set for a signal-to-noise ratio of 3.
 * Deterministic for a seed (our xoshiro128** + Box–Muller); X is returned standardized (1/n sd)
 * and y centred, as the benchmark in the paper and issue 7 specify.
 */
export function friedman(n: number, p: number, rho: number, seed: number): { X: DenseMatrix; y: Float64Array } {
  const rand = createRng(seed);
  const gauss = () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const shared = Float64Array.from({ length: n }, gauss);
  const k = Math.sqrt(rho / (1 - rho));
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[j * n + i] = gauss() + k * shared[i];
  for (let j = 0; j < p; j++) {
    const col = data.subarray(j * n, (j + 1) * n);
    const mean = col.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    for (let i = 0; i < n; i++) col[i] = (col[i] - mean) / sd;
  }
  const signal = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const b = (j % 2 === 0 ? -1 : 1) * Math.exp((-2 * j) / 20);
    for (let i = 0; i < n; i++) signal[i] += b * data[j * n + i];
  }
  const sMean = signal.reduce((a, v) => a + v, 0) / n;
  const sSd = Math.sqrt(signal.reduce((a, v) => a + (v - sMean) ** 2, 0) / n);
  const y = Float64Array.from(signal, (s) => s + (sSd / 3) * gauss());
  const yMean = y.reduce((a, v) => a + v, 0) / n;
  for (let i = 0; i < n; i++) y[i] -= yMean;
  return { X: { rows: n, cols: p, data }, y };
}
