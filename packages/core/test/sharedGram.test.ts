import { describe, expect, it } from 'vitest';
import { createRng, elasticNetCV, toDenseMatrix } from '../src/index.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { prepareProblem } from '../src/prepare/prepareProblem.js';
import { foldGram, SharedGram } from '../src/cv/sharedGram.js';
import { selectRows } from '../src/matrix/selectRows.js';
import { expectClose } from './helpers.js';

const n = 90;
const p = 12;
const rand = createRng(21);
// Columns with offsets and different scales, so centring and scaling matter.
const data = Float64Array.from({ length: n * p }, (_, i) => 3 * Math.floor(i / n) + (1 + (i % 5)) * (rand() - 0.5));
const X = { rows: n, cols: p, data };
const y = Float64Array.from({ length: n }, (_, i) => data[i] - 0.5 * data[2 * n + i] + rand());
const weights = Float64Array.from({ length: n }, () => 0.2 + rand());

describe('fold Grams derived from the shared all-rows Gram', () => {
  for (const [fitIntercept, standardize, weighted] of [
    [true, true, true],
    [true, false, false],
    [false, true, true],
    [false, false, false],
  ] as const) {
    it(`equal each fold's own Gram (intercept ${fitIntercept}, standardize ${standardize}, weights ${weighted})`, () => {
      const common = resolveCommon({ fitIntercept, standardize });
      const w = weighted ? weights : undefined;
      const full = prepareProblem(toDenseMatrix(X), y, common, w, undefined);
      const shared = new SharedGram(full);
      const test = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 3);
      const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 3);
      const fold = prepareProblem(selectRows(X, train), Float64Array.from(train, (i) => y[i]), common, w && Float64Array.from(train, (i) => w[i]), undefined);
      const source = foldGram(shared, fold, { train, test });
      const m = train.length;
      // Three columns in one sweep, and each alone: the same values, bit for bit.
      const group = new Float64Array(p * p);
      source.columns([0, 5, 11], group);
      const alone = new Float64Array(p * p);
      for (const j of [0, 5, 11]) {
        source.columns([j], alone);
        const got = group.subarray(j * p, (j + 1) * p);
        expect(got).toEqual(alone.subarray(j * p, (j + 1) * p));
        const direct = Float64Array.from({ length: p }, (_, k) => {
          let s = 0;
          for (let i = 0; i < m; i++) s += fold.kernel.X[k * m + i] * fold.kernel.X[j * m + i];
          return s;
        });
        expectClose(got, direct, { rtol: 1e-12, atol: 1e-13 });
      }
    });
  }

  it('CV with the shared Gram (covariance) matches CV without it (naive updates) at tight tolerance', () => {
    const opts = { nFolds: 5, seed: 2, weights, l1Ratios: [0.5, 1], nAlphas: 15, tol: 1e-13, maxIter: 1_000_000 };
    const shared = elasticNetCV(X, y, { ...opts, updateMode: 'covariance' });
    const plain = elasticNetCV(X, y, { ...opts, updateMode: 'naive' });
    // Both are solved to a 1e-13 relative objective gap (their kernel objectives agree to 1e-14),
    // which pins coefficients — and held-out errors — only to ~√tol along flat directions; the
    // algebra itself is checked to 1e-12 above.
    shared.curves.forEach((c, r) => {
      expectClose(c.cvMean, plain.curves[r].cvMean, { rtol: 1e-6, atol: 1e-12 });
      c.foldErrors.forEach((e, f) => expectClose(e, plain.curves[r].foldErrors[f], { rtol: 1e-6, atol: 1e-12 }));
    });
    expect(shared.alphaMin).toBe(plain.alphaMin);
  });
});

describe('a requested covariance mode on wide data (p > n: folds keep the rows and the derived Gram)', () => {
  it('CV matches residual updates', () => {
    const wide = { rows: 40, cols: 60, data: Float64Array.from({ length: 40 * 60 }, (_, i) => Math.floor(i / 40) % 3 + rand() - 0.5) };
    const yw = Float64Array.from({ length: 40 }, (_, i) => wide.data[i] - 2 * wide.data[5 * 40 + i] + 0.1 * rand());
    const opts = { nFolds: 4, seed: 1, l1Ratios: [1], nAlphas: 12, tol: 1e-13, maxIter: 1_000_000 };
    const shared = elasticNetCV(wide, yw, { ...opts, updateMode: 'covariance' });
    const plain = elasticNetCV(wide, yw, { ...opts, updateMode: 'naive' });
    shared.curves[0].foldErrors.forEach((e, f) => expectClose(e, plain.curves[0].foldErrors[f], { rtol: 1e-6, atol: 1e-12 }));
  });
});

describe('Gram columns made in groups (one sweep over X for several)', () => {
  it('equal the columns made one at a time, bit for bit: chunks of X, odd groups, columns already known, more partners than a group takes', () => {
    // 2^15 rows: X is swept in chunks of 4 columns (gramColumns), so a group crosses chunks.
    const rows = 1 << 15;
    const cols = 13;
    const r = createRng(5);
    const big = { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => (i % 3) + r() - 0.5) };
    const target = Float64Array.from({ length: rows }, () => r());
    const common = resolveCommon({ fitIntercept: true, standardize: true });
    const single = new SharedGram(prepareProblem(toDenseMatrix(big), target, common, undefined, undefined));
    const grouped = new SharedGram(prepareProblem(toDenseMatrix(big), target, common, undefined, undefined));
    grouped.fullColumn(5, [0, 12, 7]);
    grouped.fullColumn(3, [1, 5, 9]);
    grouped.fullColumn(11, [2, 4, 6, 8, 10, 3, 0, 12]);
    for (let j = 0; j < cols; j++) {
      const a = Array.from(single.fullColumn(j));
      const b = Array.from(grouped.fullColumn(j));
      expect(b.every((v, k) => Object.is(v, a[k]))).toBe(true);
    }
  });
});
