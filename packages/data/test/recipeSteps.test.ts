import { describe, expect, it } from 'vitest';
import { DataError, applyRecipe, buildDesign, compileRecipe, fitRecipe, parseTable, type Recipe } from '../src/index.js';
import { STEPS } from '../src/recipe/steps/registry.js';

const table = parseTable('y,a,b,k\n' + Array.from({ length: 40 }, (_, i) => `${i % 9},${1 + (i % 13)},${(i * 7) % 11},${['u', 'v', 'w'][i % 3]}`).join('\n') + '\n', { source: 't.csv' });

/** A recipe that uses every operation once. */
const every: Recipe = {
  kind: 'lassokit-recipe',
  version: 1,
  inputs: [
    { name: 'a', type: 'numeric' },
    { name: 'b', type: 'numeric' },
    { name: 'k', type: 'categorical' },
  ],
  target: 'y',
  steps: [
    { op: 'dropMissing', columns: ['y', 'a', 'b', 'k'] },
    { op: 'impute', column: 'b', strategy: 'median' },
    { op: 'affine', column: 'b', output: 'b2', scale: -2, offset: 30 },
    { op: 'clip', column: 'a', quantiles: [0.05, 0.95] },
    { op: 'log', column: 'a', output: 'log_a' },
    { op: 'oneHot', column: 'k', reference: 'u' },
  ],
  features: ['log_a', 'b2', 'k'],
  fitted: false,
};

describe('the step registry', () => {
  it('has one definition per operation, each with a run and a compiled form', () => {
    expect(Object.keys(STEPS).sort()).toEqual(['affine', 'clip', 'dropMissing', 'impute', 'log', 'oneHot']);
    for (const def of Object.values(STEPS)) {
      expect(typeof def.run).toBe('function');
      expect(typeof def.compile).toBe('function');
    }
  });

  it('the compiled recipe equals the interpreter on clean records, step by step', () => {
    const { recipe } = fitRecipe(every, table);
    expect(recipe.features).toEqual(['log_a', 'b2', 'k_v', 'k_w']);
    const records = Array.from({ length: 12 }, (_, i) => ({ a: 2 + (i % 9), b: i % 11, k: ['u', 'v', 'w'][i % 3] }));
    const compiled = compileRecipe(recipe)(records);
    expect(compiled).not.toBeNull();
    expect(Array.from(compiled!.data)).toEqual(Array.from(applyRecipe(recipe, records).X.data));
  });

  it('each step declines in compiled form what the interpreter must report', () => {
    const { recipe } = fitRecipe(every, table);
    const transform = compileRecipe(recipe);
    expect(transform([{ a: 100, b: 1, k: 'u' }])).toBeNull(); // outside the training range (clip would report)
    expect(transform([{ a: 3, b: 1, k: 'zz' }])).toBeNull(); // an unknown level
    expect(transform([{ a: 3, b: null, k: 'u' }])).toBeNull(); // a missing value
  });
});

describe('messages come from the step that knows the facts', () => {
  it('a clip names the quantiles it actually has', () => {
    const { recipe } = fitRecipe(every, table);
    const { warnings } = applyRecipe({ ...recipe, inputs: recipe.inputs.map((i) => ({ ...i, range: undefined })) }, [{ a: 0.5, b: 3, k: 'v' }]);
    expect(warnings).toEqual(['row 0: a = 0.5 is clipped to [1, 13], the training 5th–95th percentile range']);
  });

  it('an imputation at predict time says where each value was filled, and with what (the first three located, the rest counted)', () => {
    const imputing: Recipe = { ...every, inputs: every.inputs.slice(0, 2), steps: [{ op: 'impute', column: 'b', strategy: 'mean' }], features: ['a', 'b'] };
    const { recipe } = fitRecipe(imputing, table);
    const mean = (recipe.steps[0] as { value: number }).value;
    expect(mean).toBeCloseTo(Array.from({ length: 40 }, (_, i) => (i * 7) % 11).reduce((a, v) => a + v, 0) / 40, 12);
    const rows = parseTable('a,b\n1,\n2,NA\n3,4\n4,\n5,\n', { source: 'p.csv' });
    const { X, warnings } = applyRecipe(recipe, rows);
    expect(Array.from(X.data.subarray(5))).toEqual([mean, mean, 4, mean, mean]);
    const filled = `filled with the training mean ${mean.toPrecision(6).replace(/\.?0+$/, '')}`;
    expect(warnings).toEqual([`p.csv:2: b is missing; ${filled}`, `p.csv:3: b is missing; ${filled}`, `p.csv:5: b is missing; ${filled}`, `b: 1 more missing value ${filled}`]);
    expect(applyRecipe(recipe, [{ a: 1, b: 2 }]).warnings).toEqual([]);
  });

  it('a log of a value ≤ 0 says what the log needs and what it got', () => {
    const t = parseTable('y,a\n1,2\n2,0\n3,4\n', { source: 'l.csv' });
    try {
      buildDesign(t, { target: 'y', log: ['a'] });
      expect.fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('OUT_OF_DOMAIN');
      expect((e as Error).message).toBe('l.csv:3: column "a": log needs values > 0; got 0');
    }
  });
});
