import { fromModelJSON, lasso, predict } from '@lassokit/core';
import { expectClose } from '@lassokit/testing';
import { describe, expect, it } from 'vitest';
import { applyRecipe, loadAutoMpg, trainModel, type Recipe } from '../src/index.js';

describe('trainModel', () => {
  const design = loadAutoMpg();

  it('at a given alpha equals a direct fit and carries recipe and metrics', () => {
    const { model, fit } = trainModel(design, { alpha: 0.05, source: 'test', name: 'cars' });
    const direct = lasso(design.X, design.y, { alpha: 0.05 });
    expectClose(fit.coef, direct.coef, { rtol: 1e-12 });
    const back = fromModelJSON(JSON.stringify(model));
    expect(back.training).toMatchObject({ name: 'cars', source: 'test', target: 'mpg', nSamples: 392, nFeatures: 10, rowsDropped: 6 });
    expect((back.training.metrics as { r2: number }).r2).toBeGreaterThan(0.8);
    const { X } = applyRecipe(back.preprocessing.recipe as Recipe, [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }]);
    expect(predict(back, X)[0]).toBeGreaterThan(20);
  });

  it('without alpha cross-validates and records the choice', () => {
    const { model, cv } = trainModel(design, { cv: { nFolds: 5, seed: 1, select: '1se' } });
    expect(cv?.nFolds).toBe(5);
    expect(model.alpha).toBe(cv?.alpha1se);
    expect(model.training.cv).toMatchObject({ nFolds: 5, seed: 1, select: '1se' });
    // The held-out error at the chosen alpha, beside the training scores (larger than them here).
    const at = cv!.index1se;
    expect(model.training.cv?.error).toEqual({ mean: cv!.cvMean[at], se: cv!.cvSe[at] });
    expect(model.training.cv!.error!.mean).toBeGreaterThan(model.training.metrics!.rmse ** 2);
  });
});
