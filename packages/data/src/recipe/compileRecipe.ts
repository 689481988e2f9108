import type { DenseMatrix } from '@lassokit/core';
import { levelOf, readsAsMissing } from './inputs.js';
import { numberParser } from './parseNumber.js';
import type { Recipe } from './Recipe.js';
import { stepDefinition } from './steps/registry.js';
import type { Env } from './steps/StepDefinition.js';

/** A compiled transform: the design rows for clean records, or null when any record needs `applyRecipe`. */
export type CompiledRecipe = (records: readonly Readonly<Record<string, unknown>>[]) => DenseMatrix | null;

/**
 * Compiles a fitted recipe into a straight-line transform for the common case at predict time:
 * every input present and numeric (or a known level), inside its training range and clip bounds.
 * It returns null for anything else — a missing or bad value (or a token its input reads as missing), an unknown level, an out-of-range
 * value — so the caller falls back to {@link applyRecipe}, which gives the located error or the
 * warning. Each step's compiled form comes from its definition in the step registry (the same
 * module the interpreter runs), so on clean records the output equals `applyRecipe(recipe,
 * records).X` exactly.
 *
 * Cost: O(n·p) per call with no per-call setup; compile once per model.
 *
 * @example
 * const transform = compileRecipe(recipe);
 * const X = transform(rows) ?? applyRecipe(recipe, rows).X;
 */
export function compileRecipe(recipe: Recipe): CompiledRecipe {
  const inputs = recipe.inputs.filter((i) => i.name !== recipe.target);
  const features = recipe.features;
  const p = features.length;
  const steps = recipe.steps.map((step) => stepDefinition(step).compile(step));
  const parse = numberParser(recipe.decimal);
  return (records) => {
    const n = records.length;
    const data = new Float64Array(n * p);
    const env: Env = new Map();
    for (let i = 0; i < n; i++) {
      const record = records[i];
      env.clear();
      for (const input of inputs) {
        const raw = Object.hasOwn(record, input.name) ? record[input.name] : undefined;
        if (raw === undefined || raw === null || raw === '') return null;
        // A token this input reads as missing: the interpreter handles it (imputes, or says so).
        if (readsAsMissing(input, raw)) return null;
        if (input.type === 'categorical') {
          env.set(input.name, typeof raw === 'number' ? String(raw) : levelOf(String(raw)));
          continue;
        }
        const num = typeof raw === 'number' ? raw : typeof raw === 'string' ? parse(raw.trim()) : NaN;
        if (!Number.isFinite(num)) return null;
        if (input.range !== undefined && (num < input.range[0] || num > input.range[1])) return null;
        env.set(input.name, num);
      }
      for (const step of steps) if (!step(env)) return null;
      for (let j = 0; j < p; j++) data[j * n + i] = env.get(features[j]) as number;
    }
    return { rows: n, cols: p, data };
  };
}
