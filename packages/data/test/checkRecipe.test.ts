import { describe, expect, it } from 'vitest';
import { DataError, checkRecipe, loadAutoMpg, type Recipe } from '../src/index.js';

// The study's fitted recipe (every op: dropMissing, affine, log, clip, oneHot …), damaged one way at a time.
const design = loadAutoMpg();
const fitted = (): Record<string, unknown> & Recipe => JSON.parse(JSON.stringify(design.recipe));

describe('checkRecipe: a recipe from a model file is refused naming what is wrong, never run into a crash', () => {
  it('accepts the fitted recipe, with the featureNames it makes', () => {
    expect(design.recipe.steps.map((s) => s.op)).toEqual(expect.arrayContaining(['dropMissing', 'affine', 'log', 'clip', 'oneHot']));
    expect(() => checkRecipe(fitted(), design.featureNames)).not.toThrow();
  });

  const stepAt = (op: string) => fitted().steps.findIndex((s) => s.op === op);
  const withStep = (op: string, change: Record<string, unknown>) => {
    const r = fitted();
    const k = stepAt(op);
    (r.steps as unknown[])[k] = { ...r.steps[k], ...change };
    return [r, k + 1] as const;
  };

  it.each([
    ['an unknown op', () => ({ ...fitted(), steps: [...fitted().steps, { kind: 'nope' }] }), /^recipe step \d+: unknown op undefined \(the ops are dropMissing, impute, affine, clip, log, oneHot\)$/],
    ['dropMissing columns that are not names', () => withStep('dropMissing', { columns: 5 })[0], /^recipe step \d+ \(dropMissing\): columns must be a list of column names$/],
    ['an affine scale that is not a number', () => withStep('affine', { scale: '2' })[0], /^recipe step \d+ \(affine\): scale must be a finite number$/],
    ['clip bounds out of order', () => withStep('clip', { bounds: [5, 1] })[0], /^recipe step \d+ \(clip\): bounds must be \[lo, hi\], two finite numbers in order$/],
    ['a fitted oneHot without levels', () => withStep('oneHot', { levels: undefined })[0], /^recipe step \d+ \(oneHot\): levels must be a list of strings$/],
    ['a log of a column nothing makes', () => withStep('log', { column: 'nonexistent' })[0], /^recipe step \d+ \(log\): reads "nonexistent", which no input or earlier step makes$/],
    ['an input of an unknown type', () => ({ ...fitted(), inputs: [{ name: 'weight', type: 'text' }] }), /^recipe input 1 \(weight\): type must be 'numeric' or 'categorical'$/],
    ['a feature that is not a name', () => ({ ...fitted(), features: [...fitted().features, 3] }), /^recipe feature \d+: must be a column name$/],
  ])('%s', (_name, recipe, message) => {
    let caught: unknown;
    try {
      checkRecipe(recipe());
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as DataError).code).toBe('INVALID_RECIPE');
    expect((caught as Error).message).toMatch(message);
  });

  it("a fitted recipe whose features are not the model's (order, count) is refused: coefficients would meet the wrong columns", () => {
    const swapped = [...design.featureNames];
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    expect(() => checkRecipe(fitted(), swapped)).toThrow(`recipe features are not the model's: ${swapped.length} against ${swapped.length} featureNames, first difference at 1 (${JSON.stringify(design.featureNames[0])} against ${JSON.stringify(swapped[0])})`);
    expect(() => checkRecipe(fitted(), design.featureNames.slice(0, -1))).toThrow(/first difference at \d+ \(".*" against null\)/);
  });
});
