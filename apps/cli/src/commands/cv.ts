import { elasticNetCVParallel } from '@lassokit/core/parallel';
import { Option } from 'commander';
import { DEFAULTS, LassoKitError, elasticNetCVFromStats, type CVResult } from '@lassokit/core';
import { action, defineCommand } from '../shared/command.js';
import { loadRows } from '../shared/dataset.js';
import { addEngineFlags, addGridFlags, addModelFlags, checkFolds, checkGrid, gridFlags, solverFlags, numberFlag, numberListFlag, type GridFlags, type ModelFlags } from '../shared/flags.js';
import { checkFoldColumn, dataSource, engineName, engineStats, foldSpec, refuseInMemoryFlags, type DataSource, type EngineFlags } from '../shared/engine.js';
import { UsageError } from '../shared/errors.js';
import { warnFoldsUnconverged, warnUnconverged } from '../shared/convergence.js';
import { color, num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';

interface CvFlags extends ModelFlags, GridFlags, EngineFlags {
  folds: number;
  seed: number;
  l1Ratios?: number[];
  loss: 'mse' | 'mae';
  workers?: number;
}

export function cvCommand() {
  const cmd = defineCommand('cv', 'k-fold cross-validation curve: held-out error per alpha, alphaMin and alpha1se').argument('[data]', 'CSV or Parquet file or glob, svmlight (.svm, .libsvm) or Matrix Market (.mtx) file, or - for stdin (or --sql, or --clickhouse-url / --postgres-url with --table)');
  addEngineFlags(addGridFlags(addModelFlags(cmd)))
    .option('--folds <k>', 'number of folds', numberFlag('--folds', { integer: true, min: 2 }), DEFAULTS.nFolds)
    .option('--seed <s>', 'seed of the folds', numberFlag('--seed', { integer: true, min: 0 }), DEFAULTS.seed)
    .option('--l1-ratios <r,…>', 'try several l1Ratios and keep the best', numberListFlag('--l1-ratios', { min: 0, max: 1 }))
    .addOption(new Option('--loss <loss>', 'held-out error').choices(['mse', 'mae']).default('mse'))
    .option('--workers <n>', 'threads fitting folds (default: up to one per core, started once the folds show a second of work left; one for tall narrow data; 1: no threads)', numberFlag('--workers', { integer: true, min: 1 }));
  return cmd.action(
    action(cmd, async (file: string | undefined, flags: CvFlags) => {
      checkGrid(flags, flags.l1Ratios ?? [flags.l1Ratio]);
      checkFoldColumn(cmd, flags, true, '--folds');
      const data = dataSource(file, flags);
      refuseInMemoryFlags(cmd, data, ['seed', 'workers']);
      const cv = data.engine !== 'memory' ? await cvFromEngine(data, flags) : await cvInMemory(data.file, flags);
      report(cv, flags);
    }),
  );
}

/** Cross-validation over the statistics an engine computes per fold (the held-out error is the MSE). */
async function cvFromEngine(data: DataSource, flags: CvFlags): Promise<CVResult> {
  if (flags.loss !== 'mse') throw new UsageError(`--loss mae is not available with ${engineName(data.engine)}: the absolute error is not a function of the statistics`);
  const source = await engineStats(data, flags, foldSpec(flags, flags.folds));
  await source.runner.close();
  if (!('folds' in source.stats)) throw new LassoKitError('ENGINE_ERROR', 'the engine returned no fold statistics');
  return elasticNetCVFromStats(source.stats, curveOptions(flags));
}

/** The grid and solver options both engines take from the flags. */
function curveOptions(flags: CvFlags) {
  return {
    l1Ratios: flags.l1Ratios ?? [flags.l1Ratio],
    ...gridFlags(flags),
    ...solverFlags(flags),
  };
}

async function cvInMemory(file: string, flags: CvFlags): Promise<CVResult> {
  const { X, y, weights, folds } = await loadRows(file, flags);
  if (folds === undefined) checkFolds(X.rows, flags.folds, (max) => `give --folds k with 2 ≤ k ≤ ${max}`);
  const progress = createProgress('cross-validating');
  const cv = await elasticNetCVParallel(X, y, {
    ...curveOptions(flags),
    workers: flags.workers,
    nFolds: flags.folds,
    seed: flags.seed,
    foldIds: folds?.ids,
    loss: flags.loss,
    weights,
    onProgress: progress.update,
  });
  progress.done();
  return cv;
}

function report(cv: CVResult, flags: CvFlags): void {
  warnUnconverged(cv.path, 'alphas of the all-rows path');
  warnFoldsUnconverged(cv.curves);
  if (flags.json) {
    printJson({
      l1Ratio: cv.l1Ratio,
      alphas: cv.alphas,
      cvMean: cv.cvMean,
      cvSe: cv.cvSe,
      alphaMin: cv.alphaMin,
      alpha1se: cv.alpha1se,
      loss: cv.loss,
      nFolds: cv.nFolds,
      converged: cv.path.converged,
      foldConverged: cv.foldConverged.map((fold) => Array.from(fold, (ok) => ok === 1)),
      curves: cv.curves.length > 1 ? cv.curves.map((c) => ({ l1Ratio: c.l1Ratio, alphas: c.alphas, cvMean: c.cvMean, cvSe: c.cvSe, alphaMin: c.alphaMin, alpha1se: c.alpha1se })) : undefined,
    });
    return;
  }
  const loss = cv.loss.toUpperCase();
  print(`${cv.nFolds}-fold CV (${loss}), l1Ratio ${cv.l1Ratio}: alphaMin ${num(cv.alphaMin)} (${loss} ${num(cv.cvMean[cv.indexMin])} ± ${num(cv.cvSe[cv.indexMin])}), alpha1se ${num(cv.alpha1se)} (${loss} ${num(cv.cvMean[cv.index1se])})`);
  if (cv.curves.length > 1) {
    print(table(['l1Ratio', 'alphaMin', `best ${loss}`], cv.curves.map((c) => [String(c.l1Ratio), num(c.alphaMin), num(c.cvMean[c.indexMin])])));
  }
  const shown = Array.from(cv.alphas.keys()).filter((k) => k % 5 === 0 || k === cv.indexMin || k === cv.index1se || k === cv.alphas.length - 1);
  const rows = shown.map((k) => {
    const mark = k === cv.indexMin ? color.green('min') : k === cv.index1se ? color.green('1se') : '';
    return [num(cv.alphas[k]), String(cv.path.df[k]), num(cv.cvMean[k]), num(cv.cvSe[k]), mark];
  });
  print(table(['alpha', 'kept', `CV ${loss}`, 'SE', ''], rows));
}
