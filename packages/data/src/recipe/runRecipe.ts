import { DataError, MAX_LISTED, formatWhere, nameList, quote, shorten, type DataLocation } from '../errors.js';
import { parseNumber } from './parseNumber.js';
import { quantile } from './quantile.js';
import type { Recipe, RecipeInput, RecipeReport, RecipeStep } from './Recipe.js';

type Cell = number | string | null;

/** Rows being transformed, column by column, with a way to say where each row came from. */
export interface Frame {
  n: number;
  readonly columns: Map<string, Cell[]>;
  /** Location of row i in the caller's terms (file and line, or "row i"). */
  locate(i: number): DataLocation;
  /** Keep only rows where keep[i] is true. */
  readonly keep: (keep: boolean[]) => void;
}

export type Mode = 'fit' | 'apply';

export interface RunResult {
  readonly recipe: Recipe;
  readonly features: readonly string[];
  readonly report: RecipeReport;
}

/** Most levels a one-hot column may have unless its step says otherwise. */
export const DEFAULT_MAX_LEVELS = 5000;
/** Most warnings one run reports; the rest are counted in a last line. */
export const MAX_WARNINGS = 100;

/**
 * Runs a recipe over a frame. In 'fit' mode it learns every parameter (input ranges, clip bounds,
 * levels, imputation values) and returns the fitted recipe; in 'apply' mode it uses them and
 * turns surprises into warnings: an unknown level gets all-zero indicators, a value outside the
 * training range is kept (or clipped, if the recipe clips it) and reported.
 */
export function runRecipe(recipe: Recipe, frame: Frame, mode: Mode): RunResult {
  if (mode === 'apply' && !recipe.fitted) throw new DataError('INVALID_RECIPE', 'recipe is not fitted; fit it on training data first');
  const warnings: string[] = [];
  const dropped: { column: string; count: number; reason: string }[] = [];
  const imputed: { column: string; count: number; value: number }[] = [];
  const rowsIn = frame.n;
  let inputs = convertInputs(recipe, frame, mode, warnings);
  let ranged = mode === 'apply';
  // Training ranges (and constant-column warnings) describe the rows actually used: taken after
  // the leading row drops, before any step (clip, impute) changes the raw values.
  const recordRanges = () => {
    if (ranged) return;
    ranged = true;
    inputs = inputs.map((input) => (input.type === 'numeric' ? { ...input, range: rangeOf(numeric(frame, input.name), input.name, warnings) } : input));
  };
  const oneHotOutputs = new Map<string, string[]>();
  const steps: RecipeStep[] = [];

  for (const step of recipe.steps) {
    if (step.op !== 'dropMissing') recordRanges();
    switch (step.op) {
      case 'dropMissing': {
        if (mode === 'apply') {
          requirePresent(frame, step.columns.filter((c) => c !== recipe.target));
          steps.push(step);
          break;
        }
        const keep = new Array<boolean>(frame.n).fill(true);
        const counts = new Map<string, number>();
        for (let i = 0; i < frame.n; i++) {
          for (const c of step.columns) {
            if (column(frame, c)[i] === null) {
              keep[i] = false;
              counts.set(c, (counts.get(c) ?? 0) + 1);
              break;
            }
          }
        }
        counts.forEach((count, c) => dropped.push({ column: c, count, reason: `missing ${c}` }));
        frame.keep(keep);
        steps.push(step);
        break;
      }
      case 'impute': {
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
          }
        }
        if (count > 0) imputed.push({ column: step.column, count, value: value as number });
        steps.push({ ...step, value });
        break;
      }
      case 'affine': {
        const values = numeric(frame, step.column);
        frame.columns.set(
          step.output,
          values.map((v) => (v === null ? null : step.offset + step.scale * v)),
        );
        steps.push(step);
        break;
      }
      case 'clip': {
        const values = numeric(frame, step.column);
        let bounds = step.bounds;
        if (mode === 'fit') {
          const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
          bounds = [quantile(sorted, step.quantiles[0]), quantile(sorted, step.quantiles[1])];
        }
        const [lo, hi] = bounds as readonly [number, number];
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null) continue;
          if (mode === 'apply' && (v < lo || v > hi)) {
            warnings.push(`${where(frame, i)}${step.column} = ${v} is clipped to [${fmt(lo)}, ${fmt(hi)}], the training ${percentile(step.quantiles[0])}–${percentile(step.quantiles[1])} percentile range`);
          }
          values[i] = Math.min(hi, Math.max(lo, v));
        }
        steps.push({ ...step, bounds: [lo, hi] });
        break;
      }
      case 'log': {
        const values = numeric(frame, step.column);
        frame.columns.set(
          step.output,
          values.map((v, i) => {
            if (v === null) return null;
            if (!(v > 0)) {
              throw new DataError('NOT_A_NUMBER', `${v} has no logarithm (values must be > 0)`, { ...frame.locate(i), column: step.column, value: String(v) });
            }
            return Math.log(v);
          }),
        );
        steps.push(step);
        break;
      }
      case 'oneHot': {
        const values = column(frame, step.column);
        // Imputation is numeric-only, so a missing level here is reported against the column the
        // user has (not one of its indicator columns).
        const missingAt = values.indexOf(null);
        if (missingAt >= 0) {
          const hint = mode === 'fit' ? " (a categorical column needs the 'drop' missing-value policy)" : '';
          throw new DataError('MISSING_VALUE', `value is missing${hint}`, { ...frame.locate(missingAt), column: step.column });
        }
        let levels = step.levels;
        if (mode === 'fit') {
          levels = sortLevels(new Set(values.filter((v): v is string | number => v !== null).map(String)));
          const max = step.maxLevels ?? DEFAULT_MAX_LEVELS;
          if (levels.length > max) {
            throw new DataError('TOO_MANY_LEVELS', `has ${levels.length} distinct values; one-hot encoding allows at most ${max} (is it really categorical?)`, {
              column: step.column,
            });
          }
          if (step.reference != null && !levels.includes(step.reference)) {
            throw new DataError('INVALID_SPEC', `reference level ${quote(step.reference)} does not occur (levels: ${nameList(levels)})`, {
              column: step.column,
            });
          }
        }
        const known = levels as readonly string[];
        const kept = known.filter((l) => l !== step.reference);
        const outputs = kept.map((l) => `${step.column}_${l}`);
        // One hashed lookup per row (levels are user strings: a Map, never an object's keys).
        const position = new Map<string, number>();
        kept.forEach((l, k) => position.set(l, k));
        const knownSet = new Set(known);
        const indicators = outputs.map(() => new Array<number>(frame.n).fill(0));
        values.forEach((v, i) => {
          const level = String(v);
          const k = position.get(level);
          if (k !== undefined) indicators[k][i] = 1;
          else if (mode === 'apply' && !knownSet.has(level)) {
            warnings.push(`${where(frame, i)}${step.column} = ${shorten(level)} was not seen in training (levels ${nameList(known, MAX_LISTED, false)}); its indicator columns are all 0`);
          }
        });
        outputs.forEach((name, k) => frame.columns.set(name, indicators[k]));
        oneHotOutputs.set(step.column, outputs);
        steps.push({ ...step, levels: known });
        break;
      }
    }
  }
  recordRanges();
  const features = recipe.features.flatMap((f) => oneHotOutputs.get(f) ?? [f]);
  for (const f of features) if (!frame.columns.has(f)) throw new DataError('INVALID_RECIPE', `feature ${quote(f)} is not produced by any input or step`);
  const fitted: Recipe = { ...recipe, inputs, steps, features, fitted: true };
  return { recipe: fitted, features, report: { rowsIn, rowsOut: frame.n, dropped, imputed, warnings: capWarnings(warnings) } };
}

