import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoordinateDescent, createRng, enetPath, enetPathFromStats, sufficientStats, toDenseMatrix } from '../src/index.js';
import { Workspace } from '../src/internal.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { prepareProblem } from '../src/prepare/prepareProblem.js';
import { GramProblem } from '../src/solver/GramProblem.js';

// Whole α's by plain passes and checks in one call (CoordinateDescent's setSolve, the Gram
// problem's solveOnSet: alphaKernels.wat's gramSolve, or its TypeScript twin without SIMD).

afterEach(() => vi.restoreAllMocks());

/** n × p rows, equicorrelated ρ, and a target from the first three columns. */
function problem(seed: number, n: number, p: number, rho: number): { rows: number[][]; y: Float64Array } {
  const rand = createRng(seed);
  const rows = Array.from({ length: n }, () => {
    const c = rand() - 0.5;
    return Array.from({ length: p }, () => Math.sqrt(rho) * c + Math.sqrt(1 - rho) * (rand() - 0.5));
  });
  return { rows, y: Float64Array.from(rows, (r) => r[0] - 2 * r[1] + r[2 % p] + 0.3 * (rand() - 0.5)) };
}

/** Counts the kernel's calls and how many ended converged. */
function watchKernel(): { calls: number; converged: number } {
  const seen = { calls: 0, converged: 0 };
  const original = Workspace.prototype.gramSolve;
  vi.spyOn(Workspace.prototype, 'gramSolve').mockImplementation(function (this: Workspace, ...args: Parameters<Workspace['gramSolve']>) {
    const status = original.apply(this, args);
    if (status !== null) seen.calls++;
    if (status === 1) seen.converged++;
    return status;
  });
  return seen;
}

describe('whole α in one call', () => {
  it.each([
    ['Lasso', 1, false],
    ['Elastic Net', 0.5, false],
    ['positive', 1, true],
    ['ridge (l1Ratio 0)', 0, false],
  ] as const)('%s: the WebAssembly kernel moves β exactly as its TypeScript twin, α for α', (_name, l1Ratio, positive) => {
    const { rows, y } = problem(3, 300, 40, 0.3);
    const common = resolveCommon({ standardize: true, positive });
    const solver = (twin: boolean) => {
      const gram = GramProblem.fromKernel(prepareProblem(toDenseMatrix(rows), y, common, undefined, undefined).kernel);
      gram.cross(0, 0);
      // Without the pass kernel, solveOnSet is the TypeScript twin (and passes the generic pass).
      if (twin) Object.defineProperty(gram, 'passOver', { value: undefined });
      return new CoordinateDescent(gram);
    };
    const seen = watchKernel();
    const kernel = solver(false);
    const twin = solver(true);
    // (A ridge path has no alphaMax: from ten times the largest |c_j| down.)
    const alphaMax = Math.max(...Array.from(kernel.gradient(), Math.abs)) / (l1Ratio || 0.1);
    let previous: number | undefined;
    for (let k = 0; k < 40; k++) {
      const opts = { alpha: alphaMax * 0.85 ** k, l1Ratio, tol: 1e-6, maxIter: 10_000, previousAlpha: previous };
      const a = kernel.solve(opts);
      const b = twin.solve(opts);
      expect([a.nIter, a.dualGap, a.objective]).toEqual([b.nIter, b.dualGap, b.objective]);
      expect(Array.from(kernel.beta)).toEqual(Array.from(twin.beta));
      previous = opts.alpha;
    }
    // The kernel served the path: a good part of its α's converged in it (most, but for the ridge's).
    expect(seen.converged).toBeGreaterThan(10);
    expect(kernel.beta.some((v) => v !== 0)).toBe(true);
  });

  it('ends α’s within tol of the optimum (objectives from X and y against a tight solve), as the solver loop does', () => {
    const seen = watchKernel();
    const rand = createRng(11);
    for (let trial = 0; trial < 24; trial++) {
      const p = 3 + Math.floor(rand() * 50);
      const n = p + 20 + Math.floor(rand() * 250);
      const rho = [0, 0.3, 0.6, 0.9][trial % 4];
      const l1Ratio = trial % 3 === 0 ? 0.5 : 1;
      const positive = trial % 5 === 0;
      const { rows, y } = problem(100 + trial, n, p, rho);
      const tol = 1e-6;
      const opts = { l1Ratio, positive, standardize: false, fitIntercept: false, nAlphas: 50 };
      const on = enetPath(rows, y, { ...opts, tol });
      const off = enetPath(rows, y, { ...opts, tol, alphaKernel: false });
      const tight = enetPath(rows, y, { ...opts, tol: 1e-12, maxIter: 100_000 });
      const nullObjective = y.reduce((s, v) => s + v * v, 0) / (2 * n);
      on.alphas.forEach((alpha, k) => {
        const best = objective(rows, y, tight.coef[k], alpha, l1Ratio);
        const mine = objective(rows, y, on.coef[k], alpha, l1Ratio);
        const loop = objective(rows, y, off.coef[k], alpha, l1Ratio);
        // Within tol·objective of the optimum (plus the rounding floor, and that of these sums).
        expect(mine - best, `trial ${trial}, α #${k}`).toBeLessThanOrEqual(tol * mine + 1e-12 * nullObjective);
        expect(loop - best).toBeLessThanOrEqual(tol * loop + 1e-12 * nullObjective);
        expect(on.converged[k]).toBe(true);
        // The reported gap bounds the suboptimality.
        expect(mine - best).toBeLessThanOrEqual(on.dualGap[k] + 1e-12 * nullObjective);
      });
    }
    // Not vacuous: the kernel ended most α's.
    expect(seen.converged).toBeGreaterThan(0.5 * seen.calls);
    expect(seen.converged).toBeGreaterThan(300);
  });

  it('serves paths from sufficient statistics in WebAssembly too, with the same β as from the rows', () => {
    // Statistics give Xᵀy as an ordinary array; the kernel reads it in its memory (else the path
    // fell to the TypeScript twin: the same β, at twice the time).
    expect(Workspace.create(16).simd).toBe(true);
    const { rows, y } = problem(5, 400, 30, 0);
    const seen = watchKernel();
    const opts = { l1Ratio: 1, nAlphas: 60 };
    const fromStats = enetPathFromStats(sufficientStats(rows, y), opts);
    expect(seen.converged).toBeGreaterThan(30);
    const fromRows = enetPath(rows, y, opts);
    fromStats.coef.forEach((b, k) => b.forEach((v, j) => expect(v).toBeCloseTo(fromRows.coef[k][j], 5)));
  });
});

/** ‖y − Xβ‖²/(2n) + α(l1‖β‖₁ + (1 − l1)/2·‖β‖²). */
function objective(rows: number[][], y: Float64Array, beta: Float64Array, alpha: number, l1Ratio: number): number {
  let rss = 0;
  rows.forEach((row, i) => {
    const r = y[i] - row.reduce((s, x, j) => s + x * beta[j], 0);
    rss += r * r;
  });
  let l1 = 0;
  let l2 = 0;
  for (const b of beta) {
    l1 += Math.abs(b);
    l2 += b * b;
  }
  return rss / (2 * rows.length) + alpha * (l1Ratio * l1 + 0.5 * (1 - l1Ratio) * l2);
}
