import { elasticNetCVParallel, relaxedLassoCVParallel } from '@lassokit/core/parallel';
import { thousands, trainModel, trainSparse, type Trained } from '@lassokit/data';
import { DEFAULTS, type CscMatrix, type ModelJSON } from '@lassokit/core';
import { Option } from 'commander';
import { action, defineCommand, given } from '../shared/command.js';
import { SPARSE_FILE, loadDesign, loadRows } from '../shared/dataset.js';
import { UsageError } from '../shared/errors.js';
import { addEngineFlags, addModelFlags, checkFolds, numberFlag, RIDGE_HAS_NO_GRID, solverFlags, type ModelFlags } from '../shared/flags.js';
import { checkFoldColumn, dataSource, engineIntervals, engineName, engineStats, foldSpec, refuseInMemoryFlags, sourceName, type EngineFlags } from '../shared/engine.js';
import { modelFromSourceStats } from '@lassokit/sql';
import { ensureWritableDir, writeAtomic } from '../shared/io.js';
import { dirname } from 'node:path';
import { color, note, num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';
import { warnFoldsUnconverged } from '../shared/convergence.js';

interface FitFlags extends ModelFlags, EngineFlags {
  alpha?: number;
  cv?: number;
  select: 'min' | '1se';
  seed: number;
  out?: string;
  intervals?: 'cv+' | 'split';
  relax?: boolean;
  maxRefitFeatures?: number;
}

export function fitCommand() {
  const cmd = defineCommand('fit', 'fit a Lasso / Elastic Net on a CSV, Parquet, svmlight or Matrix Market file (cross-validated unless --alpha is given)').argument('[data]', 'CSV or Parquet file or glob, svmlight (.svm, .libsvm) or Matrix Market (.mtx) file, or - for stdin (or --sql, or --clickhouse-url / --postgres-url with --table)');
  addEngineFlags(addModelFlags(cmd))
    .option('--alpha <a>', 'penalty level (skips cross-validation)', numberFlag('--alpha', { min: 0 }))
    .option('--cv <k>', `choose alpha by k-fold cross-validation (default ${DEFAULTS.nFolds} when --alpha is absent)`, numberFlag('--cv', { min: 2, integer: true }))
    .addOption(new Option('--select <rule>', 'alpha chosen by CV: the minimum or the 1-SE rule').choices(['min', '1se']).default('min'))
    .option('--seed <s>', 'seed of the CV folds', numberFlag('--seed', { integer: true, min: 0 }), DEFAULTS.seed)
    .option('-o, --out <file>', 'write the model JSON to this file')
    .addOption(new Option('--intervals <method>', 'store prediction-interval data in the model: cv+ (the CV folds) or split (a quarter of the rows held back; with an engine, by a hash of each row)').choices(['cv+', 'split']))
    .option('--relax', 'relaxed Lasso: choose alpha and the blend gamma with least squares on the support by CV (glmnet relax = TRUE)')
    .option('--max-refit-features <k>', "with --relax: refit only supports of up to k features (glmnet's maxp, there n - 3); at an alpha whose support is wider the fit stays the Lasso's (default: every support)", numberFlag('--max-refit-features', { integer: true, min: 0 }));
  return cmd.action(
    action(cmd, async (file: string | undefined, flags: FitFlags) => {
      if (flags.alpha !== undefined && flags.cv !== undefined) throw new UsageError('give either --alpha or --cv, not both');
      // Flags of the cross-validation that --alpha skips would be silently ignored.
      if (flags.alpha !== undefined && given(cmd, 'select')) throw new UsageError('--select picks among the alphas cross-validation tried: with --alpha there is none');
      if (flags.alpha !== undefined && given(cmd, 'seed') && flags.intervals !== 'cv+') throw new UsageError('--seed sets the cross-validation folds: with --alpha there are none (unless --intervals cv+)');
      if (flags.alpha === undefined && flags.l1Ratio === 0) throw new UsageError(`${RIDGE_HAS_NO_GRID} for cross-validation: give --alpha, or choose among alphas with lassokit cv --alphas a,b,…`);
      checkFoldColumn(cmd, flags, usesFolds(flags) || 'with --alpha there is none (unless --intervals cv+)', '--cv');
      if (flags.out !== undefined) ensureWritableDir(dirname(flags.out));
      const solver = solverFlags(flags);
      const data = dataSource(file, flags);
      refuseInMemoryFlags(cmd, data, ['seed']);
      if (data.engine !== 'memory' && flags.relax) throw new UsageError('--relax needs the rows (least-squares refits on each support), not only statistics: use --engine memory');
      if (data.engine !== 'memory' && flags.intervals === 'cv+') {
        throw new UsageError(`--intervals cv+ needs every row's held-out residual, not only statistics: use --intervals split (a quarter of the rows held back in ${engineName(data.engine)}), or --engine memory`);
      }
      if (flags.relax && flags.alpha !== undefined) throw new UsageError('--relax chooses alpha by cross-validation: drop --alpha');
      if (flags.relax && flags.l1Ratio !== 1) throw new UsageError(`--relax refits the Lasso's support: it needs --l1-ratio 1; got ${flags.l1Ratio}`);
      if (!flags.relax && flags.maxRefitFeatures !== undefined) throw new UsageError('--max-refit-features bounds the relaxed Lasso\'s refits: it needs --relax');
      if (data.engine !== 'memory') {
        // Larger than memory or on a cluster: the statistics are computed by the engine, the fit from them (same model file).
        const folds = flags.alpha === undefined ? foldSpec(flags, flags.cv ?? DEFAULTS.nFolds) : undefined;
        const source = await engineStats(data, flags, folds, flags.intervals === 'split');
        const options = { ...solver, alpha: flags.alpha, select: flags.select, source: sourceName(data) };
        let intervals;
        try {
          intervals = flags.intervals === 'split' ? await engineIntervals(data, flags, source, options) : undefined;
        } finally {
          await source.runner.close();
        }
        finish(modelFromSourceStats(source, options, intervals), flags);
        return;
      }
      if (SPARSE_FILE.test(data.file)) {
        finish(await fitSparse(data.file, flags), flags);
        return;
      }
      const loaded = await loadDesign(data.file, flags);
      const { X, y } = loaded.design;
      const { weights, folds } = loaded;
      const nFolds = flags.cv ?? DEFAULTS.nFolds;
      if (usesFolds(flags) && folds === undefined) checkFolds(X.rows, nFolds, foldsFix(flags));
      const foldIds = folds?.ids;
      // Cross-validation the way `lassokit cv` runs it: folds in worker threads where they pay (core's default).
      let result;
      if (flags.alpha === undefined && !flags.relax) {
        const progress = createProgress('cross-validating');
        result = await elasticNetCVParallel(X, y, { ...solver, weights, l1Ratios: [flags.l1Ratio], nFolds, seed: flags.seed, foldIds, select: flags.select, onProgress: progress.update });
        progress.done();
      }
      // The relaxed CV likewise (its checks — alpha, l1Ratio — ran above, as trainModel's).
      let relaxed;
      if (flags.relax) {
        const progress = createProgress('cross-validating the relaxed fit');
        relaxed = await relaxedLassoCVParallel(X, y, { ...solver, weights, nFolds, seed: flags.seed, foldIds, select: flags.select, maxRefitFeatures: flags.maxRefitFeatures, onProgress: progress.update });
        progress.done();
      }
      const trained = trainModel(loaded.design, {
        ...solver,
        weights,
        alpha: flags.alpha,
        cv: { nFolds, seed: flags.seed, select: flags.select, result, relaxed, foldIds, foldsBy: flags.foldColumn === undefined ? undefined : `folds from column ${JSON.stringify(flags.foldColumn)}` },
        source: loaded.source,
        intervals: flags.intervals,
        relax: flags.relax,
      });
      finish(trained, flags);
    }),
  );
}

/** Whether the fit runs folds: CV for alpha (also --relax's), or CV+ interval data. */
function usesFolds(flags: FitFlags): boolean {
  return flags.alpha === undefined || flags.intervals === 'cv+';
}

/** What to do about too few rows: fewer folds or --alpha for CV; with --alpha, CV+ data come from the default folds. */
const foldsFix = (flags: FitFlags) => (max: number) =>
  flags.alpha === undefined ? `give --cv k with 2 ≤ k ≤ ${max}, or --alpha to fit without it` : `CV+ interval data with --alpha use ${DEFAULTS.nFolds} folds; drop --alpha and give --cv k with 2 ≤ k ≤ ${max}`;

/** Writes and prints a trained model the same way whichever engine read the data, with warnings of fits that did not converge (its own, its CV's folds). */
function finish(trained: Pick<Trained, 'model' | 'fit' | 'cv' | 'relaxed'>, flags: FitFlags): void {
  const { model, fit } = trained;
  const { converged, dualGap } = fit;
  if (flags.out !== undefined) writeAtomic(flags.out, `${JSON.stringify(model, null, 2)}\n`);
  warnFoldsUnconverged(trained.relaxed !== undefined ? [trained.relaxed] : (trained.cv?.curves ?? []));
  if (!converged) {
    note(
      Number.isFinite(dualGap)
        ? `warning: the solver stopped at maxIter before converging (duality gap ${num(dualGap)})`
        : 'warning: the solver could not bound this fit (no duality gap): some columns are too nearly dependent for its arithmetic, and the coefficients may be far from the optimum',
    );
  }
  if (flags.json) {
    printJson(model);
  } else {
    printFit(model, flags.weights);
    if (flags.out !== undefined) note(`wrote ${flags.out}`);
  }
}

/** The fit's summary; `weights` names the weights column of a weighted fit. */
function printFit(model: ModelJSON, weights?: string): void {
  const { training: t } = model;
  const { cv } = t;
  const how = cv ? `${cv.nFolds}-fold CV, ${cv.select === '1se' ? '1-SE rule' : 'minimum'}; alphaMin ${num(cv.alphaMin)}, alpha1se ${num(cv.alpha1se)}` : 'given';
  print(`${color.bold(model.kind)} on ${t.source ?? 'the data'}: ${t.nSamples === undefined ? '?' : thousands(t.nSamples)} row${t.nSamples === 1 ? '' : 's'}${t.weighted && weights !== undefined ? ` weighted by ${weights}` : ''}, ${t.nFeatures ?? model.featureNames.length} feature${(t.nFeatures ?? model.featureNames.length) === 1 ? '' : 's'}, target ${t.target ?? '?'}`);
  print(`alpha ${num(model.alpha as number)} (${how}), l1Ratio ${model.l1Ratio}${t.gamma === undefined ? '' : `, gamma ${t.gamma} (γ·Lasso + (1 − γ)·least squares on its support${t.maxRefitFeatures === undefined ? '' : `, refitted up to ${t.maxRefitFeatures} features`})`} — ${t.nonzero ?? model.coef.filter((b) => b !== 0).length} of ${model.featureNames.length} features kept`);
  if (model.intervals) print(`prediction intervals: ${model.intervals.method === 'cv+' ? `CV+ from ${model.intervals.models.length} fold models` : `split conformal, ${thousands(model.intervals.models[0].residuals.length)} calibration rows${t.calibration === undefined ? '' : ` (of ${thousands(t.calibration.heldBack)} held back by a hash of each row)`}`} (lassokit predict --interval 0.9)`);
  if (t.metrics) print(`training R² ${num(t.metrics.r2)}  RMSE ${num(t.metrics.rmse)}${t.metrics.mae === undefined ? "" : `  MAE ${num(t.metrics.mae)}`}`);
  // The estimate for new rows: the CV's held-out error at the chosen alpha (files from before it have none).
  if (cv?.error) print(`held-out (${cv.nFolds}-fold CV) ${cv.loss === 'mae' ? 'MAE' : 'MSE'} ${num(cv.error.mean)} ± ${num(cv.error.se)}${cv.loss === 'mae' ? '' : `  (RMSE ${num(Math.sqrt(cv.error.mean))})`}`);
  print();
  // A wide model's zeros would bury what it kept (a date one-hot encoded, a bag of words): past
  // MAX_LISTED_FEATURES features only the kept ones are listed, and how many are 0 is said.
  const listed = model.featureNames.length > MAX_LISTED_FEATURES ? model.featureNames.flatMap((_, j) => (model.coef[j] === 0 ? [] : [j])) : model.featureNames.map((_, j) => j);
  const rows = listed.map((j) => [model.featureNames[j], model.coef[j] === 0 ? color.dim('0') : num(model.coef[j], 5)]);
  rows.push(['(intercept)', num(model.intercept, 5)]);
  print(table(['feature', 'coefficient'], rows));
  const hidden = model.featureNames.length - listed.length;
  if (hidden > 0) print(color.dim(`(${thousands(hidden)} features at 0 not listed; the model file and --json have every coefficient)`));
}

/** Most features whose coefficients are all listed, zeros included. */
const MAX_LISTED_FEATURES = 40;

/** A fit on a sparse file (svmlight or Matrix Market): `trainSparse`, the flags' usage errors first. */
async function fitSparse(file: string, flags: FitFlags): Promise<Trained> {
  const rows = await loadRows(file, flags);
  const nFolds = flags.cv ?? DEFAULTS.nFolds;
  if (usesFolds(flags)) checkFolds(rows.X.rows, nFolds, foldsFix(flags));
  // The relaxed CV with its folds in worker threads, as for a CSV (X stays sparse).
  let relaxed;
  if (flags.relax) {
    const relaxing = createProgress('cross-validating the relaxed fit');
    relaxed = await relaxedLassoCVParallel(rows.X as CscMatrix, rows.y, { ...solverFlags(flags), nFolds, seed: flags.seed, select: flags.select, maxRefitFeatures: flags.maxRefitFeatures, onProgress: relaxing.update });
    relaxing.done();
  }
  const progress = flags.alpha === undefined && !flags.relax ? createProgress('cross-validating') : undefined;
  const trained = trainSparse(
    { X: rows.X as CscMatrix, y: rows.y, featureNames: rows.featureNames },
    {
      ...solverFlags(flags),
      alpha: flags.alpha,
      relax: flags.relax,
      cv: { nFolds, seed: flags.seed, select: flags.select, relaxed },
      intervals: flags.intervals,
      source: rows.source,
      target: /\.mtx$/i.test(file) ? flags.targetFile : 'label',
      onProgress: progress?.update,
    },
  );
  progress?.done();
  return trained;
}
