import { DataError } from '../../errors.js';
import type { RecipeStep } from '../Recipe.js';
import { firstProblem, fmt, isName, numeric, type StepDefinition } from './StepDefinition.js';

type Log = Extract<RecipeStep, { op: 'log' }>;

/** output = ln(column); a value ≤ 0 is an error naming the row, the column and the value. */
export const log: StepDefinition<Log> = {
  check: (step) =>
    firstProblem([
      [isName(step.column), 'column must be a column name'],
      [isName(step.output), 'output must be a column name'],
    ]),
  run(step, { frame }) {
    frame.columns.set(
      step.output,
      numeric(frame, step.column).map((v, i) => {
        if (v === null) return null;
        if (!(v > 0)) throw new DataError('OUT_OF_DOMAIN', `log needs values > 0; got ${fmt(v)}`, { ...frame.locate(i), column: step.column, value: String(v) });
        return Math.log(v);
      }),
    );
    return step;
  },
  sql: (step, env, fns) => void env.set(step.output, fns.ln(env.get(step.column) as string)),
  compile: (step) => (env) => {
    const v = env.get(step.column) as number;
    if (!(v > 0)) return false;
    env.set(step.output, Math.log(v));
    return true;
  },
};
