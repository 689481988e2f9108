/**
 * The worker-thread CV runs the built code (worker threads load dist/parallel/cvWorker.js), so
 * this file imports from dist; turbo builds core before its tests.
 */
import { describe, expect, it } from 'vitest';
import { createRng, cscFromDense, elasticNetCV, lassoCV, LassoKitError, stabilitySelection } from '../dist/index.js';
import { elasticNetCVParallel, lassoCVParallel, stabilitySelectionParallel } from '../dist/parallel/index.js';
import { FRESH_THREADS_FROM_MS, Helpers } from '../dist/parallel/runParallelCV.js';

const n = 120;
const p = 15;
const rand = createRng(11);
const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
const y = Float64Array.from({ length: n }, (_, i) => 2 * X.data[i] - X.data[3 * n + i] + 0.3 * (rand() - 0.5));
const weights = Float64Array.from({ length: n }, () => 0.5 + rand());
const penaltyFactor = Float64Array.from({ length: p }, (_, j) => (j === 0 ? 0 : 1 + (j % 3)));

describe('cross-validation with folds in worker threads', () => {
  it('gives exactly the sequential result (curves, fold errors, model, path)', async () => {
    const opts = { nFolds: 5, seed: 3, l1Ratios: [0.3, 1], weights, penaltyFactor, select: '1se' as const };
    const seq = elasticNetCV(X, y, opts);
    const par = await elasticNetCVParallel(X, y, { ...opts, workers: 2 });
    expect(par.curves.length).toBe(2);
    par.curves.forEach((curve, r) => {
      expect(Array.from(curve.alphas)).toEqual(Array.from(seq.curves[r].alphas));
      expect(Array.from(curve.cvMean)).toEqual(Array.from(seq.curves[r].cvMean));
      expect(Array.from(curve.cvSe)).toEqual(Array.from(seq.curves[r].cvSe));
      curve.foldErrors.forEach((e, f) => expect(Array.from(e)).toEqual(Array.from(seq.curves[r].foldErrors[f])));
    });
    expect(par.l1Ratio).toBe(seq.l1Ratio);
    expect(par.alpha1se).toBe(seq.alpha1se);
    expect(Array.from(par.model.coef)).toEqual(Array.from(seq.model.coef));
    expect(par.model.intercept).toBe(seq.model.intercept);
    expect(Array.from(par.foldIds)).toEqual(Array.from(seq.foldIds));
  });

  it('gives exactly the sequential result where folds are fitted from statistics (2^18 cells and up)', async () => {
    // 16,384 × 16: covariance mode, folds from the all-rows and held-out statistics, made once by the
    // calling thread and shared with the worker threads.
    const big = 16_384;
    const q = 16;
    const r = createRng(4);
    const Xb = { rows: big, cols: q, data: Float64Array.from({ length: big * q }, () => 50 + r() - 0.5) };
    const yb = Float64Array.from({ length: big }, (_, i) => Xb.data[i] - 2 * Xb.data[5 * big + i] + 0.2 * r());
    const wb = Float64Array.from({ length: big }, () => 0.5 + r());
    const opts = { nFolds: 4, seed: 2, l1Ratios: [0.5, 1], weights: wb, nAlphas: 30 };
    const seq = elasticNetCV(Xb, yb, opts);
    const par = await elasticNetCVParallel(Xb, yb, { ...opts, workers: 2 });
    par.curves.forEach((curve, k) => curve.foldErrors.forEach((e, f) => expect(Array.from(e)).toEqual(Array.from(seq.curves[k].foldErrors[f]))));
    expect(Array.from(par.model.coef)).toEqual(Array.from(seq.model.coef));
  });

  it('reports progress for every fold and path, and runs inline with one worker', async () => {
    const seen: number[] = [];
    const par = await lassoCVParallel(X, y, { nFolds: 4, workers: 3, onProgress: (done, total) => seen.push(done / total) });
    expect(seen).toHaveLength(5);
    expect(seen[seen.length - 1]).toBe(1);
    const inline = await lassoCVParallel(X, y, { nFolds: 4, workers: 1 });
    const seq = lassoCV(X, y, { nFolds: 4 });
    expect(Array.from(inline.cvMean)).toEqual(Array.from(seq.cvMean));
    expect(Array.from(par.cvMean)).toEqual(Array.from(seq.cvMean));
  });

  it('runs concurrent calls on the shared threads without mixing them up', async () => {
    const optsA = { nFolds: 5, seed: 1 };
    const optsB = { nFolds: 3, seed: 2, l1Ratios: [0.5] };
    const [a, b] = await Promise.all([lassoCVParallel(X, y, { ...optsA, workers: 3 }), elasticNetCVParallel(X, y, { ...optsB, workers: 3 })]);
    expect(Array.from(a.cvMean)).toEqual(Array.from(lassoCV(X, y, optsA).cvMean));
    expect(Array.from(b.cvMean)).toEqual(Array.from(elasticNetCV(X, y, optsB).cvMean));
  });

  it('refuses a bad worker count and bad input before starting any thread', async () => {
    await expect(lassoCVParallel(X, y, { workers: 0 })).rejects.toThrow(/workers/);
    await expect(lassoCVParallel(X, y, { workers: 1.5 })).rejects.toBeInstanceOf(LassoKitError);
    await expect(lassoCVParallel(X, y.subarray(1), { workers: 2 })).rejects.toThrow(/y has length 119/);
  });
});

