import { quantile } from '../quantile.js';
import type { RecipeStep } from '../Recipe.js';
import { firstProblem, fmt, isName, isRange, numeric, where, type StepDefinition } from './StepDefinition.js';
import { more } from '../tally.js';

type Clip = Extract<RecipeStep, { op: 'clip' }>;

/**
 * Clips a numeric column to bounds learned as training quantiles (linear interpolation, as
 * pandas' `quantile`). At predict time a clipped value is reported with the actual quantiles.
 */
export const clip: StepDefinition<Clip> = {
  check: (step, fitted) =>
    firstProblem([
      [isName(step.column), 'column must be a column name'],
      [isRange(step.quantiles) && (step.quantiles as number[])[0] >= 0 && (step.quantiles as number[])[1] <= 1, 'quantiles must be [lo, hi] with 0 ≤ lo ≤ hi ≤ 1'],
      [(!fitted && step.bounds === undefined) || isRange(step.bounds), 'bounds must be [lo, hi], two finite numbers in order'],
    ]),
  run(step, { mode, frame, tally }) {
    const values = numeric(frame, step.column);
    let bounds = step.bounds;
    if (mode === 'fit') {
      const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
      bounds = [quantile(sorted, step.quantiles[0]), quantile(sorted, step.quantiles[1])];
    }
    const [lo, hi] = bounds as readonly [number, number];
    const range = `[${fmt(lo)}, ${fmt(hi)}], the training ${percentile(step.quantiles[0])}–${percentile(step.quantiles[1])} percentile range`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null) continue;
      if (mode === 'apply' && (v < lo || v > hi)) {
        tally(`clip:${step.column}`, () => `${where(frame, i)}${step.column} = ${v} is clipped to ${range}`, (n) => `${step.column}: ${more(n, 'value')} clipped to ${range}`);
      }
      values[i] = Math.min(hi, Math.max(lo, v));
    }
    return { ...step, bounds: [lo, hi] };
  },
  sql: (step, env, fns) => {
    const [lo, hi] = step.bounds as readonly [number, number];
    env.set(step.column, fns.clamp(env.get(step.column) as string, lo, hi));
  },
  // A value outside the bounds is declined: the interpreter clips it and says so.
  compile: (step) => {
    const [lo, hi] = step.bounds as readonly [number, number];
    return (env) => {
      const v = env.get(step.column) as number;
      return v >= lo && v <= hi;
    };
  },
};

/** A quantile as an ordinal percentile: 0.01 → '1st', 0.99 → '99th', 0.025 → '2.5th'. */
function percentile(q: number): string {
  const pct = Number((q * 100).toPrecision(10));
  const suffix = Number.isInteger(pct) && ![11, 12, 13].includes(pct % 100) ? (['th', 'st', 'nd', 'rd'][pct % 10] ?? 'th') : 'th';
  return `${pct}${suffix}`;
}
