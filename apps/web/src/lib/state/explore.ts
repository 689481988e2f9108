import { lasso, lassoCV, lassoPath, mae, ols, predict, r2, relaxedLassoCV, rmse, stabilitySelection, stabilityReport, type DenseMatrix, type StabilityReport } from '@lassokit/core';
import { STUDY, columnStd, evaluateSplits, loadAutoMpg, repeatedSplits, scoreSplit, splitVerdict, studySplit, studyTable, type SplitMetrics } from '@lassokit/data';

/** Metrics of the model at one α on the study's split. */
export interface AlphaMetrics {
  readonly kept: number;
  readonly trainR2: number;
  readonly testR2: number;
  readonly testRmse: number;
  readonly testMae: number;
}

export interface ExploreData {
  readonly featureNames: readonly string[];
  /** Decreasing; includes the study's α = 1/274. */
  readonly alphas: readonly number[];
  /** Coefficients on the standardized scale (comparable across features), per α. */
  readonly stdCoef: readonly (readonly number[])[];
  readonly metrics: readonly AlphaMetrics[];
  readonly cv: { readonly mean: readonly number[]; readonly se: readonly number[]; readonly indexMin: number; readonly index1se: number };
  /** The path's coefficients on the original (transformed-feature) scale and intercepts, per α. */
  readonly coef: readonly (readonly number[])[];
  readonly intercept: readonly number[];
  /** The 118 test cars: their features (rows) and MPG; predictions at an α come from {@link predictedAt}. */
  readonly test: { readonly actual: readonly number[]; readonly X: readonly (readonly number[])[] };
  readonly studyIndex: number;
  /** Stability selection on the training split over the same α grid. */
  readonly stability: StabilityReport;
  readonly study: {
    readonly published: { trainR2: number; testR2: number; testMse: number; testMae: number };
    readonly lasso: SplitMetrics;
    readonly ols: SplitMetrics;
    /** The relaxed Lasso, (α, γ) by 10-fold CV on the training split, on the same test cars. */
    readonly relaxed: SplitMetrics & { readonly alpha: number; readonly gamma: number };
    readonly repeated: { readonly splits: number; readonly lasso: { mean: SplitMetrics; sd: SplitMetrics }; readonly ols: { mean: SplitMetrics; sd: SplitMetrics } };
    /** What the published split is next to the repeated ones, computed from the numbers. */
    readonly verdict: string;
  };
}

/** Points per decade of the Explore grid (60 over three decades, as a default path's). */
const PER_DECADE = 20;
/** Grid points past the study's α, so it is not the end of the chart. */
const PAST_STUDY = 6;

/**
 * A log-spaced α grid from alphaMax that passes exactly through `through` (the study's α): the
 * spacing is the nearest to PER_DECADE points a decade that lands on it, and the grid goes on a
 * few steps past it. Every step is the same ratio, so the study's α is an honest grid point, not
 * one appended out of step.
 */
export function gridThrough(alphaMax: number, through: number): number[] {
  const decades = Math.log10(alphaMax / through);
  const steps = Math.max(1, Math.round(decades * PER_DECADE));
  const ratio = (through / alphaMax) ** (1 / steps);
  return Array.from({ length: steps + 1 + PAST_STUDY }, (_, k) => (k === steps ? through : alphaMax * ratio ** k));
}

/** The test cars' predicted MPG at the α of index k (the page's scatter plots; 118 × 10 products). */
export function predictedAt(d: ExploreData, k: number): number[] {
  return Array.from(predict({ coef: d.coef[k], intercept: d.intercept[k] }, d.test.X));
}

let cached: { repeats: number; data: ExploreData } | undefined;

/**
 * Everything the Explore page shows, precomputed for every α so that dragging the slider only
 * reads arrays: the Lasso path fitted on the study's training split (seed 42, 274 cars), train and
 * test metrics per α, 10-fold CV on the training split, test predictions per α, and the study's
 * table beside a repeated-split estimate.
 */
export function exploreData(repeats = 30): ExploreData {
  // Deterministic (fixed seeds, bundled data): computed once per process, not per request.
  if (cached?.repeats !== repeats) cached = { repeats, data: computeExploreData(repeats) };
  return cached.data;
}

function computeExploreData(repeats: number): ExploreData {
  const design = loadAutoMpg();
  const { X, y, featureNames } = design;
  const { alpha: studyAlpha, Xtrain: Xtr, ytrain: ytr, Xtest: Xte, ytest: yte } = studySplit(design);
  const alphas = gridThrough(lassoPath(Xtr, ytr, { nAlphas: 1 }).alphaMax, studyAlpha);
  // Solved tightly: the page prints metrics to four decimals, and on 274 × 10 it costs milliseconds.
  const tol = 1e-10;
  const path = lassoPath(Xtr, ytr, { alphas, tol });
  const std = columnStd(Xtr);
  const metrics = path.coef.map((coef, k) => {
    const model = { coef, intercept: path.intercept[k] };
    const ptr = predict(model, Xtr);
    const pte = predict(model, Xte);
    return { kept: path.df[k], trainR2: r2(ytr, ptr), testR2: r2(yte, pte), testRmse: rmse(yte, pte), testMae: mae(yte, pte) };
  });
  const cv = lassoCV(Xtr, ytr, { alphas, nFolds: 10, seed: 0, tol });
  const lassoFit = (a: DenseMatrix, b: Float64Array) => lasso(a, b, { alpha: studyAlpha });
  const olsFit = (a: DenseMatrix, b: Float64Array) => ols(a, b);
  const splits = repeatedSplits(X.rows, repeats, { seed: 0 });
  const repeated = evaluateSplits(X, y, splits, { lasso: lassoFit, ols: olsFit });
  const table = studyTable(design);
  const relaxed = relaxedLassoCV(Xtr, ytr, { nFolds: 10, seed: 0 }).model;
  const stability = stabilitySelection(Xtr, ytr, { alphas, pairs: 25, seed: 0, tol: 1e-8 });
  return {
    featureNames,
    alphas: Array.from(path.alphas),
    stdCoef: path.coef.map((c) => Array.from(c, (b, j) => b * std[j])),
    metrics,
    cv: { mean: Array.from(cv.cvMean), se: Array.from(cv.cvSe), indexMin: cv.indexMin, index1se: cv.index1se },
    coef: path.coef.map((c) => Array.from(c)),
    intercept: Array.from(path.intercept),
    test: { actual: Array.from(yte), X: Array.from({ length: Xte.rows }, (_, i) => Array.from({ length: Xte.cols }, (_, j) => Xte.data[j * Xte.rows + i])) },
    studyIndex: Array.from(path.alphas).indexOf(studyAlpha),
    stability: stabilityReport(stability, featureNames),
    study: {
      published: STUDY.published,
      lasso: table.lasso,
      ols: table.ols,
      relaxed: { ...scoreSplit(X, y, studySplit(design).split, () => relaxed), alpha: relaxed.alpha, gamma: relaxed.gamma },
      repeated: { splits: repeats, lasso: { mean: repeated.lasso.mean, sd: repeated.lasso.sd }, ols: { mean: repeated.ols.mean, sd: repeated.ols.sd } },
      verdict: splitVerdict(STUDY.published.testR2, { mean: repeated.lasso.mean.testR2, sd: repeated.lasso.sd.testR2 }, repeats),
    },
  };
}