describe('stability selection with half-samples in worker threads', () => {
  it('gives exactly the sequential result, with progress, and the same errors for bad input', async () => {
    const opts = { pairs: 12, seed: 5, weights, penaltyFactor, nAlphas: 25, l1Ratio: 0.8 };
    const seq = stabilitySelection(X, y, opts);
    const ticks: number[] = [];
    const par = await stabilitySelectionParallel(X, y, { ...opts, workers: 2, onProgress: (d: number) => ticks.push(d) });
    expect(par.probabilities.map((r) => Array.from(r))).toEqual(seq.probabilities.map((r) => Array.from(r)));
    expect(Array.from(par.selection)).toEqual(Array.from(seq.selection));
    expect(par.stable).toEqual(seq.stable);
    expect(ticks).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    await expect(stabilitySelectionParallel(X, y, { pairs: 3, workers: 2 })).rejects.toThrow(/pairs must be an integer ≥ 10/);
  });
});

describe('sparse designs in the parallel entry points', () => {
  it('CV and stability run in workers (the CSC arrays shared), both equal to the sequential runs', async () => {
    const sparse = cscFromDense({ rows: n, cols: p, data: X.data.map((v) => (Math.abs(v) < 0.3 ? 0 : v)) });
    const seq = lassoCV(sparse, y, { nFolds: 4, seed: 1, nAlphas: 12 });
    const par = await lassoCVParallel(sparse, y, { nFolds: 4, seed: 1, nAlphas: 12, workers: 2 });
    expect(Array.from(par.cvMean)).toEqual(Array.from(seq.cvMean));
    par.foldErrors.forEach((e, f) => expect(Array.from(e)).toEqual(Array.from(seq.foldErrors[f])));
    expect(Array.from(par.model.coef)).toEqual(Array.from(seq.model.coef));
    // Weighted, with two l1Ratios: more folds than threads, so the worker takes several.
    const opts = { nFolds: 5, seed: 3, l1Ratios: [0.5, 1], weights, nAlphas: 12 };
    const seqEnet = elasticNetCV(sparse, y, opts);
    const parEnet = await elasticNetCVParallel(sparse, y, { ...opts, workers: 2 });
    parEnet.curves.forEach((curve, r) => expect(Array.from(curve.cvMean)).toEqual(Array.from(seqEnet.curves[r].cvMean)));
    expect(Array.from(parEnet.model.coef)).toEqual(Array.from(seqEnet.model.coef));
    const a = stabilitySelection(sparse, y, { pairs: 10, seed: 2, nAlphas: 12 });
    const b = await stabilitySelectionParallel(sparse, y, { pairs: 10, seed: 2, nAlphas: 12, workers: 2 });
    expect(Array.from(b.selection)).toEqual(Array.from(a.selection));
  });
});

describe('when the helper threads start', () => {
  /** A host whose threads are counted, not run. */
  function fakeHost(pooled: number) {
    const asked: number[] = [];
    const host = { threads: (size: number) => (asked.push(size), []), pooled: () => pooled, defaultThreads: () => 2, yield: () => Promise.resolve() };
    return { host, asked };
  }
  const start = () => Promise.resolve();

  it('at once when asked for explicitly or already pooled', () => {
    for (const [explicit, pooled] of [[true, 0], [false, 3]] as const) {
      const { host, asked } = fakeHost(pooled);
      const helpers = new Helpers(3, host, explicit, start);
      expect(helpers.started).toBe(true);
      expect(asked).toEqual([3]);
    }
  });

  it('fresh ones only when the tasks measured show a second of work left (four after a cold task)', () => {
    const { host, asked } = fakeHost(1);
    const helpers = new Helpers(2, host, false, start);
    expect(helpers.started).toBe(false);
    helpers.consider(300, 10); // cold: 3 s of work left counts as less than 4 s
    helpers.consider(350, 9);
    helpers.consider(100, 8); // warm: 0.8 s
    expect(helpers.started).toBe(false);
    helpers.consider(150, 7); // warm: 1.05 s
    expect(helpers.started).toBe(true);
    expect(asked).toEqual([2]);
    helpers.consider(150, 6);
    expect(asked).toEqual([2]);
    const cold = new Helpers(2, fakeHost(0).host, false, start);
    cold.consider(450, 10);
    expect(cold.started).toBe(true);
    expect(FRESH_THREADS_FROM_MS).toBe(1000);
  });

  it('never more threads than tasks left, and none with none left', () => {
    const { host, asked } = fakeHost(0);
    const few = new Helpers(3, host, false, start);
    few.consider(10, 1);
    few.consider(10, 1);
    few.consider(5000, 2);
    expect(asked).toEqual([2]);
    const done = new Helpers(3, host, false, start);
    for (let k = 0; k < 4; k++) done.consider(1e6, 0);
    expect(done.started).toBe(false);
  });

  it('leaves a small CV on the calling thread by default, with the sequential result', async () => {
    const opts = { nFolds: 5, seed: 3, l1Ratios: [0.5, 1] };
    const seq = elasticNetCV(X, y, opts);
    const par = await elasticNetCVParallel(X, y, opts);
    par.curves.forEach((curve, r) => expect(Array.from(curve.cvMean)).toEqual(Array.from(seq.curves[r].cvMean)));
    expect(par.alphaMin).toBe(seq.alphaMin);
  });
});
