import { cvPlus, fromModelJSON, lassoCV, predictInterval, relaxedLassoCV, selectRows, splitConformal } from '@lassokit/core';
import { describe, expect, it } from 'vitest';
import { applyRecipe, buildDesign, loadAutoMpg, parseTable, repeatedSplits, trainModel, trainTestSplit, type Recipe } from '../src/index.js';

const design = loadAutoMpg();
const rows = (v: Float64Array, idx: Int32Array) => Float64Array.from(idx, (i) => v[i]);

describe('prediction intervals on the Auto-MPG data', () => {
  it('over 200 random 70/30 splits, CV+ and split conformal at 90 % cover the test cars as guaranteed (± 3 SE)', () => {
    const level = 0.9;
    const plus: number[] = [];
    const split: number[] = [];
    for (const s of repeatedSplits(design.X.rows, 200, { seed: 1000 })) {
      const Xtr = selectRows(design.X, s.train);
      const ytr = rows(design.y, s.train);
      const Xte = selectRows(design.X, s.test);
      const yte = rows(design.y, s.test);
      const cv = lassoCV(Xtr, ytr, { nFolds: 5, seed: 1, nAlphas: 30 });
      const cover = (iv: { lower: Float64Array; upper: Float64Array }) => yte.reduce((c, v, i) => c + (iv.lower[i] <= v && v <= iv.upper[i] ? 1 : 0), 0) / yte.length;
      plus.push(cover(predictInterval({ ...cv.model, intervals: cvPlus(Xtr, ytr, cv) }, Xte, { level })));
      // Split conformal: three quarters of the training cars fit, one quarter calibrates.
      const inner = trainTestSplit(Xtr.rows, { trainFraction: 0.75, seed: 7 });
      const proper = lassoCV(selectRows(Xtr, inner.train), rows(ytr, inner.train), { nFolds: 5, seed: 1, nAlphas: 30 }).model;
      split.push(cover(predictInterval({ ...proper, intervals: splitConformal(proper, selectRows(Xtr, inner.test), rows(ytr, inner.test)) }, Xte, { level })));
    }
    const stats = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      return { m, se: sd / Math.sqrt(v.length) };
    };
    const p = stats(plus);
    const sc = stats(split);
    const nCal = 274 - Math.floor(0.75 * 274);
    console.log(`Auto-MPG, 200 splits, level 0.9: CV+ ${p.m.toFixed(4)} ± ${p.se.toFixed(4)}, split conformal ${sc.m.toFixed(4)} ± ${sc.se.toFixed(4)} (n_cal ${nCal})`);
    expect(p.m).toBeGreaterThanOrEqual(1 - 2 * (1 - level) - 3 * p.se);
    expect(sc.m).toBeGreaterThanOrEqual(level - 3 * sc.se);
    expect(sc.m).toBeLessThanOrEqual(level + 1 / (nCal + 1) + 3 * sc.se);
  });
});

