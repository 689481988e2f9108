import { describe, expect, it } from 'vitest';
import { cvPlus, lasso, lassoCV, predict, predictInterval, relaxedLassoCV, selectRows } from '@lassokit/core';
import { applyRecipe, loadAutoMpg, trainTestSplit } from '@lassokit/data';
import { fmtAlpha } from '@lassokit/viz';
import { PackedCars, packCars, predictCar, realCars, trainCarModels } from './carModels.js';
import { exploreData, predictedAt } from './explore.js';
import { pathTableHtml } from './pathTable.js';
import { DEFAULT_SPECS, validateSpecs } from './specForm.js';
import { alphaIndexFromUrl, carFromUrl, specsFromUrl, specsToQuery } from './urlState.js';

describe('the Predict page logic', () => {
  const models = trainCarModels();
  const design = loadAutoMpg();

  it('predicts the same MPG as @lassokit/core on the transformed specs', () => {
    const p = predictCar(models, DEFAULT_SPECS);
    const { X } = applyRecipe(design.recipe, [{ ...DEFAULT_SPECS }]);
    expect(p.lasso).toBeCloseTo(predict(lassoCV(design.X, design.y, { nFolds: 10, seed: 0 }).model, X)[0], 12);
    expect(JSON.parse(JSON.stringify(models))).toEqual(models);
    expect(p.lasso).toBeGreaterThan(25);
    expect(p.ols).toBeGreaterThan(25);
  });

  it('contributions add up to the prediction minus the average car', () => {
    const p = predictCar(models, { ...DEFAULT_SPECS, weight: 4000, cylinders: 8 });
    const sum = p.contributions.reduce((a, c) => a + c.contribution, 0);
    expect(p.baseline + sum).toBeCloseTo(p.lasso, 9);
    expect(p.contributions.find((c) => c.feature === 'log_weight')?.contribution).toBeLessThan(0);
  });

  it('groups contributions by the spec the visitor typed: one bar per field, in its words, adding up to the same total', () => {
    const specs = { ...DEFAULT_SPECS, weight: 4500, cylinders: 4 };
    const p = predictCar(models, specs);
    expect(p.bySpec.map((g) => g.column)).toEqual(['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year']);
    const cylinders = p.bySpec[0];
    expect(cylinders.label).toBe('Cylinders: 4');
    expect(cylinders.parts.map((c) => c.feature)).toEqual(['cylinders_3', 'cylinders_4', 'cylinders_5', 'cylinders_6', 'cylinders_8']);
    expect(cylinders.contribution).toBeCloseTo(cylinders.parts.reduce((a, c) => a + c.contribution, 0), 12);
    expect(p.bySpec.find((g) => g.column === 'weight')?.label).toBe('Weight: 4,500 lb');
    expect(p.bySpec.find((g) => g.column === 'weight')?.parts.map((c) => c.feature)).toEqual(['log_weight']);
    expect(p.bySpec.find((g) => g.column === 'model_year')?.label).toBe('Model year: 1978');
    const total = p.bySpec.reduce((a, g) => a + g.contribution, 0);
    expect(p.baseline + total).toBeCloseTo(p.lasso, 9);
  });

  it('gives the CV+ interval @lassokit/core gives, wider at a higher level, around the prediction', () => {
    const { X } = applyRecipe(design.recipe, [{ ...DEFAULT_SPECS }]);
    const cv = lassoCV(design.X, design.y, { nFolds: 10, seed: 0 });
    const ref = predictInterval({ ...cv.model, intervals: cvPlus(design.X, design.y, cv) }, X, { level: 0.9 });
    const p = predictCar(models, DEFAULT_SPECS, 0.9);
    expect(p.interval.lower).toBeCloseTo(ref.lower[0], 10);
    expect(p.interval.upper).toBeCloseTo(ref.upper[0], 10);
    expect(p.interval.lower).toBeLessThan(p.lasso);
    expect(p.interval.upper).toBeGreaterThan(p.lasso);
    const wide = predictCar(models, DEFAULT_SPECS, 0.95).interval;
    const narrow = predictCar(models, DEFAULT_SPECS, 0.8).interval;
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });

  it('lists real cars with their true MPG, sent to the page packed and read back unchanged', () => {
    const cars = realCars();
    expect(cars).toHaveLength(392);
    expect(cars[0]).toEqual({ name: 'chevrolet chevelle malibu', mpg: 18, specs: { cylinders: 8, displacement: 307, horsepower: 130, weight: 3504, acceleration: 12, model_year: 70 } });
    const packed = new PackedCars(packCars(cars));
    expect(packed).toHaveLength(392);
    expect(Array.from({ length: packed.length }, (_, i) => packed.at(i))).toEqual(cars);
    expect(packed.label(0)).toBe('chevrolet chevelle malibu (1970)');
    cars.forEach((c, i) => expect(packed.label(i)).toBe(`${c.name} (19${c.specs.model_year})`));
    expect(new PackedCars('')).toHaveLength(0);
  });

  it('warns about an unseen number of cylinders', () => {
    expect(predictCar(models, { ...DEFAULT_SPECS, cylinders: 7 }).warnings[0]).toContain('cylinders = 7 was not seen in training');
  });
});

