import type { Recipe } from './Recipe.js';
import { keptLevels, outputNames } from './steps/oneHot.js';

/** Where a model feature comes from: the raw input column a user typed, and how it was made. */
export interface FeatureSource {
  /** The recipe input (raw column) the feature is computed from. */
  readonly column: string;
  /** For a one-hot indicator, the level it stands for; else undefined. */
  readonly level?: string;
  /** The transformations from the raw column to the feature, in order (e.g. ['clip', 'log']). */
  readonly steps: readonly string[];
}

/**
 * The raw input column behind each feature of a fitted recipe, by following its steps (an
 * `affine` or `log` output inherits its column's source; one-hot indicators name their level). Used to
 * explain a prediction in the user's words: one "cylinders: 4" instead of five `cylinders_*`
 * parts, "weight" for `log_weight`. A feature the steps do not produce is its own source.
 *
 * Cost: O(steps + features).
 *
 * @example
 * featureSources(design.recipe).get('log_weight'); // { column: 'weight', steps: ['log'] }
 */
export function featureSources(recipe: Recipe): Map<string, FeatureSource> {
  const sources = new Map<string, FeatureSource>(recipe.inputs.map((input) => [input.name, { column: input.name, steps: [] }]));
  const of = (name: string): FeatureSource => sources.get(name) ?? { column: name, steps: [] };
  for (const step of recipe.steps) {
    switch (step.op) {
      case 'affine':
      case 'log': {
        const from = of(step.column);
        sources.set(step.output, { column: from.column, steps: [...from.steps, step.op] });
        break;
      }
      case 'clip':
      case 'impute': {
        const from = of(step.column);
        sources.set(step.column, { column: from.column, steps: [...from.steps, step.op] });
        break;
      }
      case 'oneHot': {
        const from = of(step.column);
        const levels = keptLevels(step);
        outputNames(step).forEach((name, k) => sources.set(name, { column: from.column, level: levels[k], steps: [...from.steps, 'oneHot'] }));
        break;
      }
      case 'dropMissing':
        break;
    }
  }
  return new Map(recipe.features.map((f) => [f, of(f)]));
}
