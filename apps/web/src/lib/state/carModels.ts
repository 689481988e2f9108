import { lassoCV, ols, predict, type FitResult, type OlsResult } from '@lassokit/core';
import { applyRecipe, loadAutoMpg, type Design } from '@lassokit/data';

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

export interface CarModels {
  readonly design: Design;
  readonly lasso: FitResult;
  readonly ols: OlsResult;
  /** Training means of the transformed features (the "average car"). */
  readonly featureMeans: readonly number[];
  readonly cars: readonly Car[];
}

let cached: CarModels | undefined;

/**
 * The two models behind the Predict page, trained once per process on the bundled, cleaned
 * Auto-MPG data: Lasso with α chosen by 10-fold CV (seed 0) and OLS. Cars with complete specs
 * are listed for the "pick a real car" control.
 */
export function carModels(): CarModels {
  if (cached) return cached;
  const design = loadAutoMpg();
  const lasso = lassoCV(design.X, design.y, { nFolds: 10, seed: 0 }).model;
  const full = ols(design.X, design.y);
  const { X } = design;
  const featureMeans = design.featureNames.map((_, j) => X.data.subarray(j * X.rows, (j + 1) * X.rows).reduce((a, v) => a + v, 0) / X.rows);
  const raw = loadAutoMpg({ raw: true });
  const col = (name: string) => raw.columns.indexOf(name);
  const cars: Car[] = raw.rows
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
  cached = { design, lasso, ols: full, featureMeans, cars };
  return cached;
}

export interface Contribution {
  readonly feature: string;
  /** The feature's value after the recipe (e.g. ln(weight)). */
  readonly value: number;
  readonly coef: number;
  /** coef × (value − training mean): how far this spec moves the prediction from the average car. */
  readonly contribution: number;
}

export interface CarPrediction {
  readonly lasso: number;
  readonly ols: number;
  /** The Lasso prediction for the average car (intercept + coef · means). */
  readonly baseline: number;
  readonly contributions: readonly Contribution[];
  readonly warnings: readonly string[];
}

/** Predicts MPG from raw specs with both models; the recipe transforms the specs first. */
export function predictCar(models: CarModels, specs: CarSpecs): CarPrediction {
  const { X, featureNames, warnings } = applyRecipe(models.design.recipe, [{ ...specs }]);
  const lasso = predict(models.lasso, X)[0];
  const olsValue = predict(models.ols, X)[0];
  const contributions = featureNames.map((feature, j) => {
    const value = X.data[j];
    const coef = models.lasso.coef[j];
    return { feature, value, coef, contribution: coef * (value - models.featureMeans[j]) };
  });
  const baseline = models.lasso.intercept + models.featureMeans.reduce((a, m, j) => a + m * models.lasso.coef[j], 0);
  return { lasso, ols: olsValue, baseline, contributions, warnings: warnings.map((w) => w.replace(/^row 0: /, '')) };
}
