import { DataError, quote } from '../errors.js';
import type { Frame, Mode } from './Frame.js';
import { convertInputs, withRanges } from './inputs.js';
import { Tallies, mergeTallies, tallyWarnings, type Tally } from './tally.js';
import type { Recipe, RecipeReport, RecipeStep } from './Recipe.js';
import { dropReason } from './steps/dropMissing.js';
import { stepDefinition, type StepContext } from './steps/registry.js';

export interface RunResult {
  readonly recipe: Recipe;
  readonly features: readonly string[];
  readonly report: RecipeReport;
  /** In 'apply' mode, the per-row warnings by kind and column (values outside a range, clipped, unknown levels), whose lines lead the report's warnings. */
  readonly tallies: readonly Tally[];
  /** The warnings that are not tallied (a constant column in 'fit' mode), uncapped: with the tallies' lines they make the report's warnings. */
  readonly others: readonly string[];
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
  const tallied = new Tallies();
  let inputs = convertInputs(recipe, frame, mode, tallied);
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
    tally: (key, example, rest) => tallied.note(key, example, rest),
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
  const tallies = tallied.list();
  return { recipe: fitted, features, report: { rowsIn, rowsOut: frame.n, dropped, imputed, warnings: capWarnings([...tallies.flatMap(tallyWarnings), ...warnings]) }, tallies, others: warnings };
}

/** At most {@link MAX_WARNINGS} warnings, then one line counting the rest. */
function capWarnings(warnings: string[]): string[] {
  const hidden = Math.max(0, warnings.length - MAX_WARNINGS);
  return hidden === 0 ? warnings : [...warnings.slice(0, MAX_WARNINGS), `… and ${hidden} more warnings`];
}

/**
 * The warnings of several applied runs (the pieces of one file) as one run's: the per-row kinds
 * (outside a range, clipped, unknown levels) merged per column — the first examples, then one line
 * counting the rest, across all pieces — then the other warnings, capped once as one run's.
 *
 * @example
 * let all = { warnings: [], tallies: [], others: [] };
 * for (const piece of pieces) all = mergeApplied([all, applyRecipe(recipe, piece)]);
 */
export function mergeApplied(runs: readonly Pick<RunResult, 'tallies' | 'others'>[]): { warnings: string[]; tallies: Tally[]; others: string[] } {
  const tallies = mergeTallies(runs.map((r) => r.tallies));
  const others = runs.flatMap((r) => r.others);
  return { warnings: capWarnings([...tallies.flatMap(tallyWarnings), ...others]), tallies, others };
}
