import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cscFromDense, elasticNetCV, elasticNetCVFromStats, enetPath, sufficientStats, toDenseMatrix } from '../src/index.js';

const cvCase = fc
  .record({
    n: fc.integer({ min: 6, max: 60 }),
    p: fc.integer({ min: 1, max: 40 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    l1Ratios: fc.oneof(fc.constant([1]), fc.constant([0.5, 1]), fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 })),
    positive: fc.boolean(),
    standardize: fc.boolean(),
    fitIntercept: fc.boolean(),
    weighted: fc.boolean(),
    free: fc.double({ min: 0, max: 0.3, noNaN: true }),
    shared: fc.double({ min: 0, max: 3, noNaN: true }),
    dup: fc.integer({ min: 0, max: 3 }),
    shift: fc.oneof(fc.constant(0), fc.constant(1e3)),
    nFolds: fc.integer({ min: 2, max: 6 }),
    cvAverage: fc.constantFrom('weighted', 'unweighted'),
    updateMode: fc.constantFrom('auto', 'naive', 'covariance'),
    nAlphas: fc.integer({ min: 1, max: 8 }),
    kind: fc.constantFrom('gauss', 'binary', 'heavy', 'rare'),
  })
  .map((r) => {
    let s = r.seed;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32 - 0.5;
    };
    const freq = Array.from({ length: r.p }, () => 0.01 * 50 ** (rand() + 0.5));
    const value = (sh: number, j: number): number => {
      if (r.kind === 'binary') return rand() + 0.5 < freq[j] ? 1 : 0;
      if (r.kind === 'rare') return rand() + 0.5 < 1.5 / r.n ? rand() + 1 : 0;
      if (r.kind === 'heavy') return (rand() + sh) / (Math.abs(rand()) + 0.005);
      return rand() < -0.3 ? 0 : rand() + sh;
    };
    const X = Array.from({ length: r.n }, () => {
      const sh = rand() * r.shared;
      const row = Array.from({ length: r.p }, (_, j) => value(sh, j) + r.shift);
      for (let d = 0; d < Math.min(r.dup, r.p - 1); d++) row[r.p - 1 - d] = row[d];
      return row;
    });
    const y = X.map((row) => row.reduce((a, v, j) => a + (j % 4 === 0 ? v : 0), 0) + 0.3 * rand());
    const weights = r.weighted ? X.map(() => 0.1 + rand() + 0.5) : undefined;
    const penaltyFactor = r.free > 0 ? Array.from({ length: r.p }, () => (rand() + 0.5 < r.free ? 0 : 0.5 + rand() + 0.5)) : undefined;
    return { ...r, X, y, weights, penaltyFactor };
  });

describe('scratch cv', () => {
  it('CV: dense, sparse, statistics and fold-by-fold paths agree', () => {
    fc.assert(
      fc.property(cvCase, (c) => {
        const { X, y, seed: _s, ...rest } = c;
        const opts = { ...rest, tol: 1e-12, maxIter: 100_000, seed: c.seed };
        let a;
        try {
          a = elasticNetCV(X, y, opts);
        } catch (e) {
          expect(() => elasticNetCV(cscFromDense(toDenseMatrix(X)), y, opts)).toThrow((e as Error).message);
          return;
        }
        const n = c.n;
        // More unpenalized columns than a fold's training rows: its held-out predictions are not unique.
        const free = (c.penaltyFactor ?? []).filter((f) => f === 0).length;
        const minTrain = Math.min(...Array.from({ length: a.nFolds }, (_, k) => a.foldIds.filter((f) => f !== k).length));
        if (free + 3 >= minTrain) return;
        const w = c.weights ?? X.map(() => 1);
        const yMean = w.reduce((s, v, i) => s + v * y[i], 0) / w.reduce((s, v) => s + v, 0);
        const nullMse = w.reduce((s, v, i) => s + v * (y[i] - (c.fitIntercept ? yMean : 0)) ** 2, 0) / w.reduce((s, v) => s + v, 0);
        const tolE = 1e-6 * nullMse + 1e-9;
        // fold by fold, independently
        a.curves.forEach((curve) => {
          const K = curve.foldErrors.length;
          for (let k = 0; k < K; k++) {
            const train = [...Array(n).keys()].filter((i) => a.foldIds[i] !== k);
            const test = [...Array(n).keys()].filter((i) => a.foldIds[i] === k);
            const fit = enetPath(train.map((i) => X[i]), train.map((i) => y[i]), { ...rest, l1Ratio: curve.l1Ratio, alphas: curve.alphas, weights: c.weights && train.map((i) => c.weights![i]), tol: 1e-12, maxIter: 100_000 });
            const unique = (curve.l1Ratio < 1 && !(c.penaltyFactor ?? []).some((f) => f === 0)) || train.length > c.p + 1;
            curve.alphas.forEach((_, m) => {
              let num = 0;
              let den = 0;
              for (const i of test) {
                let pred = fit.intercept[m];
                for (let j = 0; j < c.p; j++) pred += X[i][j] * fit.coef[m][j];
                num += w[i] * (y[i] - pred) ** 2;
                den += w[i];
              }
              if (unique && fit.converged[m]) expect(Math.abs(num / den - curve.foldErrors[k][m]), `fold ${k} α ${m} l1 ${curve.l1Ratio}`).toBeLessThanOrEqual(tolE * (1 + num / den / nullMse));
            });
          }
        });
        const b = elasticNetCV(cscFromDense(toDenseMatrix(X)), y, opts);
        a.curves.forEach((curve, r) => {
          curve.cvMean.forEach((v, m) => expect(Math.abs(v - b.curves[r].cvMean[m]), `sparse l1 ${curve.l1Ratio} α ${m}`).toBeLessThanOrEqual(tolE * (1 + v / nullMse)));
        });
        const st = elasticNetCVFromStats(sufficientStats(X, y, { weights: c.weights, foldIds: a.foldIds }), { ...opts, nFolds: undefined, seed: undefined } as never);
        a.curves.forEach((curve, r) => {
          curve.cvMean.forEach((v, m) => expect(Math.abs(v - st.curves[r].cvMean[m]), `stats l1 ${curve.l1Ratio} α ${m}`).toBeLessThanOrEqual(tolE * (1 + v / nullMse)));
        });
      }),
      { numRuns: Number(process.env.RUNS ?? 100), seed: Number(process.env.SEED ?? Date.now() % 2 ** 31), path: process.env.FCPATH, endOnFailure: true },
    );
  });
});
