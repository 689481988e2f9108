import { fromModelJSON, type ModelJSON } from '@lassokit/core';
import { checkRecipe, type Recipe } from '@lassokit/data';
import { CliError } from './errors.js';
import { readInput } from './io.js';

/** Reads and validates a model file; its recipe too, since predict-time rows need it. */
export function readModel(path: string): { model: ModelJSON; recipe: Recipe } {
  const { text, source } = readInput(path);
  let model: ModelJSON;
  try {
    model = fromModelJSON(text);
  } catch (e) {
    throw new CliError(`${source}: ${(e as Error).message}`);
  }
  try {
    checkRecipe(model.preprocessing.recipe);
  } catch (e) {
    throw new CliError(`${source}: ${(e as Error).message}`);
  }
  return { model, recipe: model.preprocessing.recipe as Recipe };
}
