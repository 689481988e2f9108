import { fromModelJSON, mae, predict, r2, rmse, toModelJSON, type FitResult, type ModelJSON } from '@lassokit/core';
import { checkRecipe, type Recipe } from '@lassokit/data';
import type { LoadedDesign } from './dataset.js';
import { CliError } from './errors.js';
import type { ModelFlags } from './flags.js';
import { readInput } from './io.js';

/** The model JSON of a fit on a loaded design: recipe, flags and training metrics included. */
export function modelJson(fit: FitResult, loaded: LoadedDesign, flags: ModelFlags, extra: Record<string, unknown> = {}): ModelJSON {
  const { design, weights, source } = loaded;
  const fitted = predict(fit, design.X);
  return toModelJSON(fit, {
    featureNames: design.featureNames,
    fitIntercept: flags.intercept,
    standardize: flags.standardize,
    recipe: design.recipe,
    training: {
      source,
      target: flags.target,
      nSamples: design.X.rows,
      nFeatures: design.X.cols,
      nonzero: Array.from(fit.coef).filter((b) => b !== 0).length,
      rowsDropped: design.report.rowsIn - design.report.rowsOut,
      weighted: weights !== undefined,
      positive: flags.positive,
      metrics: { r2: r2(design.y, fitted, weights), rmse: rmse(design.y, fitted, weights), mae: mae(design.y, fitted, weights) },
      ...extra,
    },
  });
}

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
