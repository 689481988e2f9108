import { describe, expect, it } from 'vitest';
import {
  createRng,
  cscFromDense,
  cvPlus,
  elasticNet,
  fromModelJSON,
  lasso,
  lassoCV,
  minimumIntervalRows,
  predictInterval,
  relaxedCoef,
  relaxedLassoCV,
  relaxedPath,
  splitConformal,
  splitConformalFromResiduals,
  stabilitySelection,
  toModelJSON,
  toDenseMatrix,
  type CvPlusSource,
  type IntervalModel,
} from '../src/index.js';
import { loadFixture } from './helpers.js';
import { ShiftedQuantiles } from '../src/intervals/conformalRank.js';

/** Standard normal draws by Box–Muller from the library's seeded generator. */
function normals(seed: number): () => number {
  const rand = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

type Noise = 'gaussian' | 't3' | 'heteroscedastic';
const BETA = [2, -1, 0.5, 0, 0];

/** n rows of a known linear model with the given noise. */
function draw(n: number, noise: Noise, z: () => number): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = BETA.map(() => z());
    let e = z();
    if (noise === 't3') e = e / Math.sqrt((z() ** 2 + z() ** 2 + z() ** 2) / 3);
    if (noise === 'heteroscedastic') e *= 0.5 + Math.abs(x[0]);
    X.push(x);
    y.push(1 + x.reduce((s, v, j) => s + v * BETA[j], 0) + e);
  }
  return { X, y };
}

/** Mean coverage over repetitions and its standard error (from the per-repetition spread). */
function summarize(perRep: number[]): { mean: number; se: number } {
  const R = perRep.length;
  const mean = perRep.reduce((s, v) => s + v, 0) / R;
  const sd = Math.sqrt(perRep.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1));
  return { mean, se: sd / Math.sqrt(R) };
}

function covered(iv: { lower: Float64Array; upper: Float64Array }, y: number[]): number {
  return y.reduce((s, v, i) => s + (iv.lower[i] <= v && v <= iv.upper[i] ? 1 : 0), 0) / y.length;
}

describe('conformal prediction intervals: coverage by simulation', () => {
  const REPS = 2000;
  const LEVEL = 0.9;
  const ALPHA = 0.05; // a fixed penalty: the method the guarantee is about is "this Lasso"
  const nTrain = 31;
  const nCal = 19; // ⌈0.9·20⌉ = 18 ≤ 19: coverage exactly 18/20 for continuous residuals
  const nFolds = 5;
  const nTest = 20;

  for (const noise of ['gaussian', 't3', 'heteroscedastic'] as const) {
    it(`${noise} noise: split conformal in [1 − a, 1 − a + 1/(n_cal + 1)], CV+ ≥ 1 − 2a (± 3 SE of ${REPS} repetitions; relaxed at γ = 0, ${REPS / 2})`, () => {
      const z = normals(noise.length * 7919);
      const split: number[] = [];
      const plus: number[] = [];
      const relaxedPlus: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const { X, y } = draw(nTrain + nCal + nTest, noise, z);
        const train = { X: X.slice(0, nTrain + nCal), y: y.slice(0, nTrain + nCal) };
        const test = { X: X.slice(nTrain + nCal), y: y.slice(nTrain + nCal) };
        const fit = lasso(X.slice(0, nTrain), y.slice(0, nTrain), { alpha: ALPHA });
        const sc = splitConformal(fit, X.slice(nTrain, nTrain + nCal), y.slice(nTrain, nTrain + nCal));
        split.push(covered(predictInterval({ ...fit, intervals: sc }, test.X, { level: LEVEL }), test.y));
        const foldIds = Int32Array.from(train.y, (_, i) => i % nFolds);
        const full = lasso(train.X, train.y, { alpha: ALPHA });
        const cvp = cvPlus(train.X, train.y, { foldIds, alphas: Float64Array.of(ALPHA), l1Ratio: 1, model: full });
        plus.push(covered(predictInterval({ ...full, intervals: cvp }, test.X, { level: LEVEL }), test.y));
        // The relaxed Lasso at (α, γ = 0), least squares on the Lasso's support: every other repetition.
        if (r % 2 === 1) continue;
        const relaxed = { ...relaxedCoef(relaxedPath(train.X, train.y, { alphas: [ALPHA] }), 0, 0), alpha: ALPHA, gamma: 0, l1Ratio: 1 };
        const rcv = cvPlus(train.X, train.y, { foldIds, alphas: Float64Array.of(ALPHA), model: relaxed });
        relaxedPlus.push(covered(predictInterval({ ...relaxed, intervals: rcv }, test.X, { level: LEVEL }), test.y));
      }
      const s = summarize(split);
      const c = summarize(plus);
      const rc = summarize(relaxedPlus);
      console.log(`${noise}: split conformal ${s.mean.toFixed(4)} ± ${s.se.toFixed(4)}, CV+ ${c.mean.toFixed(4)} ± ${c.se.toFixed(4)}, relaxed CV+ ${rc.mean.toFixed(4)} ± ${rc.se.toFixed(4)} (level 0.9)`);
      expect(rc.mean).toBeGreaterThanOrEqual(1 - 2 * (1 - LEVEL) - 3 * rc.se);
      expect(rc.mean).toBeLessThanOrEqual(1);
      expect(s.mean).toBeGreaterThanOrEqual(LEVEL - 3 * s.se);
      expect(s.mean).toBeLessThanOrEqual(LEVEL + 1 / (nCal + 1) + 3 * s.se);
      expect(c.mean).toBeGreaterThanOrEqual(1 - 2 * (1 - LEVEL) - 3 * c.se);
      expect(c.mean).toBeLessThanOrEqual(1);
    });
  }
});

