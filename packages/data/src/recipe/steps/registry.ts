import type { RecipeStep } from '../Recipe.js';
import { affine } from './affine.js';
import { clip } from './clip.js';
import { dropMissing } from './dropMissing.js';
import { impute } from './impute.js';
import { log } from './log.js';
import { oneHot } from './oneHot.js';
import type { StepDefinition } from './StepDefinition.js';

export type { StepContext } from './StepDefinition.js';

type Registry = { readonly [K in RecipeStep['op']]: StepDefinition<Extract<RecipeStep, { op: K }>> };

/** Every recipe operation, by its `op`: the one place a new step is added. */
export const STEPS: Registry = { dropMissing, impute, affine, clip, log, oneHot };

/** The definition of a step's operation (a recipe from a file with an unknown op is refused earlier, by checkRecipe). */
export function stepDefinition<S extends RecipeStep>(step: S): StepDefinition<S> {
  return STEPS[step.op] as unknown as StepDefinition<S>;
}
