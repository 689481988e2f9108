import { cvPlus, lassoCV, ols, predict, predictInterval, type IntervalModel } from '@lassokit/core';
import { applyRecipe, featureSources, loadAutoMpg, thousands, type Recipe } from '@lassokit/data';
import { SPEC_FIELDS } from './specForm.js';

/** The raw specs a person knows about a car. */
export interface CarSpecs {
  cylinders: number;
  displacement: number;
  horsepower: number;
  weight: number;
  acceleration: number;
  model_year: number;
}

export interface Car {
  readonly name: string;
  readonly specs: CarSpecs;
  readonly mpg: number;
}

/**
 * The two models behind the Predict page as plain data (arrays and numbers only), so the server
 * trains them once and sends them with the page: the browser never refits on load.
 */
export interface CarModels {
  readonly recipe: Recipe;
  /** The Lasso with its CV+ interval data (the 10 fold models of the CV and their held-out residuals). */
  readonly lasso: { readonly coef: readonly number[]; readonly intercept: number; readonly alpha: number; readonly intervals: IntervalModel };
  readonly ols: { readonly coef: readonly number[]; readonly intercept: number };
  /** Training means of the transformed features (the "average car"). */
  readonly featureMeans: readonly number[];
}

let cached: CarModels | undefined;
let cachedCars: readonly Car[] | undefined;

/**
 * Trains the Predict page's models on the bundled, cleaned Auto-MPG data — Lasso with α chosen
 * by 10-fold CV (seed 0) with CV+ interval data, and OLS — once per process (the server's load
 * function; tests).
 */
export function trainCarModels(): CarModels {
  if (cached) return cached;
  const design = loadAutoMpg();
  const cv = lassoCV(design.X, design.y, { nFolds: 10, seed: 0 });
  const intervals = cvPlus(design.X, design.y, cv);
  const full = ols(design.X, design.y);
  const { X } = design;
  const featureMeans = design.featureNames.map((_, j) => X.data.subarray(j * X.rows, (j + 1) * X.rows).reduce((a, v) => a + v, 0) / X.rows);
  const lasso = { coef: Array.from(cv.model.coef), intercept: cv.model.intercept, alpha: cv.alphaMin, intervals };
  cached = { recipe: design.recipe, lasso, ols: { coef: Array.from(full.coef), intercept: full.intercept }, featureMeans };
  return cached;
}

/** The bundled cars with complete specs, for the "pick a real car" control (read once per process). */
export function realCars(): readonly Car[] {
  if (cachedCars) return cachedCars;
  const raw = loadAutoMpg({ raw: true });
  const col = (name: string) => raw.columns.indexOf(name);
  cachedCars = raw.rows
    .filter((r) => r.every((v) => v !== null))
    .map((r) => ({
      name: String(r[col('car_name')]),
      mpg: Number(r[col('mpg')]),
      specs: {
        cylinders: Number(r[col('cylinders')]),
        displacement: Number(r[col('displacement')]),
        horsepower: Number(r[col('horsepower')]),
        weight: Number(r[col('weight')]),
        acceleration: Number(r[col('acceleration')]),
        model_year: Number(r[col('model_year')]),
      },
    }));
  return cachedCars;
}

/**
 * The cars as one line each (`name<TAB>mpg<TAB>specs…`), how the page sends them: a single string
 * costs the browser almost nothing to read, where the same 392 cars as object literals were ~25 ms
 * of script evaluation at load (~85 ms at 4× CPU slowdown).
 */
export function packCars(cars: readonly Car[]): string {
  return cars.map((c) => [c.name, c.mpg, ...SPEC_FIELDS.map((f) => c.specs[f.key])].join('\t')).join('\n');
}

/** Where a packed line keeps the model year: after the name and the MPG. */
const YEAR_FIELD = 2 + SPEC_FIELDS.findIndex((f) => f.key === 'model_year');

/**
 * The cars of {@link packCars} read back one at a time: the page reads a car when the visitor
 * picks it. Reading all 392 into objects at load was 9–34 ms of the hydration task at 4× CPU
 * slowdown, for one car a visitor may never pick.
 */