describe('conformal intervals: construction', () => {
  const z = normals(5);
  const { X, y } = draw(120, 'gaussian', z);
  const cv = lassoCV(X, y, { nFolds: 5, seed: 1, nAlphas: 30 });

  it('CV+ held-out residuals are the CV fold errors at the selected α', () => {
    const iv = cvPlus(X, y, cv);
    expect(iv.models).toHaveLength(5);
    iv.models.forEach((m, k) => {
      const mse = m.residuals.reduce((s, r) => s + r * r, 0) / m.residuals.length;
      expect(mse).toBeCloseTo(cv.foldErrors[k][cv.indexMin], 8);
    });
  });

  it("relaxed CV+: each fold's relaxed model at the chosen (α, γ); pooled, its held-out residuals give the relaxed CV's mean error there", () => {
    for (const gammas of [undefined, [0.5]]) {
      const rcv = relaxedLassoCV(X, y, { nFolds: 5, seed: 1, nAlphas: 30, gammas });
      const iv = cvPlus(X, y, rcv);
      expect(iv.models).toHaveLength(5);
      const squares = iv.models.flatMap((m) => m.residuals.map((r) => r * r));
      expect(squares).toHaveLength(120);
      const g = Array.from(rcv.gammas).indexOf(rcv.model.gamma);
      // Unit weights, folds averaged by their held-out weight: the pooled mean of the squares.
      expect(squares.reduce((a, b) => a + b, 0) / 120).toBeCloseTo(rcv.cvMean[g][rcv.indexMin], 8);
      if (gammas !== undefined) expect(rcv.model.gamma).toBe(0.5);
      else expect(rcv.model.gamma).toBeLessThan(1); // a sparse truth: the refit is chosen
      // Not the Lasso's folds: the blend moved the fold models.
      const lassoFolds = cvPlus(X, y, { ...rcv, model: { ...rcv.model, gamma: 1 } });
      expect(iv.models[0].coef).not.toEqual(lassoFolds.models[0].coef);
    }
  });

  it('CV+ quantiles: the exact k-th value of the shifted residual sets, ties and all (against a full sort)', () => {
    const rand = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const K = 1 + Math.floor(rand() * 6);
      const residuals = Array.from({ length: K }, () => {
        const len = 1 + Math.floor(rand() * (trial % 2 === 0 ? 40 : 400));
        // a coarse grid makes ties common, within and across models
        return Array.from({ length: len }, () => Math.round(rand() * 20) / 4).sort((a, b) => a - b);
      });
      const centres = Float64Array.from({ length: K }, () => Math.round((rand() - 0.5) * 8) / 2 + (trial % 3 === 0 ? 0.1 : 0));
      const all = residuals.flatMap((R, m) => R.map((r) => centres[m] + r)).sort((a, b) => a - b);
      const q = new ShiftedQuantiles(residuals);
      for (let k = 1; k <= all.length; k++) expect(q.kth(centres, k)).toBe(all[k - 1]);
    }
  });

  it('split conformal: the interval is ŷ ± the ⌈level·(n + 1)⌉-th smallest calibration residual', () => {
    const model = { coef: [0], intercept: 0 };
    const iv = splitConformal(model, [[0], [0], [0], [0], [0], [0], [0], [0], [0]], [5, -1, 2, -4, 3, 9, -7, 8, 6]);
    expect(iv.models[0].residuals).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 9 residuals, level 0.8: ⌈0.8·10⌉ = 8th smallest = 8.
    const out = predictInterval({ ...model, intervals: iv }, [[1]], { level: 0.8 });
    expect([out.lower[0], out.upper[0]]).toEqual([-8, 8]);
  });

  it('split conformal from residuals computed elsewhere: sorted, checked, the same data as from the rows', () => {
    const model = { coef: [0], intercept: 0 };
    const fromRows = splitConformal(model, [[0], [0], [0], [0]], [5, -1, 2, -4]);
    expect(splitConformalFromResiduals(model, [4, 1, 5, 2])).toEqual(fromRows);
    expect(() => splitConformalFromResiduals(model, [])).toThrow(/at least one calibration residual/);
    expect(() => splitConformalFromResiduals(model, [1, -0.5])).toThrow(/residuals\[1\] is -0.5/);
    expect(() => splitConformalFromResiduals(model, [1, NaN])).toThrow(/finite and ≥ 0; residuals\[1\] is NaN/);
    expect(() => splitConformalFromResiduals(model, [Infinity])).toThrow(/finite/);
  });

  it('survives the model file round trip, and the file says schema 2', () => {
    const intervals = cvPlus(X, y, cv);
    const json = toModelJSON(cv.model, { featureNames: ['a', 'b', 'c', 'd', 'e'], intervals });
    expect(json.schemaVersion).toBe(2);
    const back = fromModelJSON(JSON.stringify(json));
    const a = predictInterval({ ...cv.model, intervals }, X.slice(0, 5), { level: 0.9 });
    const b = predictInterval(back, X.slice(0, 5), { level: 0.9 });
    expect(Array.from(b.lower)).toEqual(Array.from(a.lower));
    expect(Array.from(b.upper)).toEqual(Array.from(a.upper));
    expect(toModelJSON(cv.model, { featureNames: ['a', 'b', 'c', 'd', 'e'] }).schemaVersion).toBe(1);
  });

  it('rejects bad levels, models without interval data and too few scored rows', () => {
    const intervals = cvPlus(X, y, cv);
    const model = { ...cv.model, intervals };
    for (const level of [0, 1, 1.5, -0.1, Number.NaN]) expect(() => predictInterval(model, X, { level })).toThrow(/level must be a number in \(0, 1\)/);
    expect(() => predictInterval(cv.model, X, { level: 0.9 })).toThrow(/no interval data: refit it with intervals/);
    const few: IntervalModel = { method: 'split', version: 1, models: [{ coef: [0, 0, 0, 0, 0], intercept: 0, residuals: [1, 2, 3, 4, 5] }] };
    expect(minimumIntervalRows(0.9)).toBe(9);
    expect(() => predictInterval({ ...cv.model, intervals: few }, X, { level: 0.9 })).toThrow(/a 90 % interval needs at least 9 calibration rows; the model has 5/);
    expect(() => predictInterval({ ...cv.model, intervals: few }, X, { level: 0.8 })).not.toThrow();
  });

  it('a model file with damaged interval data is refused, naming the field', () => {
    const json = toModelJSON(cv.model, { featureNames: ['a', 'b', 'c', 'd', 'e'], intervals: cvPlus(X, y, cv) });
    const broken = JSON.parse(JSON.stringify(json));
    broken.intervals.models[1].residuals = [3, 1];
    expect(() => fromModelJSON(broken)).toThrow(/model\.intervals\.models\[1\]\.residuals must be non-negative and increasing/);
    broken.intervals = { ...json.intervals, method: 'jackknife' };
    expect(() => fromModelJSON(broken)).toThrow(/model\.intervals\.method must be "split" or "cv\+"/);
  });
});

