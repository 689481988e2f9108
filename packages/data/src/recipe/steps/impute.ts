import { DataError } from '../../errors.js';
import { quantile } from '../quantile.js';
import type { RecipeStep } from '../Recipe.js';
import { firstProblem, fmt, isName, isNumber, numeric, where, type StepDefinition } from './StepDefinition.js';
import { more } from '../tally.js';

type Impute = Extract<RecipeStep, { op: 'impute' }>;

/**
 * Replaces missing values of a numeric column by the training mean or median (learned in 'fit'
 * mode). At predict time each value filled is reported (located, then counted), as a clipped one is.
 */
export const impute: StepDefinition<Impute> = {
  check: (step, fitted) =>
    firstProblem([
      [isName(step.column), 'column must be a column name'],
      [step.strategy === 'mean' || step.strategy === 'median', "strategy must be 'mean' or 'median'"],
      [(!fitted && step.value === undefined) || isNumber(step.value), 'value must be a finite number'],
    ]),
  run(step, { mode, frame, imputed, tally }) {
    const values = numeric(frame, step.column);
    let value = step.value;
    if (mode === 'fit') {
      const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
      if (present.length === 0) throw new DataError('MISSING_VALUE', 'every value is missing; nothing to impute from', { column: step.column });
      value = step.strategy === 'mean' ? present.reduce((a, v) => a + v, 0) / present.length : quantile(present, 0.5);
    }
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === null) {
        values[i] = value as number;
        count++;
        if (mode === 'apply') {
          const filled = `filled with the training ${step.strategy} ${fmt(value as number)}`;
          tally(`impute:${step.column}`, () => `${where(frame, i)}${step.column} is missing; ${filled}`, (n) => `${step.column}: ${more(n, 'missing value')} ${filled}`);
        }
      }
    }
    if (count > 0) imputed(step.column, count, value as number);
    return { ...step, value };
  },
  sql: (step, env, fns) => void env.set(step.column, fns.coalesce(env.get(step.column) as string, step.value as number)),
  // Compiled records have every input present: nothing to fill.
  compile: () => () => true,
};