export class PackedCars {
  readonly #lines: readonly string[];
  constructor(text: string) {
    this.#lines = text === '' ? [] : text.split('\n');
  }
  get length(): number {
    return this.#lines.length;
  }
  /** Car `i` (0-based), the inverse of {@link packCars} for that car. */
  at(i: number): Car {
    const [name, mpg, ...specs] = this.#lines[i].split('\t');
    return { name, mpg: Number(mpg), specs: Object.fromEntries(SPEC_FIELDS.map((f, k) => [f.key, Number(specs[k])])) as unknown as CarSpecs };
  }
  /** Car `i` as the picker lists it, e.g. "ford pinto (1973)" (its name and year only read). */
  label(i: number): string {
    const fields = this.#lines[i].split('\t');
    return `${fields[0]} (19${fields[YEAR_FIELD]})`;
  }
}

export interface Contribution {
  readonly feature: string;
  /** The feature's value after the recipe (e.g. ln(weight)). */
  readonly value: number;
  readonly coef: number;
  /** coef × (value − training mean): how far this spec moves the prediction from the average car. */
  readonly contribution: number;
}

/**
 * The contributions of one raw spec the visitor typed: its features' contributions summed (the
 * five `cylinders_*` indicators are one "cylinders: 4"; `log_weight` is "weight: 4,500 lb").
 */
export interface SpecContribution {
  /** The raw column (a key of the specs). */
  readonly column: string;
  /** The spec in the visitor's words, e.g. "Weight: 4,500 lb". */
  readonly label: string;
  readonly contribution: number;
  /** The features it is made of, with their transformed values (the detail on demand). */
  readonly parts: readonly Contribution[];
}

/** The coverage levels a visitor can pick. */
export const INTERVAL_LEVELS = [0.8, 0.9, 0.95] as const;

/** The level a visitor sees first. */
export const DEFAULT_LEVEL = 0.9;

export interface CarPrediction {
  readonly lasso: number;
  /** CV+ prediction interval of the Lasso at the chosen level. */
  readonly interval: { readonly level: number; readonly lower: number; readonly upper: number };
  readonly ols: number;
  /** The Lasso prediction for the average car (intercept + coef · means). */
  readonly baseline: number;
  readonly contributions: readonly Contribution[];
  /** The same contributions grouped by the spec they come from, in the form's order. */
  readonly bySpec: readonly SpecContribution[];
  readonly warnings: readonly string[];
}

/** Predicts MPG from raw specs with both models, and the Lasso's interval at `level`; the recipe transforms the specs first. */
export function predictCar(models: CarModels, specs: CarSpecs, level = DEFAULT_LEVEL): CarPrediction {
  const { X, featureNames, warnings } = applyRecipe(models.recipe, [{ ...specs }]);
  const lasso = predict(models.lasso, X)[0];
  const iv = predictInterval(models.lasso, X, { level });
  const olsValue = predict(models.ols, X)[0];
  const contributions = featureNames.map((feature, j) => {
    const value = X.data[j];
    const coef = models.lasso.coef[j];
    return { feature, value, coef, contribution: coef * (value - models.featureMeans[j]) };
  });
  const baseline = models.lasso.intercept + models.featureMeans.reduce((a, m, j) => a + m * models.lasso.coef[j], 0);
  return { lasso, interval: { level, lower: iv.lower[0], upper: iv.upper[0] }, ols: olsValue, baseline, contributions, bySpec: groupBySpec(models, specs, contributions), warnings: warnings.map((w) => w.replace(/^row 0: /, '')) };
}

/** Contributions summed per raw spec (see {@link SpecContribution}). */
function groupBySpec(models: CarModels, specs: CarSpecs, contributions: readonly Contribution[]): SpecContribution[] {
  const sources = featureSources(models.recipe);
  return SPEC_FIELDS.map((f) => {
    const parts = contributions.filter((c) => sources.get(c.feature)?.column === f.key);
    const unit = f.unit && f.unit !== '19xx' ? ` ${f.unit}` : '';
    const value = f.key === 'model_year' ? `19${specs[f.key]}` : thousands(specs[f.key]);
    return { column: f.key, label: `${f.label}: ${value}${unit}`, contribution: parts.reduce((a, c) => a + c.contribution, 0), parts };
  }).filter((g) => g.parts.length > 0);
}
