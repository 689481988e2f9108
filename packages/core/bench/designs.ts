import { createRng } from '../src/random/createRng.js';
import type { DenseMatrix } from '../src/matrix/DenseMatrix.js';

/**
 * How the columns of X are made. The paper's designs: equicorrelated and Toeplitz. Beyond them
 * (`bench:peers --matrix --designs other`), designs nobody tuned for: `block` — groups of `size`
 * columns correlated ρ within a group, independent across (near-duplicate features); `binary` —
 * 0/1 columns, each with its own frequency between 1 % and 50 % (dummy-coded categories, many
 * rare); `heavy` — Student-t columns with `df` degrees of freedom (outlying rows).
 */
export type Correlation =
  | { readonly kind: 'equi'; readonly rho: number }
  | { readonly kind: 'toeplitz'; readonly rho: number }
  | { readonly kind: 'block'; readonly rho: number; readonly size: number }
  | { readonly kind: 'binary' }
  | { readonly kind: 'heavy'; readonly df: number };

/** A short name for a design: ρ0.5, T0.5, B0.95/10, bin, t3. */
export function designLabel(corr: Correlation): string {
  switch (corr.kind) {
    case 'equi':
      return `ρ${corr.rho}`;
    case 'toeplitz':
      return `T${corr.rho}`;
    case 'block':
      return `B${corr.rho}/${corr.size}`;
    case 'binary':
      return 'bin';
    case 'heavy':
      return `t${corr.df}`;
  }
}

/** The true coefficients: the paper's dense β, or 10 nonzeros at random places. */
export type Signal = 'dense' | 'sparse';

/**
 * Generated regression data in the family of Friedman, Hastie & Tibshirani (2010), section 5.1:
 * equicorrelated columns (x_ij = z_ij + √(ρ/(1−ρ))·z_i0, pairwise correlation ρ) or a Toeplitz
 * design (AR(1) across columns: corr(x_j, x_k) = ρ^|j−k|), or one of the other designs of
 * `Correlation`; β dense (β_j = (−1)^j·exp(−2(j−1)/20))
 * or sparse (10 entries ±1 at random columns); y = Xβ + k·ε with signal-to-noise ratio 3. X is
 * standardized (1/n sd) and y centred. Deterministic for a seed.
 *
 * Cost: O(n·p).
 */
export function generate(n: number, p: number, corr: Correlation, signal: Signal, seed: number): { X: DenseMatrix; y: Float64Array } {
  const rand = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const data = new Float64Array(n * p);
  if (corr.kind === 'equi') {
    const shared = Float64Array.from({ length: n }, gauss);
    const k = Math.sqrt(corr.rho / (1 - corr.rho));
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data[j * n + i] = gauss() + k * shared[i];
  } else if (corr.kind === 'toeplitz') {
    const c = Math.sqrt(1 - corr.rho * corr.rho);
    for (let i = 0; i < n; i++) data[i] = gauss();
    for (let j = 1; j < p; j++) for (let i = 0; i < n; i++) data[j * n + i] = corr.rho * data[(j - 1) * n + i] + c * gauss();
  } else if (corr.kind === 'block') {
    // x_ij = √(1−ρ)·z_ij + √ρ·z_i,group: correlation ρ within a group.
    const shared = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      if (j % corr.size === 0) for (let i = 0; i < n; i++) shared[i] = gauss();
      for (let i = 0; i < n; i++) data[j * n + i] = Math.sqrt(1 - corr.rho) * gauss() + Math.sqrt(corr.rho) * shared[i];
    }
  } else if (corr.kind === 'binary') {
    for (let j = 0; j < p; j++) {
      // Frequencies spread log-uniformly over 1 % … 50 %, at least one 1 per column.
      const f = 0.01 * 50 ** rand();
      for (let i = 0; i < n; i++) data[j * n + i] = rand() < f ? 1 : 0;
      data[j * n + Math.floor(rand() * n)] = 1;
    }
  } else {
    // Student-t: z / √(χ²_df / df), χ²_df as a sum of df squared normals.
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) {
      let chi = 0;
      for (let k = 0; k < corr.df; k++) chi += gauss() ** 2;
      data[j * n + i] = gauss() / Math.sqrt(chi / corr.df);
    }
  }
  for (let j = 0; j < p; j++) {
    const col = data.subarray(j * n, (j + 1) * n);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (col[i] - mean) ** 2;
    const sd = Math.sqrt(v / n) || 1;
    for (let i = 0; i < n; i++) col[i] = (col[i] - mean) / sd;
  }
  const beta = new Float64Array(p);
  if (signal === 'dense') for (let j = 0; j < p; j++) beta[j] = (j % 2 === 0 ? -1 : 1) * Math.exp((-2 * j) / 20);
  else for (let t = 0; t < Math.min(10, p); ) {
    const j = Math.floor(rand() * p);
    if (beta[j] !== 0) continue;
    beta[j] = t % 2 === 0 ? 1 : -1;
    t++;
  }
  const y = new Float64Array(n);
  for (let j = 0; j < p; j++) if (beta[j] !== 0) for (let i = 0; i < n; i++) y[i] += beta[j] * data[j * n + i];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i] - mean) ** 2;
  const noise = Math.sqrt(v / n) / 3;
  for (let i = 0; i < n; i++) y[i] += noise * gauss();
  mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  for (let i = 0; i < n; i++) y[i] -= mean;
  return { X: { rows: n, cols: p, data }, y };
}

/** ½·mean((y − Xβ)²) + α·(l1·‖β‖₁ + ½(1 − l1)·‖β‖²), computed directly (independent of the solver). */
export function enetObjective(X: DenseMatrix, y: Float64Array, coef: ArrayLike<number>, alpha: number, l1Ratio: number): number {
  const { rows: n, cols: p, data } = X;
  const r = Float64Array.from(y);
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < p; j++) {
    const b = coef[j];
    if (b === 0) continue;
    l1 += Math.abs(b);
    l2 += b * b;
    for (let i = 0; i < n; i++) r[i] -= b * data[j * n + i];
  }
  let rss = 0;
  for (let i = 0; i < n; i++) rss += r[i] * r[i];
  return (0.5 * rss) / n + alpha * (l1Ratio * l1 + 0.5 * (1 - l1Ratio) * l2);
}
