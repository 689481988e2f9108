import { fromModelJSON, type ModelJSON } from '@lassokit/core';
import { checkRecipe, parseTable, type Recipe, type Table } from '@lassokit/data';
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

/** A model file and the raw CSV to run it on (predict, evaluate). */
export function readModelAndData(modelFile: string, dataFile: string): { model: ModelJSON; recipe: Recipe; table: Table } {
  const { model, recipe } = readModel(modelFile);
  const { text, source } = readInput(dataFile);
  return { model, recipe, table: parseTable(text, { source }) };
}
