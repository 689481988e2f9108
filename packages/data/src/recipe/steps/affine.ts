import type { RecipeStep } from '../Recipe.js';
import { firstProblem, isName, isNumber, numeric, type StepDefinition } from './StepDefinition.js';

type Affine = Extract<RecipeStep, { op: 'affine' }>;

/** output = offset + scale · column (e.g. age = 93 − model_year); nothing to learn. */
export const affine: StepDefinition<Affine> = {
  check: (step) =>
    firstProblem([
      [isName(step.column), 'column must be a column name'],
      [isName(step.output), 'output must be a column name'],
      [isNumber(step.scale), 'scale must be a finite number'],
      [isNumber(step.offset), 'offset must be a finite number'],
    ]),
  run(step, { frame }) {
    frame.columns.set(
      step.output,
      numeric(frame, step.column).map((v) => (v === null ? null : step.offset + step.scale * v)),
    );
    return step;
  },
  sql: (step, env, fns) => void env.set(step.output, `(${fns.number(step.offset)} + ${fns.number(step.scale)} * ${env.get(step.column) as string})`),
  compile: (step) => (env) => {
    env.set(step.output, step.offset + step.scale * (env.get(step.column) as number));
    return true;
  },
};
