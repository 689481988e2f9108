import { predict, type ModelJSON } from '@lassokit/core';
import { applyRecipe, checkRecipe, compileRecipe, type CompiledRecipe } from '@lassokit/data';

const compiledRecipes = new WeakMap<ModelJSON, CompiledRecipe>();

/** The model's recipe compiled once (models are cached, so this is once per model). */
function compiled(model: ModelJSON): CompiledRecipe {
  let transform = compiledRecipes.get(model);
  if (transform === undefined) {
    const recipe = model.preprocessing.recipe;
    checkRecipe(recipe);
    transform = compileRecipe(recipe);
    compiledRecipes.set(model, transform);
  }
  return transform;
}

/**
 * Predictions for raw records through the model's recipe: clean rows take the compiled
 * transform; anything it declines gets applyRecipe's located errors or warnings. Used inline
 * for small requests and in the workers for large ones, so both answer alike.
 *
 * Cost: O(rows · features).
 */
export function predictRows(model: ModelJSON, rows: readonly Readonly<Record<string, unknown>>[]): { predictions: number[]; warnings?: string[] } {
  const fastX = compiled(model)(rows);
  if (fastX !== null) return { predictions: Array.from(predict(model, fastX)) };
  const recipe = model.preprocessing.recipe;
  checkRecipe(recipe);
  const { X, warnings } = applyRecipe(recipe, rows);
  const predictions = Array.from(predict(model, X));
  return warnings.length > 0 ? { predictions, warnings: [...warnings] } : { predictions };
}
