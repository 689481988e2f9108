import { DataError } from '../../errors.js';
import type { RecipeStep } from '../Recipe.js';
import { column, firstProblem, isName, type StepDefinition } from './StepDefinition.js';

type DropMissing = Extract<RecipeStep, { op: 'dropMissing' }>;

/**
 * Drops training rows with a missing value in any of the step's columns, counted by the first
 * missing column. At predict time nothing is dropped — a missing value is an error naming the row
 * and column (the target is not needed then) — unless the caller asks to skip such rows
 * (`skipMissing`: scoring a model on its own training file, predicting what can be predicted);
 * then they are dropped and counted as in training, over the step's columns the rows have.
 */
export const dropMissing: StepDefinition<DropMissing> = {
  check: (step) => firstProblem([[Array.isArray(step.columns) && step.columns.every(isName), 'columns must be a list of column names']]),
  run(step, { mode, frame, recipe, dropped, skipMissing }) {
    if (mode === 'apply' && !skipMissing) {
      for (const c of step.columns) {
        if (c === recipe.target) continue;
        const i = column(frame, c).indexOf(null);
        if (i < 0) continue;
        // The row cannot be dropped (it is asked for): say what would let it be predicted.
        const categorical = recipe.inputs.some((input) => input.name === c && input.type === 'categorical');
        const fix = categorical ? 'give a value (a level not seen in training counts as none of them)' : "give a value, or fit with the 'mean' or 'median' missing-value policy";
        throw new DataError('MISSING_VALUE', `value is missing: the model dropped such rows in training and cannot predict one without it — ${fix}`, { ...frame.locate(i), column: c });
      }
      return step;
    }
    const keep = new Array<boolean>(frame.n).fill(true);
    const counts = new Map<string, number>();
    const columns = (mode === 'fit' ? step.columns : step.columns.filter((c) => frame.columns.has(c))).map((c) => [c, column(frame, c)] as const);
    for (let i = 0; i < frame.n; i++) {
      for (const [c, values] of columns) {
        if (values[i] === null) {
          keep[i] = false;
          counts.set(c, (counts.get(c) ?? 0) + 1);
          break;
        }
      }
    }
    counts.forEach((count, c) => dropped(c, count));
    frame.keep(keep);
    return step;
  },
  // Drops become the WHERE clause (see recipeToSql).
  sql: () => {},
  // Compiled records have every input present (missing ones are declined before the steps).
  compile: () => () => true,
};

/** How a drop is reported: the reason names the column (shared with the numeric fast path). */
export function dropReason(column: string): string {
  return `missing ${column}`;
}