describe('conformal intervals with sample weights', () => {
  // Rows of weight 0 are no part of the data (MAPIE's rule too): eight of them are outliers at
  // y = 1000. Every interval must be what the rows of positive weight alone give.
  const z = normals(21);
  const { X, y } = draw(100, 'gaussian', z);
  const weights = Float64Array.from(y, (_, i) => (i % 12 === 5 ? 0 : 1 + (i % 3)));
  const yOut = y.map((v, i) => (weights[i] === 0 ? 1000 : v));
  const kept = Array.from(weights.keys()).filter((i) => weights[i] > 0);
  const cv = lassoCV(X, yOut, { nFolds: 5, seed: 3, nAlphas: 30, weights });
  const subset = { X: kept.map((i) => X[i]), y: kept.map((i) => yOut[i]), w: kept.map((i) => weights[i]) };

  it('CV+: the residuals and fold models of the positive-weight rows alone, and the weighted CV fold errors', () => {
    const iv = cvPlus(X, yOut, cv, { weights });
    const alone = cvPlus(subset.X, subset.y, { ...cv, foldIds: Int32Array.from(kept, (i) => cv.foldIds[i]) }, { weights: subset.w });
    expect(iv.models).toHaveLength(5);
    iv.models.forEach((m, k) => {
      const a = alone.models[k];
      expect(m.residuals).toHaveLength(a.residuals.length);
      m.residuals.forEach((r, t) => expect(r).toBeCloseTo(a.residuals[t], 9));
      m.coef.forEach((c, j) => expect(c).toBeCloseTo(a.coef[j], 9));
      expect(Math.max(...m.residuals)).toBeLessThan(10); // no outlier among them
      // The CV's weighted held-out error of the fold, from the same residuals and weights.
      const test = kept.filter((i) => cv.foldIds[i] === k);
      const fitted = test.map((i) => m.intercept + X[i].reduce((s, v, j) => s + v * m.coef[j], 0));
      const sw = test.reduce((s, i) => s + weights[i], 0);
      const err = test.reduce((s, i, t) => s + weights[i] * (yOut[i] - fitted[t]) ** 2, 0) / sw;
      expect(err).toBeCloseTo(cv.foldErrors[k][cv.indexMin], 8);
    });
    const out = predictInterval({ ...cv.model, intervals: iv }, X.slice(0, 3), { level: 0.9 });
    const ref = predictInterval({ ...cv.model, intervals: alone }, X.slice(0, 3), { level: 0.9 });
    for (let i = 0; i < 3; i++) {
      expect(out.lower[i]).toBeCloseTo(ref.lower[i], 9);
      expect(out.upper[i]).toBeCloseTo(ref.upper[i], 9);
      expect(out.upper[i] - out.lower[i]).toBeLessThan(10);
    }
  });

  it('CV+: a fold whose held-out rows all weigh 0 adds no model; one holding all the weight is refused by name', () => {
    const at = { foldIds: Int32Array.from(X, (_, i) => i % 4), alphas: Float64Array.of(cv.model.alpha), l1Ratio: 1, model: cv.model };
    const w = Float64Array.from(X, (_, i) => (i % 4 === 2 ? 0 : 1));
    const iv = cvPlus(X, y, at, { weights: w });
    expect(iv.models).toHaveLength(3);
    expect(iv.models.reduce((s, m) => s + m.residuals.length, 0)).toBe(75);
    const only = Float64Array.from(X, (_, i) => (i % 4 === 1 ? 1 : 0));
    expect(() => cvPlus(X, y, at, { weights: only })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', details: expect.objectContaining({ fold: 1 }), message: expect.stringMatching(/^fold 1 holds every row of positive weight/) }),
    );
    expect(() => cvPlus(X, y, at, { weights: w.map((v, i) => (i === 7 ? -1 : v)) })).toThrow(/weights must be ≥ 0; got -1 at index 7/);
  });

  it('split conformal takes sparse (CSC) calibration rows as they are: the dense rows\' residuals', () => {
    const fit = lasso(X, y, { alpha: 0.05 });
    const rows = X.slice(0, 30).map((row) => row.map((v) => (Math.abs(v) < 0.7 ? 0 : v)));
    const dense = splitConformal(fit, rows, y.slice(0, 30), { weights: weights.subarray(0, 30) });
    const sparse = splitConformal(fit, cscFromDense(toDenseMatrix(rows)), y.slice(0, 30), { weights: weights.subarray(0, 30) });
    expect(sparse.models[0].residuals).toHaveLength(dense.models[0].residuals.length);
    sparse.models[0].residuals.forEach((r, i) => expect(r).toBeCloseTo(dense.models[0].residuals[i], 12));
  });

  it('split conformal: calibration rows of weight 0 have no residual; all of them weighing 0 is refused', () => {
    const model = { coef: [0], intercept: 0 };
    const Xc = [[0], [0], [0], [0], [0]];
    const iv = splitConformal(model, Xc, [5, -1, 900, -4, 3], { weights: [1, 2, 0, 0.5, 1] });
    expect(iv.models[0].residuals).toEqual([1, 3, 4, 5]);
    expect(() => splitConformal(model, Xc, [1, 2, 3, 4, 5], { weights: [0, 0, 0, 0, 0] })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', message: 'the 5 calibration rows all have weight 0, which leaves no residual to calibrate the intervals' }),
    );
    expect(() => splitConformal(model, Xc, [1, 2, 3, 4, 5], { weights: [1, 0, -2, 0, 0] })).toThrow(/weights must be ≥ 0; got -2 at index 2/);
  });
});

