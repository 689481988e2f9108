import { DataError, quote } from '../errors.js';
import type { Frame, Mode } from './Frame.js';
import { convertInputs, extrapolationWarnings, mergeExtrapolations, withRanges, type Extrapolation } from './inputs.js';
import type { Recipe, RecipeReport, RecipeStep } from './Recipe.js';
import { dropReason } from './steps/dropMissing.js';
import { stepDefinition, type StepContext } from './steps/registry.js';

export interface RunResult {
  readonly recipe: Recipe;
  readonly features: readonly string[];
  readonly report: RecipeReport;
  /** In 'apply' mode, the inputs with values outside their training range (also among the report's warnings). */
  readonly extrapolated: readonly Extrapolation[];
}

/** Most warnings one run reports; the rest are counted in a last line. */
export const MAX_WARNINGS = 100;

/**
 * Runs a recipe over a frame. In 'fit' mode it learns every parameter (input ranges, clip bounds,
 * levels, imputation values) and returns the fitted recipe; in 'apply' mode it uses them and
 * turns surprises into warnings: an unknown level gets all-zero indicators, a value outside the
 * training range is kept (or clipped, if the recipe clips it) and reported. The inputs are
 * converted first (`inputs`); each step then runs through its definition in the step registry
 * (`steps/`), which is also what `compileRecipe` is built on.
 *
 * Cost: O(n·p) plus what each step costs (O(n log n) for a quantile or a level set).
 */
export function runRecipe(recipe: Recipe, frame: Frame, mode: Mode, opts: { readonly skipMissing?: boolean } = {}): RunResult {
  if (mode === 'apply' && !recipe.fitted) throw new DataError('INVALID_RECIPE', 'recipe is not fitted; fit it on training data first');
  const warnings: string[] = [];
  const dropped: { column: string; count: number; reason: string }[] = [];
  const imputed: { column: string; count: number; value: number }[] = [];
  const rowsIn = frame.n;
  const warn = (message: string) => void warnings.push(message);
  const extrapolated: Extrapolation[] = [];
  let inputs = convertInputs(recipe, frame, mode, (e) => void extrapolated.push(e));
  for (const e of extrapolated) warnings.push(...extrapolationWarnings(e));
  let ranged = mode === 'apply';
  // Training ranges (and constant-column warnings) describe the rows actually used: taken after
  // the leading row drops, before any step (clip, impute) changes the raw values.
  const recordRanges = () => {
    if (ranged) return;
    ranged = true;
    inputs = withRanges(inputs, frame, warn);
  };
  const ctx: StepContext = {
    mode,
    frame,
    recipe,
    skipMissing: opts.skipMissing === true,
    warn,
    dropped: (column, count) => void dropped.push({ column, count, reason: dropReason(column) }),
    imputed: (column, count, value) => void imputed.push({ column, count, value }),
  };
  const expansions = new Map<string, readonly string[]>();
  const steps: RecipeStep[] = [];
  for (const step of recipe.steps) {
    if (step.op !== 'dropMissing') recordRanges();
    const definition = stepDefinition(step);
    const fitted = definition.run(step, ctx);
    if (definition.outputs !== undefined && 'column' in fitted) expansions.set(fitted.column, definition.outputs(fitted));
    steps.push(fitted);
  }
  recordRanges();
  const features = recipe.features.flatMap((f) => expansions.get(f) ?? [f]);
  for (const f of features) if (!frame.columns.has(f)) throw new DataError('INVALID_RECIPE', `feature ${quote(f)} is not produced by any input or step`);
  const fitted: Recipe = { ...recipe, inputs, steps, features, fitted: true };
  return { recipe: fitted, features, report: { rowsIn, rowsOut: frame.n, dropped, imputed, warnings: capWarnings(warnings) }, extrapolated };
}

/** At most {@link MAX_WARNINGS} warnings, then one line counting the rest. */
function capWarnings(warnings: string[], more = 0): string[] {
  const hidden = Math.max(0, warnings.length - MAX_WARNINGS) + more;
  return hidden === 0 ? warnings : [...warnings.slice(0, MAX_WARNINGS), `… and ${hidden} more warnings`];
}

const MORE_WARNINGS = /^… and (\d+) more warnings$/;

/**
 * The warnings of several runs of a recipe (the pieces of one file) as one list capped as one
 * run's: at most {@link MAX_WARNINGS}, then one line counting the rest, each run's own count of
 * the warnings it left out included.
 *
 * @example
 * joinWarnings([first.warnings, second.warnings]);
 */
export function joinWarnings(runs: readonly (readonly string[])[]): string[] {
  const shown: string[] = [];
  let more = 0;
  for (const run of runs) {
    for (const w of run) {
      const counted = MORE_WARNINGS.exec(w);
      if (counted !== null) more += Number(counted[1]);
      else shown.push(w);
    }
  }
  return capWarnings(shown, more);
}

/**
 * The warnings and extrapolations of several applied runs (the pieces of one file) as one run's:
 * values outside a training range merged per column (its first examples, then one line counting
 * the rest, across all pieces), the other warnings joined and capped as {@link joinWarnings} does.
 *
 * @example
 * let all = { warnings: [], extrapolated: [] };
 * for (const piece of pieces) all = mergeApplied([all, applyRecipe(recipe, piece)]);
 */
export function mergeApplied(runs: readonly { readonly warnings: readonly string[]; readonly extrapolated: readonly Extrapolation[] }[]): { warnings: string[]; extrapolated: Extrapolation[] } {
  const extrapolated = mergeExtrapolations(runs.map((r) => r.extrapolated));
  const others = runs.map((r) => {
    const own = new Set(r.extrapolated.flatMap(extrapolationWarnings));
    return r.warnings.filter((w) => !own.has(w));
  });
  return { warnings: joinWarnings([extrapolated.flatMap(extrapolationWarnings), ...others]), extrapolated };
}
