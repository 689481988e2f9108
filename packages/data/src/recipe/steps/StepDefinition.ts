import { DataError, formatWhere, quote } from '../../errors.js';
import { densifyColumn, isSparseColumn, type Cell, type Frame, type Mode } from '../Frame.js';
import type { Recipe, RecipeStep } from '../Recipe.js';

/** What a step sees while it runs: the frame, the mode, the recipe, and where to report. */
export interface StepContext {
  readonly mode: Mode;
  readonly frame: Frame;
  readonly recipe: Recipe;
  /** In 'apply' mode: drop rows the recipe drops in training (a missing value) instead of refusing them. */
  readonly skipMissing: boolean;
  /** A note for the user. */
  warn(message: string): void;
  /**
   * A per-row note of one kind about one column (`key`: a value clipped, an unknown level): the
   * first few are shown located (`example`, built only for them), the rest counted (`rest`).
   */
  tally(key: string, example: () => string, rest: (n: number) => string): void;
  /** Rows dropped for a missing value, by column. */
  dropped(column: string, count: number): void;
  /** Missing values filled, by column. */
  imputed(column: string, count: number, value: number): void;
}

/** Values of one clean predict-time record, by column name, as a compiled step reads and writes them. */
export type Env = Map<string, number | string>;

/**
 * A compiled step: transforms one clean record's values in place, or returns false to decline
 * (anything unusual goes to the interpreter, which gives the located error or warning).
 */
export type CompiledStep = (env: Env) => boolean;

/**
 * The SQL a step needs from a dialect: literals and the few functions recipes use. Implemented
 * per engine by `@lassokit/sql`; every expression is DOUBLE-valued except categorical inputs.
 */
export interface SqlFunctions {
  /** A numeric literal (exact: shortest round-trip form). */
  number(v: number): string;
  /** ln(x). */
  ln(x: string): string;
  /** x clamped to [lo, hi]. */
  clamp(x: string, lo: number, hi: number): string;
  /** 1.0 when x equals the level (compared as a number when the column is numeric), else 0.0. */
  indicator(x: string, level: string, numeric: boolean): string;
  /** x, or `value` where x is NULL. */
  coalesce(x: string, value: number): string;
}

/** SQL expressions of one row's values, by column name, as a step's SQL form reads and writes them. */
export type SqlEnv = Map<string, string>;

/**
 * One recipe operation, written once: how it runs over a frame (learning its parameters in 'fit'
 * mode, using them in 'apply' mode) and its compiled form for clean records. The interpreters
 * (`runRecipe`, `compileRecipe`) dispatch to these through the registry.
 */
export interface StepDefinition<S extends RecipeStep> {
  /** Transforms the frame; returns the step with what it learned (the step itself in 'apply' mode). */
  run(step: S, ctx: StepContext): S;
  /** The straight-line transform of a fitted step. */
  compile(step: S): CompiledStep;
  /** The feature columns a feature-list entry stands for after fitting (one-hot expands its column). */
  outputs?(step: S): readonly string[];
  /**
   * The fitted step as SQL over the expressions in `env` (an engine computes the design's
   * statistics where the data are). Row drops are not expressions: `recipeToSql` turns them into
   * the WHERE clause.
   */
  sql(step: S, env: SqlEnv, fns: SqlFunctions, numericColumns: ReadonlySet<string>): void;
  /**
   * The first problem of the step's fields as read from a model file (any JSON), or undefined:
   * a hand-edited or damaged recipe is refused by name, not run into a crash. `fitted`: the
   * parameters fitting learns must be there.
   */
  check(step: Readonly<Record<string, unknown>>, fitted: boolean): string | undefined;
}

/** A column name as a recipe holds it. */
export const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
/** A finite number. */
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A list of strings (levels, tokens). */
export const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
/** [lo, hi], two finite numbers in order. */
export const isRange = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every(isNumber) && v[0] <= v[1];

/** The message of the first check that fails, for a step's `check`. */
export function firstProblem(checks: readonly (readonly [boolean, string])[]): string | undefined {
  return checks.find(([ok]) => !ok)?.[1];
}

/** A column of the frame; a step naming a column that is not there is a recipe error. */
export function column(frame: Frame, name: string): Cell[] {
  const values = frame.columns.get(name);
  if (values === undefined) throw new DataError('UNKNOWN_COLUMN', `no column ${quote(name)}`);
  return isSparseColumn(values) ? densifyColumn(values, frame.n) : values;
}

/** A column known to hold numbers (inputs are converted before any step runs). */
export function numeric(frame: Frame, name: string): (number | null)[] {
  return column(frame, name) as (number | null)[];
}

/** The location prefix of row i: `file.csv:17: `, `row 3: `. */
export function where(frame: Frame, i: number): string {
  return formatWhere(frame.locate(i));
}

/** A number as messages show it: integers as they are, others to 6 significant digits. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');
}
