import { describe, expect, it } from 'vitest';
import { featureSources, fitRecipe, loadAutoMpg, parseTable, type Recipe } from '../src/index.js';

describe('featureSources', () => {
  it("names the raw column behind each Auto-MPG feature, and each indicator's level", () => {
    const { recipe, featureNames } = loadAutoMpg();
    const sources = featureSources(recipe);
    expect([...sources.keys()]).toEqual(featureNames);
    expect(sources.get('log_weight')).toEqual({ column: 'weight', steps: ['log'] });
    expect(sources.get('log_horsepower')).toEqual({ column: 'horsepower', steps: ['clip', 'log'] });
    expect(sources.get('age')).toEqual({ column: 'model_year', steps: ['affine'] });
    expect(sources.get('acceleration')).toEqual({ column: 'acceleration', steps: ['clip'] });
    for (const level of ['3', '4', '5', '6', '8']) expect(sources.get(`cylinders_${level}`)).toEqual({ column: 'cylinders', level, steps: ['oneHot'] });
  });

  it('follows chains (impute, then log of the output) and one-hot columns with a dropped reference level', () => {
    const spec: Recipe = {
      kind: 'lassokit-recipe',
      version: 1,
      inputs: [
        { name: 'size', type: 'numeric' },
        { name: 'colour', type: 'categorical' },
      ],
      target: 'y',
      steps: [
        { op: 'impute', column: 'size', strategy: 'mean' },
        { op: 'log', column: 'size', output: 'log_size' },
        { op: 'oneHot', column: 'colour', reference: 'red' },
      ],
      features: ['log_size', 'colour'],
      fitted: false,
    };
    const table = parseTable('size,colour,y\n1,red,1\n2,blue,2\n,green,3\n4,blue,4\n');
    const { recipe } = fitRecipe(spec, table);
    const sources = featureSources(recipe);
    expect([...sources.keys()]).toEqual(['log_size', 'colour_blue', 'colour_green']);
    expect(sources.get('log_size')).toEqual({ column: 'size', steps: ['impute', 'log'] });
    expect(sources.get('colour_green')).toEqual({ column: 'colour', level: 'green', steps: ['oneHot'] });
  });
});
