import { DataError, nameList, quote } from '../errors.js';
import type { Frame, Mode } from './Frame.js';
import { parseNumber, unusableNumber } from './parseNumber.js';
import type { Recipe, RecipeInput } from './Recipe.js';
import { column, fmt, numeric, where } from './steps/StepDefinition.js';

/**
 * Parses every input column of a recipe (and its target) to the declared type before any step
 * runs: numeric inputs must parse as finite numbers (else `NOT_A_NUMBER`, located); categorical
 * ones become level strings (numbers in canonical form, so "4" and "4.0" are one level). A
 * missing input column is refused, naming what is there. In 'apply' mode a value outside an
 * input's training range is a warning (the prediction extrapolates).
 *
 * Cost: O(n·inputs).
 */
export function convertInputs(recipe: Recipe, frame: Frame, mode: Mode, extrapolated: (e: Extrapolation) => void): RecipeInput[] {
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
      if (input.missing !== undefined && input.missing.length > 0) for (let i = 0; i < values.length; i++) if (readsAsMissing(input, values[i])) values[i] = null;
      if (input.type === 'categorical') {
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null) continue;
          const num = typeof v === 'number' ? v : parseNumber(v);
          values[i] = Number.isFinite(num) ? String(num) : String(v);
        }
        return input;
      }
      const range = mode === 'apply' && input.name !== recipe.target ? input.range : undefined;
      let outside = 0;
      const examples: string[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null) continue;
        const num = typeof v === 'number' ? v : parseNumber(v);
        if (!Number.isFinite(num)) {
          throw new DataError('NOT_A_NUMBER', `${quote(String(v))} ${unusableNumber(num)}`, { ...frame.locate(i), column: input.name, value: String(v) });
        }
        values[i] = num;
        if (range !== undefined && (num < range[0] || num > range[1]) && outside++ < RANGE_EXAMPLES) {
          examples.push(`${where(frame, i)}${input.name} = ${num} is outside the training range [${fmt(range[0])}, ${fmt(range[1])}]; the prediction extrapolates`);
        }
      }
      if (range !== undefined && outside > 0) extrapolated({ column: input.name, range, count: outside, examples });
      return input;
    })
    .filter((input) => input.name !== recipe.target);
}

/** Located examples of an input's values outside its training range that one run names; the rest are counted. */
export const RANGE_EXAMPLES = 3;

/** An input's values outside its training range in one run (or several merged): how many, and the first ones located. */
export interface Extrapolation {
  readonly column: string;
  readonly range: readonly [number, number];
  readonly count: number;
  /** At most {@link RANGE_EXAMPLES} warnings naming a row and its value. */
  readonly examples: readonly string[];
}

/**
 * An extrapolation as warnings: its located examples, then one line counting the others — a
 * file of a million rows outside the range says so in four lines, not in the first hundred of a
 * million.
 */
export function extrapolationWarnings(e: Extrapolation): string[] {
  const more = e.count - e.examples.length;
  if (more <= 0) return [...e.examples];
  return [...e.examples, `${e.column}: ${more.toLocaleString('en-US')} more value${more === 1 ? '' : 's'} outside the training range [${fmt(e.range[0])}, ${fmt(e.range[1])}]; their predictions extrapolate`];
}

/** Extrapolations of several runs (the pieces of one file) per column, in first-seen order: counts added, examples kept up to {@link RANGE_EXAMPLES}. */
export function mergeExtrapolations(runs: readonly (readonly Extrapolation[])[]): Extrapolation[] {
  const byColumn = new Map<string, Extrapolation>();
  for (const run of runs) {
    for (const e of run) {
      const seen = byColumn.get(e.column);
      byColumn.set(e.column, seen === undefined ? e : { ...seen, count: seen.count + e.count, examples: [...seen.examples, ...e.examples].slice(0, RANGE_EXAMPLES) });
    }
  }
  return [...byColumn.values()];
}

/**
 * Whether a raw value is one of the input's own missing tokens (`RecipeInput.missing`), compared
 * trimmed as the CSV reader compares its cells — one rule for the interpreter and the compiled path.
 */
export function readsAsMissing(input: RecipeInput, raw: unknown): boolean {
  return input.missing !== undefined && typeof raw === 'string' && input.missing.includes(raw.trim());
}

/** The numeric inputs with their training ranges, from the frame's present values. */
export function withRanges(inputs: readonly RecipeInput[], frame: Frame, warn: (message: string) => void): RecipeInput[] {
  return inputs.map((input) => (input.type === 'numeric' ? { ...input, range: rangeOf(numeric(frame, input.name), input.name, warn) } : input));
}

/** [min, max] of the present values; warns when there are none or all are equal. */
export function rangeOf(values: ArrayLike<number | null>, name: string, warn: (message: string) => void): readonly [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const warning = rangeWarning(name, min, max);
  if (warning !== null) warn(warning);
  return [min, max];
}

/**
 * The warning a training range deserves — no values at all, or a constant column — or null. One
 * wording for every path that learns ranges (recipes, the numeric fast path, database engines).
 */
export function rangeWarning(name: string, min: number, max: number): string | null {
  if (min === Infinity) return `column ${quote(name)} has no values at all`;
  if (min === max) return `column ${quote(name)} is constant (${min}); it cannot help the model`;
  return null;
}

/** The warning for a column with no value in any row, which is left out (in memory and in the engines alike). */
export function leftOutWarning(name: string): string {
  return `column ${quote(name)} is entirely missing; left out`;
}

/**
 * The warning a constant target deserves (nothing to learn: every model predicts that value), or
 * null. One wording for the recipe's path and the numeric fast path.
 */
export function targetWarning(name: string, y: ArrayLike<number>): string | null {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return null;
  return y.length > 1 ? `target ${quote(name)} is constant (${y[0]}): there is nothing to learn; every model predicts ${y[0]}` : null;
}
