import { DataError, nameList, quote, thousands } from '../errors.js';
import type { Frame, Mode } from './Frame.js';
import { numberParser, parseNumber, unusableNumber } from './parseNumber.js';
import type { Recipe, RecipeInput } from './Recipe.js';
import { column, fmt, numeric, where } from './steps/StepDefinition.js';
import { more, type Tallies } from './tally.js';

/**
 * The cell an error refused for a decimal point, where the recipe reads numbers with a decimal
 * comma (a file or a value written with points given to a model trained on commas): what a front
 * end names when it says how to read or send such values. Undefined for any other error.
 */
export function pointUnderDecimalComma(e: unknown, recipe: Recipe): string | undefined {
  if (!(e instanceof DataError) || e.code !== 'NOT_A_NUMBER' || recipe.decimal !== ',') return undefined;
  const value = e.location.value;
  return value !== undefined && value.includes('.') ? value : undefined;
}

/**
 * Parses every input column of a recipe (and its target) to the declared type before any step
 * runs: numeric inputs must parse as finite numbers (else `NOT_A_NUMBER`, located;
 * written with the recipe's decimal mark); categorical ones become level strings (numbers in
 * canonical form, so "4" and "4.0" are one level). A
 * missing input column is refused, naming what is there. In 'apply' mode a value outside an
 * input's training range is a warning (the prediction extrapolates), tallied per input.
 *
 * Cost: O(n·inputs).
 */
export function convertInputs(recipe: Recipe, frame: Frame, mode: Mode, tallies: Tallies): RecipeInput[] {
  const all: RecipeInput[] = recipe.target === null ? [...recipe.inputs] : [...recipe.inputs, { name: recipe.target, type: 'numeric' }];
  const missingColumns = all.filter((c) => !frame.columns.has(c.name) && !(mode === 'apply' && c.name === recipe.target));
  if (missingColumns.length > 0) {
    const names = nameList(missingColumns.map((c) => c.name));
    // Named by the file the frame was read from, where it was (records have none).
    throw new DataError('UNKNOWN_COLUMN', `missing column${missingColumns.length > 1 ? 's' : ''} ${names} (needed by the recipe; have ${nameList([...frame.columns.keys()])})`, { source: frame.locate(0).source });
  }
  const parse = numberParser(recipe.decimal);
  return all
    .filter((input) => frame.columns.has(input.name))
    .map((input) => {
      const values = column(frame, input.name);
      if (input.missing !== undefined && input.missing.length > 0) for (let i = 0; i < values.length; i++) if (readsAsMissing(input, values[i])) values[i] = null;
      if (input.type === 'categorical') {
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null) continue;
          values[i] = typeof v === 'number' ? String(v) : levelOf(v);
        }
        return input;
      }
      const range = mode === 'apply' && input.name !== recipe.target ? input.range : undefined;
      const bounds = range === undefined ? '' : `[${fmt(range[0])}, ${fmt(range[1])}]`;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null) continue;
        const num = typeof v === 'number' ? v : parse(v);
        if (!Number.isFinite(num)) {
          throw new DataError('NOT_A_NUMBER', `${quote(String(v))} ${unusableNumber(num, recipe.decimal)}`, { ...frame.locate(i), column: input.name, value: String(v) });
        }
        values[i] = num;
        if (range !== undefined && (num < range[0] || num > range[1])) {
          tallies.note(
            `range:${input.name}`,
            () => `${where(frame, i)}${input.name} = ${num} is outside the training range ${bounds}; the prediction extrapolates`,
            (n) => `${input.name}: ${more(n, 'value')} outside the training range ${bounds}; their predictions extrapolate`,
          );
        }
      }
      return input;
    })
    .filter((input) => input.name !== recipe.target);
}

/**
 * A categorical cell's level: a number in its canonical form ("02134" → 2134, "4.0" → 4, so "4"
 * and "4.0" are one level), other text trimmed, as a CSV's cells are. One rule for the
 * interpreter, the compiled path and the engines (which compare a column's cells with these levels).
 *
 * @example
 * levelOf(' 4.0 '); // '4'
 * levelOf(' M'); // 'M'
 */
export function levelOf(cell: string): string {
  const text = cell.trim();
  const num = parseNumber(text);
  return Number.isFinite(num) ? String(num) : text;
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
  const warning = rangeWarning(name, min, max) ?? idWarning(name, values);
  if (warning !== null) warn(warning);
  return [min, max];
}

/** Names of id columns: id, ID, #, no, index, customer_id, Customer ID, order no (not paid, valid, video). */
const ID_NAME = /^(id|#|no|index)$|[\s_.-](id|no)$/i;
/** camelCase ids (customerId, CustomerID): here case tells the id from a word. */
const CAMEL_ID = /[a-z](Id|ID)$/;

/** Whether a column is named as an id ({@link ID_NAME}, {@link CAMEL_ID}). */
export function isIdName(name: string): boolean {
  const trimmed = name.trim();
  return ID_NAME.test(trimmed) || CAMEL_ID.test(trimmed);
}

/**
 * The warning a numeric feature named as an id deserves when it holds one distinct whole number per
 * row (a customer or row id, which says nothing about a new row), or null. Only the name's columns
 * are read past the name: O(rows) time and a set of the values for those.
 *
 * @example
 * idWarning('id', [1, 2, 3]); // 'column "id" is named as an id and holds a distinct whole number in each of its 3 rows: …'
 */
export function idWarning(name: string, values: ArrayLike<number | null>): string | null {
  if (!isIdName(name)) return null;
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || seen.has(v)) return null;
    seen.add(v);
  }
  return seen.size < 3 ? null : idColumnWarning(name, seen.size);
}

/**
 * {@link idWarning}'s words, for a caller that counted the rows itself (an engine: distinct whole
 * numbers in `rows` rows). One wording for memory and engines.
 */
export function idColumnWarning(name: string, rows: number): string {
  return `column ${quote(name)} is named as an id and holds a distinct whole number in each of its ${thousands(rows)} rows: an id says nothing about a new row, so leave it out of the features`;
}

/**
 * The warning a categorical column with a level for most rows deserves — more than 50 levels, and
 * at least one for every two rows (an identifier, a name, a measurement ticked categorical: one
 * feature per row, which rarely predicts a new row) — or null. One wording for memory and engines.
 *
 * @example
 * nearUniqueWarning('sqft', 286, 300); // 'column "sqft" has 286 levels in 300 rows: …'
 */
export function nearUniqueWarning(name: string, levels: number, rows: number): string | null {
  if (levels <= 50 || 2 * levels < rows) return null;
  return `column ${quote(name)} has ${thousands(levels)} levels in ${thousands(rows)} rows: one-hot encoding gives nearly every row a feature of its own, which rarely predicts new rows (an identifier, a name or a measurement?)`;
}

/**
 * The warning a training range deserves — no values at all, or a constant column — or null. One
 * wording for every path that learns ranges (recipes, the numeric fast path, database engines).
 */
export function rangeWarning(name: string, min: number, max: number): string | null {
  if (min === Infinity) return `column ${quote(name)} has no values at all`;
  // A constant other than 0 is what an intercept fits: without one (and unstandardized) it is the
  // model's offset, so "cannot help" would be false there (a fit used such a column at 9.98).
  if (min === max) return `column ${quote(name)} is constant (${min}); ${min === 0 ? 'it cannot help the model' : 'it cannot help a model with an intercept'}`;
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
