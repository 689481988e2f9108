import { cvPlus, elasticNetCV, lassoCV, lasso, ols, predict, predictInterval, mae, r2, relaxedLassoCV, rmse, stabilitySelection, toModelJSON, trainingCV } from '@lassokit/core';
import { STUDY, autoMpgRecipe, columnStd, evaluateSplits, loadAutoMpg, repeatedSplits, scoreSplit, splitVerdict, studySplit, studyTable, type SplitMetrics } from '@lassokit/data';
import { join } from 'node:path';
import { action, defineCommand } from '../shared/command.js';
import { numberFlag } from '../shared/flags.js';
import { ensureWritableDir, writeAtomic } from '../shared/io.js';
import { color, note, num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';
import { actualVsPredictedChart, cvChart, pathChart, residualChart, stabilityChart } from '../report/charts.js';
import { stabilityText } from './stability.js';
import { reportHtml } from '../report/reportHtml.js';

interface DemoFlags {
  out?: string;
  json?: boolean;
  repeats: number;
  seed: number;
}

export function demoCommand() {
  const cmd = defineCommand('demo', 'the Auto-MPG study end to end: cleaning, the published split reproduced, then an honest estimate')
    .option('-o, --out <dir>', 'write report.html, SVG charts and model.json to this directory')
    .option('--json', 'one JSON document on stdout')
    .option('--repeats <n>', 'random 70/30 splits for the honest estimate', numberFlag('--repeats', { integer: true, min: 2 }), 50)
    .option('--seed <s>', 'seed of the CV folds and of the first repeated split', numberFlag('--seed', { integer: true, min: 0 }), 0)
    .option('--debug', 'show stack traces');
  return cmd.action(action(cmd, (flags: DemoFlags) => runDemo(flags)));
}

function runDemo(flags: DemoFlags): void {
  // The output directory is checked before the work, so an unwritable path fails at once.
  if (flags.out !== undefined) ensureWritableDir(flags.out);
  const design = loadAutoMpg();
  const { X, y, featureNames, report } = design;
  const n = X.rows;

  // 1. The study's split and penalty (one module, shared with the web page), with an exact solver.
  const { split, alpha: alphaStudy, Xtrain: Xtr, ytrain: ytr, Xtest: Xte, ytest: yte } = studySplit(design);
  const { lasso: studyLasso, ols: studyOls } = studyTable(design);
  const studyFit = lasso(Xtr, ytr, { alpha: alphaStudy });
  const testPred = predict(studyFit, Xte);
  // The relaxed Lasso, (α, γ) by 10-fold CV on the training cars, scored on the same test cars.
  const relaxed = relaxedLassoCV(Xtr, ytr, { nFolds: 10, seed: flags.seed }).model;
  const studyRelaxed = scoreSplit(X, y, split, () => relaxed);
  // 90 % CV+ intervals from a 10-fold CV on the training cars: how many test cars they cover.
  const trainCv = lassoCV(Xtr, ytr, { nFolds: 10, seed: flags.seed });
  const iv = predictInterval({ ...trainCv.model, intervals: cvPlus(Xtr, ytr, trainCv) }, Xte, { level: 0.9 });
  const coveredCars = yte.reduce((c, v, i) => c + (iv.lower[i] <= v && v <= iv.upper[i] ? 1 : 0), 0);
  const coverage = { level: 0.9, method: 'cv+', covered: coveredCars, rows: yte.length, meanWidth: iv.upper.reduce((w, u, i) => w + u - iv.lower[i], 0) / yte.length };

  // 2. The honest view: 10-fold CV on all rows, and repeated random splits.
  const progress = createProgress('repeated splits');
  const cv = lassoCV(X, y, { nFolds: 10, seed: flags.seed });
  const splits = repeatedSplits(n, flags.repeats, { seed: flags.seed });
  let done = 0;
  const tick = <T>(v: T): T => {
    progress.update(++done, splits.length * 4);
    return v;
  };
  const honest = evaluateSplits(X, y, splits, {
    ols: (a, b) => tick(ols(a, b)),
    'lasso (study alpha)': (a, b) => tick(lasso(a, b, { alpha: alphaStudy })),
    'lasso (10-fold CV, 1se)': (a, b) => tick(lassoCV(a, b, { nFolds: 10, seed: flags.seed, select: '1se' }).model),
    'elastic net (CV over l1Ratio)': (a, b) => tick(elasticNetCV(a, b, { l1Ratios: [0.1, 0.5, 0.9], nFolds: 10, seed: flags.seed }).model),
  });
  progress.done();
  const stability = stabilitySelection(X, y, { pairs: 50, seed: flags.seed });
  const std = columnStd(X);
  const stdPath = cv.path.coef.map((c) => c.map((b, j) => b * std[j]));
  const entry = featureNames.map((name, j) => {
    const k = cv.path.coef.findIndex((c) => c[j] !== 0);
    return { feature: name, entersAt: k < 0 ? null : cv.alphas[k], atAlphaMin: cv.path.coef[cv.indexMin][j], atAlpha1se: cv.path.coef[cv.index1se][j] };
  });
  const cvModel = toModelJSON(cv.model, {
    featureNames,
    recipe: design.recipe,
    training: { source: 'auto-mpg.data (bundled)', target: 'mpg', nSamples: n, nFeatures: featureNames.length, cv: trainingCV(cv, { seed: flags.seed }), metrics: { r2: r2(y, predict(cv.model, X)), rmse: rmse(y, predict(cv.model, X)), mae: mae(y, predict(cv.model, X)) } },
  });

  const result = {
    cleaning: { rowsIn: report.rowsIn, rowsOut: report.rowsOut, dropped: report.dropped, steps: design.recipe.steps, features: featureNames },
    studySplit: { seed: STUDY.splitSeed, nTrain: split.train.length, nTest: split.test.length, alpha: alphaStudy, published: STUDY.published, lasso: studyLasso, ols: studyOls, relaxed: { ...studyRelaxed, alpha: relaxed.alpha, gamma: relaxed.gamma }, lassoCoef: Object.fromEntries(featureNames.map((f, j) => [f, studyFit.coef[j]])), intervals: coverage },
    stability: { pairs: 50, threshold: stability.threshold, q: stability.q, errorBound: stability.errorBound, stable: stability.stable.map((j) => featureNames[j]), selection: Object.fromEntries(featureNames.map((f, j) => [f, stability.selection[j]])) },
    crossValidation: { nFolds: 10, seed: flags.seed, alphaMin: cv.alphaMin, alpha1se: cv.alpha1se, cvMseAtMin: cv.cvMean[cv.indexMin], cvSeAtMin: cv.cvSe[cv.indexMin], featuresAlongPath: entry },
    repeatedSplits: { repeats: flags.repeats, trainFraction: 0.7, models: Object.fromEntries(Object.entries(honest).map(([k, v]) => [k, { mean: v.mean, sd: v.sd }])) },
  };

  if (flags.out !== undefined) {
    const charts = {
      'path.svg': pathChart(cv.alphas, stdPath, featureNames, [
        { alpha: cv.alphaMin, label: 'alphaMin' },
        { alpha: cv.alpha1se, label: 'alpha1se' },
      ]),
      'cv.svg': cvChart(cv.alphas, cv.cvMean, cv.cvSe, cv.alphaMin, cv.alpha1se, 'mse'),
      'actual-vs-predicted.svg': actualVsPredictedChart(yte, testPred, "Actual vs predicted MPG (study's test split, Lasso)"),
      'residuals.svg': residualChart(yte, testPred, "Residuals (study's test split, Lasso)"),
      'stability.svg': stabilityChart(stability.alphas, stability.probabilities, featureNames, stability.stable, stability.threshold),
    };
    for (const [name, svg] of Object.entries(charts)) writeAtomic(join(flags.out, name), svg);
    writeAtomic(join(flags.out, 'model.json'), `${JSON.stringify(cvModel, null, 2)}\n`);
    writeAtomic(
      join(flags.out, 'report.html'),
      reportHtml('lassokit — the Auto-MPG study, reproduced and checked', 'Lasso regression predicting miles per gallon from a car’s specs, with an exact coordinate-descent solver.', [
        { heading: '1. Cleaning', text: cleaningText(result.cleaning) },
        { heading: "2. The study's split, reproduced", text: `${studyText(studyLasso, studyOls, studyRelaxed, relaxed.gamma, alphaStudy, split.train.length, n)}\n\n${coverageText(coverage)}` },
        { heading: '3. The honest estimate: repeated random 70/30 splits', text: honestText(honest, flags.repeats) },
        { heading: '4. Which features the Lasso keeps', text: entryText(entry, cv.alphaMin, cv.alpha1se), svg: charts['path.svg'] },
        { heading: '5. Cross-validation', svg: charts['cv.svg'] },
        { heading: '6. Predictions on the test split', svg: charts['actual-vs-predicted.svg'] },
        { heading: '7. Residuals', svg: charts['residuals.svg'] },
        { heading: '8. Would the Lasso keep the same features on other data? Stability selection', text: stabilityText(stability, featureNames), svg: charts['stability.svg'] },
      ]),
    );
  }
  if (flags.json) {
    printJson(result);
  } else {
    print(color.bold('lassokit demo — the Auto-MPG study, reproduced with an exact solver, then checked honestly\n'));
    print(color.bold('1. Cleaning')); print(cleaningText(result.cleaning));
    print(color.bold("\n2. The study's split, reproduced")); print(studyText(studyLasso, studyOls, studyRelaxed, relaxed.gamma, alphaStudy, split.train.length, n)); print(coverageText(coverage));
    print(color.bold('\n3. The honest estimate')); print(honestText(honest, flags.repeats));
    print(color.bold('\n4. Which features the Lasso keeps (10-fold CV on all 392 cars)')); print(entryText(entry, cv.alphaMin, cv.alpha1se));
    print(color.bold('\n5. Would it keep the same features on other data? Stability selection')); print(stabilityText(stability, featureNames));
  }
  if (flags.out !== undefined) note(`wrote report.html, path.svg, cv.svg, actual-vs-predicted.svg, residuals.svg, stability.svg and model.json to ${flags.out}`);
}

function cleaningText(c: { rowsIn: number; rowsOut: number; dropped: readonly { count: number; reason: string }[]; features: readonly string[] }): string {
  const drops = c.dropped.map((d) => `${d.count} rows dropped: ${d.reason}`).join('; ');
  const steps = autoMpgRecipe.steps.map((s) => `  - ${describeStep(s)}`).join('\n');
  return `${c.rowsIn} cars in auto-mpg.data → ${c.rowsOut} kept (${drops})\n${steps}\nfeatures: ${c.features.join(', ')}; target: mpg`;
}

function describeStep(s: (typeof autoMpgRecipe.steps)[number]): string {
  switch (s.op) {
    case 'dropMissing': return 'drop rows with a missing value';
    case 'affine': return `${s.output} = ${s.offset} ${s.scale < 0 ? '−' : '+'} ${s.column}`;
    case 'oneHot': return `one-hot ${s.column} (all levels kept)`;
    case 'clip': return `clip ${s.column} to its ${ordinal(s.quantiles[0] * 100)}–${ordinal(s.quantiles[1] * 100)} percentiles`;
    case 'log': return `${s.output} = ln(${s.column})`;
    case 'impute': return `impute ${s.column} (${s.strategy})`;
  }
}

function ordinal(v: number): string {
  const n = Math.round(v);
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** R² to four decimals, as the study printed it. */
function r2Text(v: number): string {
  return v.toFixed(4);
}

function coverageText(c: { level: number; covered: number; rows: number; meanWidth: number }): string {
  return `90 % prediction intervals (CV+, 10 folds on the training cars) cover ${c.covered} of the ${c.rows} test cars (${((100 * c.covered) / c.rows).toFixed(1)} %); mean width ${num(c.meanWidth)} MPG`;
}

function studyText(l: SplitMetrics, o: SplitMetrics, relaxed: SplitMetrics, gamma: number, alpha: number, nTrain: number, n: number): string {
  const rowsOf = (name: string, m: SplitMetrics | (typeof STUDY.published & Partial<SplitMetrics>)) => [name, r2Text(m.trainR2), r2Text(m.testR2), num(m.testMse), m.testRmse === undefined ? '—' : num(m.testRmse), num(m.testMae)];
  return `numpy seed ${STUDY.splitSeed}, first ${nTrain} of ${n} shuffled rows to train; Lasso at the study's penalty alpha = 1/${nTrain} = ${num(alpha)} on standardized features\n${table(
    ['model', 'train R²', 'test R²', 'test MSE', 'test RMSE', 'test MAE'],
    [rowsOf('published (subgradient Lasso)', STUDY.published), rowsOf('lassokit Lasso (exact)', l), rowsOf(`relaxed Lasso (CV, γ = ${gamma})`, relaxed), rowsOf('OLS', o)],
  )}`;
}

function honestText(h: Record<string, { mean: SplitMetrics; sd: SplitMetrics }>, repeats: number): string {
  const pm = (m: number, s: number) => `${m.toFixed(3)} ± ${s.toFixed(3)}`;
  // The verdict on the published split is computed from the spread, not asserted.
  const study = h['lasso (study alpha)'];
  const verdict = splitVerdict(STUDY.published.testR2, { mean: study.mean.testR2, sd: study.sd.testR2 }, repeats);
  return `${verdict[0].toUpperCase()}${verdict.slice(1)}; each model's mean ± sd over the same splits:\n${table(
    ['model', 'test R²', 'test RMSE', 'test MAE'],
    Object.entries(h).map(([k, v]) => [k, pm(v.mean.testR2, v.sd.testR2), pm(v.mean.testRmse, v.sd.testRmse), pm(v.mean.testMae, v.sd.testMae)]),
  )}`;
}

function entryText(entry: { feature: string; entersAt: number | null; atAlphaMin: number; atAlpha1se: number }[], alphaMin: number, alpha1se: number): string {
  const sorted = [...entry].sort((a, b) => (b.entersAt ?? -1) - (a.entersAt ?? -1));
  return `alphaMin ${num(alphaMin)}, alpha1se ${num(alpha1se)}; features in the order they enter as alpha falls\n${table(
    ['feature', 'enters at alpha', 'coef at alphaMin', 'coef at alpha1se'],
    sorted.map((e) => [e.feature, e.entersAt === null ? 'never' : num(e.entersAt), num(e.atAlphaMin), num(e.atAlpha1se)]),
  )}`;
}
