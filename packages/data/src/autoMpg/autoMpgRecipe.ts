import type { Recipe } from '../recipe/Recipe.js';

/**
 * The study's cleaning recipe for Auto-MPG, reproduced exactly, as data (unfitted):
 *
 * | step | column | why |
 * |---|---|---|
 * | drop rows with a missing value | horsepower ('?' in 6 rows) | 398 → 392 rows |
 * | age = 93 − model_year | model_year | years old in 1993, the dataset's publication |
 * | one-hot, all levels kept | cylinders (3, 4, 5, 6, 8) | engine classes, not a linear scale |
 * | clip to 1st / 99th percentile | horsepower, acceleration | tame the extremes (linear interpolation, as pandas) |
 * | natural log | weight, displacement, horsepower | MPG falls roughly with the log of size |
 * | not used | model_year (replaced by age), origin, car_name | |
 *
 * Features: cylinders_3 … cylinders_8, age, acceleration, log_weight, log_displacement,
 * log_horsepower; target mpg.
 */
export const autoMpgRecipe: Recipe = Object.freeze({
  kind: 'lassokit-recipe',
  version: 1,
  inputs: [
    { name: 'cylinders', type: 'categorical' },
    { name: 'displacement', type: 'numeric' },
    { name: 'horsepower', type: 'numeric' },
    { name: 'weight', type: 'numeric' },
    { name: 'acceleration', type: 'numeric' },
    { name: 'model_year', type: 'numeric' },
  ],
  target: 'mpg',
  steps: [
    { op: 'dropMissing', columns: ['mpg', 'cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year'] },
    { op: 'affine', column: 'model_year', output: 'age', scale: -1, offset: 93 },
    { op: 'oneHot', column: 'cylinders', reference: null },
    { op: 'clip', column: 'horsepower', quantiles: [0.01, 0.99] },
    { op: 'clip', column: 'acceleration', quantiles: [0.01, 0.99] },
    { op: 'log', column: 'weight', output: 'log_weight' },
    { op: 'log', column: 'displacement', output: 'log_displacement' },
    { op: 'log', column: 'horsepower', output: 'log_horsepower' },
  ],
  features: ['cylinders', 'age', 'acceleration', 'log_weight', 'log_displacement', 'log_horsepower'],
  fitted: false,
}) as Recipe;
