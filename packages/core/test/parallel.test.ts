/**
 * The worker-thread CV runs the built code (worker threads load dist/parallel/cvWorker.js), so
 * this file imports from dist; turbo builds core before its tests.
 */
import { describe, expect, it } from 'vitest';
import { createRng, cscFromDense, elasticNetCV, enetPath, lassoCV, lassoPath, LassoKitError, relaxedLassoCV, stabilitySelection, type PathResult } from '../dist/index.js';
import { elasticNetCVParallel, enetPathParallel, lassoCVParallel, lassoPathParallel, relaxedLassoCVParallel, stabilitySelectionParallel } from '../dist/parallel/index.js';
import { FRESH_THREADS_FROM_MS, Helpers, type FoldThread } from '../dist/parallel/runParallelCV.js';
import { MIN_PARALLEL_GRAM, runParallelPath } from '../dist/parallel/runParallelPath.js';
import { handleRequest, type FoldReply, type WorkerRequest } from '../dist/parallel/foldJobs.js';

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

  // Rows are copied into a pooled WebAssembly memory larger than X: shared with the threads where
  // SharedArrayBuffer exists, else posted — X's values alone, not the whole memory.
  it('from an array of rows gives the sequential result, with SharedArrayBuffer and without', async () => {
    const rows = Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => X.data[j * n + i]));
    const opts = { nFolds: 4, seed: 2, nAlphas: 20, workers: 2 };
    const seq = lassoCV(X, y, opts);
    const shared = await lassoCVParallel(rows, y, opts);
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const saved = g.SharedArrayBuffer;
    g.SharedArrayBuffer = undefined;
    let posted;
    try {
      posted = await lassoCVParallel(rows, y, opts);
    } finally {
      g.SharedArrayBuffer = saved;
    }
    for (const par of [shared, posted]) {
      expect(Array.from(par.cvMean)).toEqual(Array.from(seq.cvMean));
      expect(Array.from(par.model.coef)).toEqual(Array.from(seq.model.coef));
    }
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

describe('relaxed Lasso CV with folds in worker threads', () => {
  it('gives exactly the sequential result (every γ curve, the choices, the model), with progress, and the same errors for bad input', async () => {
    const opts = { nFolds: 5, seed: 4, weights, penaltyFactor, nAlphas: 30, select: '1se' as const };
    const seq = relaxedLassoCV(X, y, opts);
    const ticks: number[] = [];
    const par = await relaxedLassoCVParallel(X, y, { ...opts, workers: 2, onProgress: (d: number) => ticks.push(d) });
    expect(Array.from(par.gammas)).toEqual(Array.from(seq.gammas));
    expect(par.cvMean.map((m) => Array.from(m))).toEqual(seq.cvMean.map((m) => Array.from(m)));
    expect(par.cvSe.map((m) => Array.from(m))).toEqual(seq.cvSe.map((m) => Array.from(m)));
    expect([par.alphaMin, par.gammaMin, par.alpha1se, par.gamma1se]).toEqual([seq.alphaMin, seq.gammaMin, seq.alpha1se, seq.gamma1se]);
    expect(Array.from(par.model.coef)).toEqual(Array.from(seq.model.coef));
    expect(par.model.intercept).toBe(seq.model.intercept);
    expect(ticks).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(relaxedLassoCVParallel(X, y, { gammas: [2], workers: 2 })).rejects.toThrow(/gammas must be in \[0, 1\]; got 2/);
    await expect(relaxedLassoCVParallel(X, y, { workers: 0 })).rejects.toThrow(/workers/);
  });

  it('passes maxRefitFeatures to the folds: the sequential result, other than without it', async () => {
    const opts = { nFolds: 5, seed: 4, weights, penaltyFactor, nAlphas: 30, maxRefitFeatures: 3 };
    const seq = relaxedLassoCV(X, y, opts);
    const par = await relaxedLassoCVParallel(X, y, { ...opts, workers: 2 });
    expect(par.cvMean.map((m) => Array.from(m))).toEqual(seq.cvMean.map((m) => Array.from(m)));
    expect(par.maxRefitFeatures).toBe(3);
    expect(seq.cvMean.map((m) => Array.from(m))).not.toEqual(relaxedLassoCV(X, y, { ...opts, maxRefitFeatures: undefined }).cvMean.map((m) => Array.from(m)));
    await expect(relaxedLassoCVParallel(X, y, { maxRefitFeatures: -2, workers: 2 })).rejects.toThrow(/maxRefitFeatures must be an integer ≥ 0; got -2/);
  });
});