describe('form validation', () => {
  const ok = Object.fromEntries(Object.entries(DEFAULT_SPECS).map(([k, v]) => [k, String(v)]));
  it('accepts the defaults', () => expect(validateSpecs(ok).values).toEqual(DEFAULT_SPECS));
  it('accepts numbers from bound number inputs and treats null as empty', () => {
    expect(validateSpecs({ ...DEFAULT_SPECS }).values).toEqual(DEFAULT_SPECS);
    expect(validateSpecs({ ...ok, weight: null }).errors.weight).toBe('Weight is required (1,000–6,000 lb)');
  });
  it.each([
    ['weight', '-5', 'Weight must be positive'],
    ['weight', '90000', 'Weight must be between 1,000–6,000 lb'],
    ['horsepower', 'fast', 'Horsepower must be a number, like 90'],
    ['displacement', '', 'Displacement is required (50–500 cu in)'],
    ['cylinders', '7', 'Cylinders must be one of 3, 4, 5, 6, 8'],
  ])('%s = %j gets a field message', (key, value, message) => {
    const r = validateSpecs({ ...ok, [key]: value });
    expect(r.values).toBeUndefined();
    expect(r.errors[key as keyof typeof r.errors]).toBe(message);
  });
});

describe('URL state', () => {
  it('round-trips form values, leaving defaults out', () => {
    const values = { ...specsFromUrl(new URLSearchParams()), weight: '3100' };
    expect(specsToQuery(values)).toBe('?weight=3100');
    expect(specsFromUrl(new URLSearchParams('weight=3100')).weight).toBe('3100');
  });
  it('clamps the alpha index', () => {
    expect(alphaIndexFromUrl(new URLSearchParams('a=500'), 61, 3)).toBe(60);
    expect(alphaIndexFromUrl(new URLSearchParams(''), 61, 3)).toBe(3);
  });
  it('reads the car the no-JavaScript picker submits, and ignores anything else', () => {
    expect(carFromUrl(new URLSearchParams('car=12'), 392)).toBe(12);
    for (const q of ['', 'car=-1', 'car=392', 'car=1.5', 'car=abc']) expect(carFromUrl(new URLSearchParams(q), 392)).toBeNull();
  });
});

describe('the Explore page data', () => {
  const d = exploreData(5);
  it("contains the study's alpha and reproduces its test R² there", () => {
    expect(d.alphas[d.studyIndex]).toBeCloseTo(1 / 274, 15);
    expect(d.metrics[d.studyIndex].testR2.toFixed(4)).toBe('0.8998');
  });
  it("puts the study's alpha on an evenly log-spaced grid (no step out of line), with points past it", () => {
    const ratios = d.alphas.slice(1).map((a, k) => a / d.alphas[k]);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 10);
    expect(ratios[0]).toBeGreaterThan(10 ** (-1 / 15));
    expect(ratios[0]).toBeLessThan(10 ** (-1 / 25));
    expect(d.studyIndex).toBe(d.alphas.length - 7);
    expect(exploreData(5)).toBe(d);
  });
  it('starts from zero features and keeps more as alpha falls', () => {
    expect(d.metrics[0].kept).toBe(0);
    expect(d.metrics[d.alphas.length - 1].kept).toBeGreaterThan(5);
    expect(d.stdCoef[0].every((b) => b === 0)).toBe(true);
  });
  it('the test predictions at an alpha equal a direct fit on the training split', () => {
    const k = 20;
    const { X, y } = loadAutoMpg();
    const split = trainTestSplit(X.rows, { seed: 42 });
    const fit = lasso(selectRows(X, split.train), Float64Array.from(split.train, (i) => y[i]), { alpha: d.alphas[k], tol: 1e-10 });
    const direct = predict(fit, selectRows(X, split.test));
    expect(d.cv.mean).toHaveLength(d.alphas.length);
    predictedAt(d, k).forEach((p, i) => expect(p).toBeCloseTo(direct[i], 4));
  });
  it('tabulates every fifth alpha and the chosen one, marked, with escaped names', () => {
    const k = 23;
    const html = pathTableHtml(d, k);
    const rows = html.split('<tr').slice(2);
    expect(rows).toHaveLength(Math.ceil(d.alphas.length / 5) + 1);
    expect(rows.filter((r) => r.startsWith(' class="chosen"'))).toHaveLength(1);
    expect(rows.find((r) => r.startsWith(' class="chosen"'))).toContain(`<td>${fmtAlpha(d.alphas[k])}</td><td>${d.metrics[k].kept}</td>`);
    expect(html.match(/<th>/g)).toHaveLength(5 + d.featureNames.length);
    // on a multiple of 5 the chosen row is not repeated
    expect(pathTableHtml(d, 20).split('<tr').length).toBe(Math.ceil(d.alphas.length / 5) + 2);
    expect(pathTableHtml({ ...d, featureNames: ['a<b & "c"', ...d.featureNames.slice(1)] }, k)).toContain('<th>a&#60;b &#38; &#34;c&#34;</th>');
  });
  it('has a stability path on the same grid, probabilities in [0, 1], log_weight stable', () => {
    expect(d.stability.probabilities).toHaveLength(d.alphas.length);
    for (const row of d.stability.probabilities) for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
    expect(d.stability.stable).toContain('log_weight');
    expect(d.stability.errorBound).toBeCloseTo(d.stability.q ** 2 / ((2 * d.stability.threshold - 1) * d.featureNames.length), 12);
  });
  it("scores the relaxed Lasso chosen on the training split on the study's test cars", () => {
    const { X, y } = loadAutoMpg();
    const split = trainTestSplit(X.rows, { seed: 42 });
    const Xte = selectRows(X, split.test);
    const yte = Float64Array.from(split.test, (i) => y[i]);
    const m = relaxedLassoCV(selectRows(X, split.train), Float64Array.from(split.train, (i) => y[i]), { nFolds: 10, seed: 0 }).model;
    const mse = predict(m, Xte).reduce((a, p, i) => a + (yte[i] - p) ** 2, 0) / yte.length;
    expect(d.study.relaxed.testMse).toBeCloseTo(mse, 10);
    expect(d.study.relaxed.gamma).toBe(m.gamma);
  });
});
