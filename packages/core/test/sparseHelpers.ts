import type { DenseMatrix } from '../src/index.js';

/**
 * The documented objective of the kernel problem on a dense matrix, standardized the way the fit was
 * (penalty on standardized coefficients when `standardize`), evaluated directly — independent of
 * either solver.
 */
export function enetObjectiveDense(
  X: DenseMatrix,
  y: ArrayLike<number>,
  coef: ArrayLike<number>,
  intercept: number,
  alpha: number,
  opts: { l1Ratio?: number; standardize?: boolean; fitIntercept?: boolean; weights?: ArrayLike<number>; penaltyFactor?: ArrayLike<number> },
): number {
  const { rows: n, cols: p, data } = X;
  const w = Float64Array.from({ length: n }, (_, i) => (opts.weights ? opts.weights[i] : 1));
  const W = w.reduce((a, b) => a + b, 0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let f = intercept;
    for (let j = 0; j < p; j++) f += data[j * n + i] * coef[j];
    loss += w[i] * (y[i] - f) ** 2;
  }
  const l1 = opts.l1Ratio ?? 1;
  let pen = 0;
  for (let j = 0; j < p; j++) {
    let s = 1;
    if (opts.standardize !== false) {
      let m = 0;
      for (let i = 0; i < n; i++) m += (w[i] * data[j * n + i]) / W;
      let v = 0;
      for (let i = 0; i < n; i++) v += (w[i] * (data[j * n + i] - m) ** 2) / W;
      s = Math.sqrt(v) || 1;
    }
    const b = coef[j] * s;
    const pf = opts.penaltyFactor ? opts.penaltyFactor[j] : 1;
    pen += pf * (l1 * Math.abs(b) + 0.5 * (1 - l1) * b * b);
  }
  return loss / (2 * W) + alpha * pen;
}