describe('conformal intervals against scikit-learn fits', () => {
  // scripts/fixtures/sklearn_conformal.py: scikit-learn's Lasso (and, for γ < 1, LinearRegression
  // on each fold's support) on the fold's training rows with their weights, the held-out residuals
  // of positive-weight rows, and the CV+ and split conformal ends by a full sort.
  interface ConformalCase {
    name: string;
    X: number[][];
    y: number[];
    weights: number[] | null;
    foldIds: number[];
    alpha: number;
    gamma: number;
    l1Ratio: number;
    standardize: boolean;
    Xnew: number[][];
    cvPlus: Record<string, { lower: number[]; upper: number[] }>;
    split: { calibration: number[]; fit: number[]; coef: number[]; intercept: number } & Record<string, { lower: number[]; upper: number[] } | null>;
  }
  const { cases } = loadFixture<ConformalCase>('sklearnConformal.json');
  const tight = { tol: 1e-12, maxIter: 1_000_000 };
  const near = (got: ArrayLike<number>, want: number[]) => want.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-7 * (1 + Math.abs(v))));

  it.each(cases)('$name: CV+ and split conformal ends at levels 0.8 and 0.9', (c) => {
    const p = c.X[0].length;
    const weights = c.weights ?? undefined;
    const pick = <T>(v: T[], rows: number[]) => rows.map((i) => v[i]);
    const opts = { ...tight, l1Ratio: c.l1Ratio, standardize: c.standardize };
    const fit = elasticNet(pick(c.X, c.split.fit), pick(c.y, c.split.fit), { ...opts, alpha: c.alpha, weights: weights && pick(weights, c.split.fit) });
    near(fit.coef, c.split.coef);
    // CV+ ends depend on the fold models only; the model at the centre is the caller's.
    const centre = { coef: new Float64Array(p), intercept: 0 };
    const at = { foldIds: Int32Array.from(c.foldIds), alphas: Float64Array.of(c.alpha) };
    const source: CvPlusSource = c.gamma === 1 ? { ...at, l1Ratio: c.l1Ratio, model: fit } : { ...at, model: { ...centre, alpha: c.alpha, l1Ratio: 1, gamma: c.gamma } };
    const intervals = cvPlus(c.X, c.y, source, { ...opts, weights });
    const calibrated = splitConformal(fit, pick(c.X, c.split.calibration), pick(c.y, c.split.calibration), { weights: weights && pick(weights, c.split.calibration) });
    for (const level of [0.8, 0.9]) {
      const plus = predictInterval({ ...centre, intervals }, c.Xnew, { level });
      near(plus.lower, c.cvPlus[String(level)].lower);
      near(plus.upper, c.cvPlus[String(level)].upper);
      const want = c.split[String(level)];
      if (want === null) {
        expect(() => predictInterval({ ...fit, intervals: calibrated }, c.Xnew, { level })).toThrow(/interval needs at least \d+ calibration rows; the model has \d+/);
      } else {
        const split = predictInterval({ ...fit, intervals: calibrated }, c.Xnew, { level });
        near(split.lower, want.lower);
        near(split.upper, want.upper);
      }
    }
  });
});

