import { DataError, MAX_LISTED, nameList, quote, shorten } from '../../errors.js';
import type { RecipeStep } from '../Recipe.js';
import { column, firstProblem, isName, isStrings, where, type StepDefinition } from './StepDefinition.js';
import { more } from '../tally.js';
import { parseNumber } from '../parseNumber.js';

type OneHot = Extract<RecipeStep, { op: 'oneHot' }>;

/** Most levels a one-hot column may have unless its step says otherwise. */
export const DEFAULT_MAX_LEVELS = 5000;

/**
 * One indicator column `${column}_${level}` per level learned in training (numbers sorted as
 * numbers, otherwise as text); `reference` drops that level's column. A missing value is an
 * error against the column the user has (imputation is numeric only); at predict time an unknown
 * level gets all-zero indicators and a warning.
 *
 * Cost: O(n) hashed lookups; the indicators are sparse columns (their rows), O(n) in all.
 */
export const oneHot: StepDefinition<OneHot> = {
  check: (step, fitted) =>
    firstProblem([
      [isName(step.column), 'column must be a column name'],
      [(!fitted && step.levels === undefined) || isStrings(step.levels), 'levels must be a list of strings'],
      [step.reference === undefined || step.reference === null || typeof step.reference === 'string', 'reference must be a level or null'],
      [step.maxLevels === undefined || (Number.isInteger(step.maxLevels) && (step.maxLevels as number) > 0), 'maxLevels must be a positive integer'],
      [step.binaryAsOne === undefined || typeof step.binaryAsOne === 'boolean', 'binaryAsOne must be true or false'],
    ]),
  run(step, { mode, frame, tally }) {
    const values = column(frame, step.column);
    const missingAt = values.indexOf(null);
    if (missingAt >= 0) {
      const hint = mode === 'fit' ? " (a categorical column needs the 'drop' missing-value policy)" : '';
      throw new DataError('MISSING_VALUE', `value is missing${hint}`, { ...frame.locate(missingAt), column: step.column });
    }
    const known = mode === 'fit' ? learnLevels(step, values.map(String)) : (step.levels as readonly string[]);
    const fitted = mode === 'fit' ? { ...step, levels: known, reference: fittedReference(step, known) } : { ...step, levels: known };
    const kept = keptLevels(fitted);
    // One hashed lookup per row (levels are user strings: a Map, never an object's keys).
    const position = new Map<string, number>();
    kept.forEach((l, k) => position.set(l, k));
    const knownSet = new Set(known);
    // Indicators by their rows (one nonzero per row over all levels): O(n), whatever the level count.
    const rowsOf = kept.map(() => [] as number[]);
    values.forEach((v, i) => {
      const level = String(v);
      const k = position.get(level);
      if (k !== undefined) rowsOf[k].push(i);
      else if (mode === 'apply' && !knownSet.has(level)) {
        tally(
          `level:${step.column}`,
          () => `${where(frame, i)}${step.column} = ${shorten(level)} was not seen in training (levels ${nameList(known, MAX_LISTED, false)}); its indicator columns are all 0`,
          (n) => `${step.column}: ${more(n, 'row')} with a level not seen in training; their indicator columns are all 0`,
        );
      }
    });
    outputNames(fitted).forEach((name, k) => frame.columns.set(name, { sparse: true, rows: Int32Array.from(rowsOf[k]), values: new Float64Array(rowsOf[k].length).fill(1) }));
    return fitted;
  },
  sql: (step, env, fns, numericColumns) => {
    const x = env.get(step.column) as string;
    const names = outputNames(step);
    keptLevels(step).forEach((level, k) => env.set(names[k], fns.indicator(x, level, numericColumns.has(step.column))));
  },
  // An unknown level is declined: the interpreter sets all-zero indicators and says so.
  compile: (step) => {
    const levels = new Set(step.levels ?? []);
    const kept = keptLevels(step);
    const names = outputNames(step);
    return (env) => {
      const level = env.get(step.column) as string;
      if (!levels.has(level)) return false;
      kept.forEach((l, k) => env.set(names[k], level === l ? 1 : 0));
      return true;
    };
  },
  outputs: outputNames,
};

function learnLevels(step: OneHot, values: readonly string[]): string[] {
  const levels = sortLevels(new Set(values));
  const max = step.maxLevels ?? DEFAULT_MAX_LEVELS;
  if (levels.length > max) {
    throw new DataError('TOO_MANY_LEVELS', `has ${levels.length} distinct values; one-hot encoding allows at most ${max} (is it really categorical?)`, { column: step.column });
  }
  if (step.reference != null && !levels.includes(step.reference)) {
    throw new DataError('INVALID_SPEC', `reference level ${quote(step.reference)} does not occur (levels: ${nameList(levels)})`, { column: step.column });
  }
  return levels;
}

/**
 * The reference level a one-hot step is fitted with, given the levels found: the one it names;
 * else, with `binaryAsOne` and exactly two levels, the first — one indicator for a yes/no column.
 * Both indicators of a two-level column are exact opposites once centred: a Lasso can then split
 * the effect between them in any proportion at the same cost (`smoker_no` −20,472 beside
 * `smoker_yes` 6e-13, the latter entering and leaving along the path at rounding level), where one
 * indicator has a unique coefficient. Used by every fit of a recipe, in memory and in an engine.
 */
export function fittedReference(step: Pick<OneHot, 'reference' | 'binaryAsOne'>, levels: readonly string[]): string | null {
  if (step.reference != null) return step.reference;
  return step.binaryAsOne === true && levels.length === 2 ? levels[0] : null;
}

export function keptLevels(step: OneHot): readonly string[] {
  return (step.levels ?? []).filter((l) => l !== step.reference);
}

/** The indicator columns of a fitted one-hot step, in order. */
export function outputNames(step: OneHot): readonly string[] {
  return keptLevels(step).map((l) => `${step.column}_${l}`);
}

/**
 * Levels in the recipe's order: numbers as numbers (as parseNumber reads them), otherwise as text.
 * (Read by Number(), "0x1" was the number 1: tied with "1", the order followed the input's.)
 */
export function sortLevels(levels: Iterable<string>): string[] {
  const list = [...new Set(levels)];
  if (!list.every((l) => Number.isFinite(parseNumber(l)))) return list.sort();
  return list.sort((a, b) => parseNumber(a) - parseNumber(b) || (a < b ? -1 : a > b ? 1 : 0));
}