/** Parses every input column to its declared type; in 'apply' mode warns about values outside the training range. */
function convertInputs(recipe: Recipe, frame: Frame, mode: Mode, warnings: string[]): RecipeInput[] {
  const all: RecipeInput[] = recipe.target === null ? [...recipe.inputs] : [...recipe.inputs, { name: recipe.target, type: 'numeric' }];
  const missingColumns = all.filter((c) => !frame.columns.has(c.name) && !(mode === 'apply' && c.name === recipe.target));
  if (missingColumns.length > 0) {
    const names = nameList(missingColumns.map((c) => c.name));
    throw new DataError('UNKNOWN_COLUMN', `missing column${missingColumns.length > 1 ? 's' : ''} ${names} (needed by the recipe; have ${nameList([...frame.columns.keys()])})`);
  }
  return all
    .filter((input) => frame.columns.has(input.name))
    .map((input) => {
      const values = column(frame, input.name);
      if (input.type === 'categorical') {
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null) continue;
          const num = typeof v === 'number' ? v : parseNumber(v);
          values[i] = Number.isFinite(num) ? String(num) : String(v);
        }
        return input;
      }
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null) continue;
        const num = typeof v === 'number' ? v : parseNumber(v);
        if (!Number.isFinite(num)) {
          throw new DataError('NOT_A_NUMBER', `${quote(String(v))} is not a number`, { ...frame.locate(i), column: input.name, value: String(v) });
        }
        values[i] = num;
        if (mode === 'apply' && input.range !== undefined && input.name !== recipe.target && (num < input.range[0] || num > input.range[1])) {
          warnings.push(`${where(frame, i)}${input.name} = ${num} is outside the training range [${fmt(input.range[0])}, ${fmt(input.range[1])}]; the prediction extrapolates`);
        }
      }
      return input;
    })
    .filter((input) => input.name !== recipe.target);
}

/** [min, max] of the present values; warns when there are none or all are equal. */
function rangeOf(values: readonly (number | null)[], name: string, warnings: string[]): readonly [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) warnings.push(`column ${quote(name)} has no values at all`);
  else if (min === max) warnings.push(`column ${quote(name)} is constant (${min}); it cannot help the model`);
  return [min, max];
}

function column(frame: Frame, name: string): Cell[] {
  const values = frame.columns.get(name);
  if (values === undefined) throw new DataError('UNKNOWN_COLUMN', `no column ${quote(name)}`);
  return values;
}

function numeric(frame: Frame, name: string): (number | null)[] {
  return column(frame, name) as (number | null)[];
}

function requirePresent(frame: Frame, columns: readonly string[]): void {
  for (const c of columns) {
    const values = column(frame, c);
    const i = values.indexOf(null);
    if (i >= 0) throw new DataError('MISSING_VALUE', 'value is missing', { ...frame.locate(i), column: c });
  }
}

function sortLevels(levels: Set<string>): string[] {
  const list = [...levels];
  return list.every((l) => Number.isFinite(Number(l))) ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

function where(frame: Frame, i: number): string {
  return formatWhere(frame.locate(i));
}

/** At most {@link MAX_WARNINGS} warnings, then one line counting the rest. */
function capWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more warnings`];
}

/** A quantile as an ordinal percentile: 0.01 → '1st', 0.99 → '99th', 0.025 → '2.5th'. */
function percentile(q: number): string {
  const pct = Number((q * 100).toPrecision(10));
  const suffix = Number.isInteger(pct) && ![11, 12, 13].includes(pct % 100) ? (['th', 'st', 'nd', 'rd'][pct % 10] ?? 'th') : 'th';
  return `${pct}${suffix}`;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');
}