describe('stability selection', () => {
  const n = 200;
  const p = 50;
  const support = [0, 1, 2, 3, 4];

  function problem(seed: number) {
    const z = normals(seed);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = Array.from({ length: p }, () => z());
      X.push(x);
      y.push(support.reduce((s, j) => s + x[j], 0) + z());
    }
    return { X, y };
  }

  it('keeps the true support and respects the false-selection bound on average', () => {
    const reps = 8;
    let falseTotal = 0;
    let bound = 0;
    for (let r = 0; r < reps; r++) {
      const { X, y } = problem(100 + r);
      const s = stabilitySelection(X, y, { pairs: 20, threshold: 0.75, pfer: 2, seed: r, nAlphas: 30 });
      for (const j of support) expect(s.stable).toContain(j);
      falseTotal += s.stable.filter((j) => !support.includes(j)).length;
      bound = s.errorBound;
      expect(s.q).toBe(7); // ⌊√(2·0.5·50)⌋
      expect(s.meanSelected).toBeLessThanOrEqual(s.q);
    }
    expect(bound).toBeCloseTo(49 / 25, 12);
    expect(falseTotal / reps).toBeLessThanOrEqual(bound);
  });

  it('selection probabilities along the grid: probabilities in [0, 1], the true features at 1 at the smallest α, seeded', () => {
    const { X, y } = problem(7);
    const a = stabilitySelection(X, y, { pairs: 10, seed: 3, nAlphas: 20 });
    const b = stabilitySelection(X, y, { pairs: 10, seed: 3, nAlphas: 20 });
    expect(a.probabilities.map((r) => Array.from(r))).toEqual(b.probabilities.map((r) => Array.from(r)));
    expect(a.nSubsamples).toBe(20);
    expect(a.subsampleSize).toBe(100);
    const last = a.probabilities[a.probabilities.length - 1];
    for (const j of support) expect(last[j]).toBe(1);
    for (const row of a.probabilities) for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('rejects fewer than 10 pairs, a threshold outside (0.5, 1] and q with pfer', () => {
    const { X, y } = problem(8);
    expect(() => stabilitySelection(X, y, { pairs: 5 })).toThrow(/pairs must be an integer ≥ 10/);
    expect(() => stabilitySelection(X, y, { threshold: 0.4 })).toThrow(/threshold must be in \(0\.5, 1\]/);
    expect(() => stabilitySelection(X, y, { q: 3, pfer: 1 })).toThrow(/give q or pfer, not both/);
  });
});