describe('the folds report where their fits converged', () => {
  // One pass an α: most fits stop at maxIter.
  const short = { nFolds: 4, seed: 5, weights, penaltyFactor, nAlphas: 15, maxIter: 1 };
  /** Each fold's path refitted alone on its training rows, along the CV's grid: its `converged`, as 1/0. */
  const alone = (Xf: typeof X, ids: Int32Array, alphas: Float64Array, l1Ratio: number): number[][] =>
    Array.from({ length: short.nFolds }, (_, k) => {
      const train = Array.from(ids.keys()).filter((i) => ids[i] !== k);
      const Xt = { rows: train.length, cols: p, data: new Float64Array(train.length * p) };
      for (let j = 0; j < p; j++) train.forEach((i, t) => (Xt.data[j * train.length + t] = Xf.data[j * n + i]));
      const path = enetPath(Xt, train.map((i) => y[i]), { ...short, weights: train.map((i) => weights[i]), alphas, l1Ratio });
      return path.converged.map((ok) => (ok ? 1 : 0));
    });

  it('elasticNetCV: each fold fitted alone converges where its flags say, sequential and in workers alike', async () => {
    const seq = elasticNetCV(X, y, { ...short, l1Ratios: [0.5, 1] });
    const par = await elasticNetCVParallel(X, y, { ...short, l1Ratios: [0.5, 1], workers: 2 });
    seq.curves.forEach((curve, r) => {
      const flags = curve.foldConverged.map((f) => Array.from(f));
      expect(flags).toEqual(alone(X, seq.foldIds, curve.alphas, curve.l1Ratio));
      expect(par.curves[r].foldConverged.map((f) => Array.from(f))).toEqual(flags);
      expect(flags.flat()).toContain(0);
    });
    expect(seq.foldConverged).toBe(seq.curves.find((c) => c.l1Ratio === seq.l1Ratio)?.foldConverged);
    // With passes enough, every fold fit converged.
    const full = lassoCV(X, y, { ...short, maxIter: undefined });
    expect(full.foldConverged.flatMap((f) => Array.from(f))).not.toContain(0);
  });

  it('sparse folds and the relaxed CV report theirs too', async () => {
    const sparse = cscFromDense({ rows: n, cols: p, data: X.data });
    const cv = lassoCV(sparse, y, short);
    expect(cv.foldConverged.map((f) => Array.from(f))).toEqual(alone(X, cv.foldIds, cv.alphas, 1));
    const relaxed = relaxedLassoCV(X, y, short);
    const flags = relaxed.foldConverged.map((f) => Array.from(f));
    expect(flags).toEqual(alone(X, relaxed.foldIds, relaxed.alphas, 1));
    expect(flags.flat()).toContain(0);
    const par = await relaxedLassoCVParallel(X, y, { ...short, workers: 2 });
    expect(par.foldConverged.map((f) => Array.from(f))).toEqual(flags);
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

describe('paths with their Gram made in worker threads', () => {
  // 2,000 × 520: covariance mode, a Gram of 2.7e8 multiply-adds (past MIN_PARALLEL_GRAM), made in
  // 65 blocks of eight columns. Column 7 is constant (excluded from the Gram), rows are weighted,
  // the first feature unpenalized.
  const N = 2000;
  const P = 520;
  const r = createRng(8);
  const Xg = { rows: N, cols: P, data: Float64Array.from({ length: N * P }, (_, c) => (Math.floor(c / N) === 7 ? 3 : r() - 0.5)) };
  const yg = Float64Array.from({ length: N }, (_, i) => Xg.data[i] - 2 * Xg.data[9 * N + i] + 0.5 * Xg.data[300 * N + i] + 0.3 * (r() - 0.5));
  const wg = Float64Array.from({ length: N }, () => 0.5 + r());
  const pfg = Float64Array.from({ length: P }, (_, j) => (j === 0 ? 0 : 1));
  const opts = { l1Ratio: 0.5, weights: wg, penaltyFactor: pfg, nAlphas: 30 };

  /** Coefficients to start a path from: a short path's last ones. */
  const seqCoef = () => {
    const short = lassoPath(Xg, yg, { nAlphas: 5 });
    return short.coef[4].slice();
  };

  function expectSamePath(a: PathResult, b: PathResult): void {
    expect(Array.from(a.alphas)).toEqual(Array.from(b.alphas));
    expect(a.coef.map((c) => Array.from(c))).toEqual(b.coef.map((c) => Array.from(c)));
    expect(Array.from(a.intercept)).toEqual(Array.from(b.intercept));
    expect(Array.from(a.dualGap)).toEqual(Array.from(b.dualGap));
    expect(Array.from(a.nIter)).toEqual(Array.from(b.nIter));
    expect(Array.from(a.df)).toEqual(Array.from(b.df));
  }

  it('gives exactly the sequential path, on worker threads (Elastic Net and Lasso)', async () => {
    expect((N * P * P) / 2).toBeGreaterThan(MIN_PARALLEL_GRAM);
    const seq = enetPath(Xg, yg, opts);
    expect(seq.df[seq.df.length - 1]).toBeGreaterThan(P / 2); // most of the Gram is used
    const ticks: number[] = [];
    expectSamePath(await enetPathParallel(Xg, yg, { ...opts, workers: 2, onProgress: (d: number) => ticks.push(d) }), seq);
    expect(ticks).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expectSamePath(await lassoPathParallel(Xg, yg, { nAlphas: 20, workers: 2 }), lassoPath(Xg, yg, { nAlphas: 20 }));
  });

  it('runs concurrent paths on the shared threads without mixing them up, warm starts included', async () => {
    const init = { coef: seqCoef(), intercept: 0 };
    const optsB = { l1Ratio: 0.9, nAlphas: 12, init };
    const [a, b] = await Promise.all([lassoPathParallel(Xg, yg, { nAlphas: 15, workers: 2 }), enetPathParallel(Xg, yg, { ...optsB, workers: 2 })]);
    expectSamePath(a, lassoPath(Xg, yg, { nAlphas: 15 }));
    expectSamePath(b, enetPath(Xg, yg, optsB));
  });

  it('puts blocks made by another thread in their place (a thread in this process, counted)', async () => {
    const handled: number[] = [];
    const listeners = new Set<(w: FoldThread, reply: FoldReply) => void>();
    const thread: FoldThread = {
      post: (m: WorkerRequest) =>
        setImmediate(() => {
          if (m.kind === 'gram') handled.push(m.from);
          const reply = handleRequest(m);
          if (reply !== null) for (const l of listeners) l(thread, reply);
        }),
      on: (onMessage) => listeners.add(onMessage),
      off: (onMessage) => listeners.delete(onMessage),
      hold: () => undefined,
    };
    const host = { threads: () => [thread], pooled: () => 1, defaultThreads: () => 2, yield: () => new Promise<void>((done) => setImmediate(done)) };
    const par = await runParallelPath(Xg, yg, opts, host);
    expect(handled.length).toBeGreaterThanOrEqual(2);
    expect(handled.every((from) => from % 8 === 0)).toBe(true);
    expectSamePath(par, enetPath(Xg, yg, opts));
  });

  it('is enetPath itself for small Grams, naive mode, sparse X and one thread', async () => {
    expectSamePath(await enetPathParallel(X, y, { l1Ratio: 0.7, workers: 2 }), enetPath(X, y, { l1Ratio: 0.7 }));
    // 300 × 1,400: p > n, naive mode (no Gram), though n·p²/2 is past the threshold.
    const rw = createRng(2);
    const wide = { rows: 300, cols: 1400, data: Float64Array.from({ length: 300 * 1400 }, () => rw() - 0.5) };
    const yw = Float64Array.from({ length: 300 }, (_, i) => wide.data[i] + 0.1 * rw());
    expectSamePath(await lassoPathParallel(wide, yw, { nAlphas: 10, workers: 2 }), lassoPath(wide, yw, { nAlphas: 10 }));
    const sparse = cscFromDense({ rows: n, cols: p, data: X.data.map((v) => (Math.abs(v) < 0.3 ? 0 : v)) });
    expectSamePath(await lassoPathParallel(sparse, y, { workers: 2 }), lassoPath(sparse, y));
    expectSamePath(await enetPathParallel(Xg, yg, { ...opts, workers: 1 }), enetPath(Xg, yg, opts));
  });

  it("refuses a bad worker count and bad input with enetPath's errors", async () => {
    await expect(enetPathParallel(Xg, yg, { workers: 0 })).rejects.toThrow(/workers/);
    await expect(lassoPathParallel(Xg, yg.subarray(1), { workers: 2 })).rejects.toThrow(/y has length 1999/);
    const bad = { ...Xg, data: Xg.data.slice() };
    bad.data[5 * N + 17] = NaN;
    let expected = '';
    try {
      enetPath(bad, yg, opts);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(expected).toMatch(/row 17/);
    await expect(enetPathParallel(bad, yg, { ...opts, workers: 2 })).rejects.toThrow(expected);
    await expect(enetPathParallel(Xg, yg, { l1Ratio: 2, workers: 2 })).rejects.toThrow(/l1Ratio/);
  });
});
