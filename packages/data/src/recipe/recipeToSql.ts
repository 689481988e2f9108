import { DataError } from '../errors.js';
import type { Recipe } from './Recipe.js';
import { stepDefinition } from './steps/registry.js';
import type { SqlEnv, SqlFunctions } from './steps/StepDefinition.js';

/** A fitted recipe as SQL: one expression per feature, the target's, and the row filter. */
export interface RecipeSql {
  /** In the recipe's feature order. */
  readonly features: readonly string[];
  readonly target: string | null;
  /** Conditions every used row meets (rows the recipe drops, e.g. with a missing value). */
  readonly where: readonly string[];
}

/**
 * A fitted recipe compiled to SQL expressions, one per output feature, from each step's SQL form
 * (the step registry, like `compileRecipe`): an engine can then compute the design's sufficient
 * statistics where the data are. `input(name)` gives the SQL of a raw input column (a quoted
 * identifier, cast to DOUBLE when numeric); `numericColumns` says which categorical columns hold
 * numbers (their levels compare as numbers). Drop steps become `where` conditions.
 *
 * Cost: O(steps + features).
 *
 * @example
 * recipeToSql(recipe, duckdb, (c) => `CAST("${c}" AS DOUBLE)`, new Set()).features;
 */
export function recipeToSql(recipe: Recipe, fns: SqlFunctions, input: (name: string) => string, numericColumns: ReadonlySet<string>, isNotNull: (expr: string) => string): RecipeSql {
  if (!recipe.fitted) throw new DataError('INVALID_RECIPE', 'recipe is not fitted; fit it on training data first');
  const env: SqlEnv = new Map();
  for (const i of recipe.inputs) env.set(i.name, input(i.name));
  if (recipe.target !== null) env.set(recipe.target, input(recipe.target));
  const where: string[] = [];
  for (const step of recipe.steps) {
    if (step.op === 'dropMissing') for (const c of step.columns) where.push(isNotNull(env.get(c) ?? input(c)));
    stepDefinition(step).sql(step, env, fns, numericColumns);
  }
  const features = recipe.features.map((f) => {
    const expr = env.get(f);
    if (expr === undefined) throw new DataError('INVALID_RECIPE', `feature "${f}" is not produced by any input or step`);
    return expr;
  });
  return { features, target: recipe.target === null ? null : (env.get(recipe.target) as string), where };
}