describe('trainModel with intervals and relax', () => {
  const car = [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }];

  for (const method of ['cv+', 'split'] as const) {
    it(`intervals: '${method}' are stored in the model file and give an interval around the prediction`, () => {
      const { model } = trainModel(design, { cv: { nFolds: 5, seed: 2 }, intervals: method });
      const back = fromModelJSON(JSON.stringify(model));
      expect(back.schemaVersion).toBe(2);
      expect(back.intervals?.method).toBe(method);
      expect(back.intervals?.models).toHaveLength(method === 'cv+' ? 5 : 1);
      const { X } = applyRecipe(back.preprocessing.recipe as Recipe, car);
      const iv = predictInterval(back, X, { level: 0.9 });
      expect(iv.lower[0]).toBeLessThan(iv.prediction[0]);
      expect(iv.upper[0]).toBeGreaterThan(iv.prediction[0]);
      expect(iv.upper[0] - iv.lower[0]).toBeGreaterThan(4); // MPG residuals are a few MPG
      expect(iv.upper[0] - iv.lower[0]).toBeLessThan(20);
      const wider = predictInterval(back, X, { level: 0.95 });
      expect(wider.upper[0] - wider.lower[0]).toBeGreaterThanOrEqual(iv.upper[0] - iv.lower[0]);
    });
  }

  it('intervals at a given alpha use seeded folds at that alpha', () => {
    const { model } = trainModel(design, { alpha: 0.05, intervals: 'cv+', cv: { nFolds: 4, seed: 3 } });
    expect(model.intervals?.models).toHaveLength(4);
  });

  it('relax: the relaxed Lasso chosen by CV, recorded as such', () => {
    const { model, relaxed } = trainModel(design, { relax: true, cv: { nFolds: 5, seed: 2 } });
    expect(model.kind).toBe('relaxedLasso');
    expect(model.schemaVersion).toBe(2);
    expect(model.training.gamma).toBe(relaxed?.gammaMin);
    expect(model.alpha).toBe(relaxed?.alphaMin);
    expect(fromModelJSON(JSON.stringify(model)).kind).toBe('relaxedLasso');
  });

  it('relax with a relaxed CV run by the caller (cv.relaxed, as the CLI runs it in worker threads) packs that result', () => {
    const relaxed = relaxedLassoCV(design.X, design.y, { nFolds: 4, seed: 9, gammas: [0, 0.5] });
    const own = trainModel(design, { relax: true, cv: { nFolds: 4, seed: 9 } });
    const given = trainModel(design, { relax: true, cv: { nFolds: 4, seed: 9, relaxed } });
    expect(given.relaxed).toBe(relaxed);
    expect(given.model.training.gamma).toBe(relaxed.model.gamma);
    expect(Array.from(given.fit.coef)).toEqual(Array.from(relaxed.model.coef));
    expect(given.model.alpha).toBe(relaxed.model.alpha);
    expect(own.relaxed?.gammas).toHaveLength(5); // its own run: glmnet's five blends
  });

  it('relax with maxRefitFeatures: the bound reaches the CV, its intervals and the model file; refused without relax', () => {
    const { model, relaxed, intervals } = trainModel(design, { relax: true, maxRefitFeatures: 2, intervals: 'cv+', cv: { nFolds: 5, seed: 2 } });
    expect(relaxed?.maxRefitFeatures).toBe(2);
    const path = relaxed!.path;
    expect(Array.from(path.refitted)).toEqual(path.coef.map((c) => (c.filter((b) => b !== 0).length <= 2 ? 1 : 0)));
    expect(path.refitted.includes(0)).toBe(true);
    expect(model.training.maxRefitFeatures).toBe(2);
    expect(intervals).toEqual(cvPlus(design.X, design.y, relaxed!, {}));
    expect(trainModel(design, { relax: true, cv: { nFolds: 5, seed: 2 } }).model.training.maxRefitFeatures).toBeUndefined();
    expect(() => trainModel(design, { maxRefitFeatures: 2 })).toThrow(/maxRefitFeatures bounds the relaxed Lasso's least-squares refits: it needs relax/);
  });

  it('relax refuses alpha and Elastic Net with clear messages', () => {
    expect(() => trainModel(design, { relax: true, alpha: 0.1 })).toThrow(/relax chooses α and γ by cross-validation: leave alpha out/);
    expect(() => trainModel(design, { relax: true, l1Ratio: 0.5 })).toThrow(/relax refits the Lasso's support: it needs l1Ratio 1; got 0\.5/);
  });

  for (const method of ['cv+', 'split'] as const) {
    it(`relax with intervals: '${method}' from the relaxed models, stored with the relaxed fit`, () => {
      const { model, relaxed } = trainModel(design, { relax: true, intervals: method, cv: { nFolds: 5, seed: 2 } });
      expect(model.kind).toBe('relaxedLasso');
      const back = fromModelJSON(JSON.stringify(model));
      expect(back.intervals?.method).toBe(method);
      const { X } = applyRecipe(back.preprocessing.recipe as Recipe, car);
      const iv = predictInterval(back, X, { level: 0.9 });
      expect(iv.lower[0]).toBeLessThan(iv.prediction[0]);
      expect(iv.upper[0]).toBeGreaterThan(iv.prediction[0]);
      expect(iv.upper[0] - iv.lower[0]).toBeGreaterThan(4);
      expect(iv.upper[0] - iv.lower[0]).toBeLessThan(20);
      if (method === 'cv+') {
        // The relaxed CV's folds at its (α, γ): their pooled squared residuals are its mean error there.
        const squares = (back.intervals?.models ?? []).flatMap((m) => m.residuals.map((r) => r * r));
        const g = Array.from(relaxed?.gammas ?? []).indexOf(relaxed?.model.gamma as number);
        expect(squares.reduce((a, b) => a + b, 0) / squares.length).toBeCloseTo(relaxed?.cvMean[g][relaxed.indexMin] as number, 8);
      } else {
        // The model that calibrates: the relaxed CV again on the three quarters of the rows that fit.
        const fitRows = trainTestSplit(design.X.rows, { trainFraction: 0.75, seed: 2 }).train;
        const proper = relaxedLassoCV(selectRows(design.X, fitRows), rows(design.y, fitRows), { nFolds: 5, seed: 2 }).model;
        expect(back.intervals?.models[0].coef).toEqual(Array.from(proper.coef));
        expect(proper.gamma).toBeLessThan(1);
      }
    });
  }
});

describe('split intervals on too few rows for the folds', () => {
  // Split intervals cross-validate on the rows left after calibration's quarter. On 3 rows and 3
  // folds that CV had 2 rows, and the core's error named nFolds, which no front end's user typed.
  const small = (n: number) => buildDesign(parseTable(`y,a\n${Array.from({ length: n }, (_, i) => `${i * i},${i}`).join('\n')}\n`, { source: 'd.csv' }), { target: 'y' });
  it('says what the split left and what to change, in no front end\'s vocabulary', () => {
    expect(() => trainModel(small(3), { cv: { nFolds: 3 }, intervals: 'split' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMETER',
        message: "split intervals hold back 1 of the 3 rows for calibration; 2 rows are too few for 3-fold cross-validation: use fewer folds, or 'cv+' intervals (which hold no rows back)",
      }),
    );
    // Enough rows left: fitted, and 'cv+' (no rows held back) on the 3 rows as before.
    expect(trainModel(small(4), { cv: { nFolds: 3 }, intervals: 'split' }).intervals?.method).toBe('split');
    expect(trainModel(small(3), { cv: { nFolds: 3 }, intervals: 'cv+' }).intervals?.models).toHaveLength(3);
  });

  it('with given folds, where the rows left are all in one fold', () => {
    // The seeded quarter split conformal holds back (seed 0, as trainModel's default): fold 0 only there.
    const held = trainTestSplit(8, { trainFraction: 0.75, seed: 0 }).test;
    const foldIds = Int32Array.from({ length: 8 }, (_, i) => (held.includes(i) ? 0 : 1));
    expect(() => trainModel(small(8), { cv: { foldIds }, intervals: 'split' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMETER',
        message: "split intervals hold back 2 of the 8 rows for calibration; the 6 left are all in one of the given folds: label the folds otherwise, or 'cv+' intervals (which hold no rows back)",
      }),
    );
  });
});

describe('intervals with sample weights', () => {
  // Cars of weight 0 given an absurd MPG: no part of the data, so they must not widen an interval.
  const w = Float64Array.from(design.y, (_, i) => (i % 10 === 3 ? 0 : 1));
  const absurd = { ...design, y: design.y.map((v, i) => (w[i] === 0 ? 500 : v)) };
  const car = [Array.from(selectRows(design.X, Int32Array.of(0)).data)];

  for (const method of ['cv+', 'split'] as const) {
    it(`'${method}': rows of weight 0 have no residual and leave the interval as the other rows make it`, () => {
      const { model } = trainModel(absurd, { cv: { nFolds: 5, seed: 2 }, intervals: method, weights: w });
      const scored = (model.intervals?.models ?? []).flatMap((m) => m.residuals);
      expect(Math.max(...scored)).toBeLessThan(30);
      const positive = Array.from(w).filter((v) => v > 0).length;
      if (method === 'cv+') expect(scored).toHaveLength(positive);
      const iv = predictInterval(fromModelJSON(JSON.stringify(model)), car, { level: 0.9 });
      expect(iv.upper[0] - iv.lower[0]).toBeLessThan(20);
    });
  }

  it("'split' refuses a side of the split without weight, naming the split", () => {
    const held = trainTestSplit(design.X.rows, { trainFraction: 0.75, seed: 0 }).test;
    const onlyHeld = Float64Array.from(design.y, (_, i) => (held.includes(i) ? 1 : 0));
    expect(() => trainModel(design, { alpha: 0.1, intervals: 'split', weights: onlyHeld })).toThrow(
      expect.objectContaining({
        code: 'INVALID_WEIGHTS',
        message: `split intervals hold back ${held.length} of the ${design.X.rows} rows for calibration; the ${design.X.rows - held.length} rows left to fit all have weight 0 — use 'cv+' intervals (which hold no rows back), or another seed`,
      }),
    );
    expect(() => trainModel(design, { alpha: 0.1, intervals: 'split', weights: onlyHeld.map((v) => 1 - v) })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', message: expect.stringContaining(`rows for calibration; they all have weight 0 —`) }),
    );
  });
});
