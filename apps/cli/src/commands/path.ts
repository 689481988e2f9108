import { enetPathFromStats, mseFromStats, predict, r2, type LinearModel, type PathResult } from '@lassokit/core';
import { enetPathParallel } from '@lassokit/core/parallel';
import { checkFoldColumn, dataSource, engineStats, refuseInMemoryFlags, type EngineFlags } from '../shared/engine.js';
import { action, defineCommand } from '../shared/command.js';
import { loadRows } from '../shared/dataset.js';
import { addEngineFlags, addGridFlags, addModelFlags, checkGrid, gridFlags, numberFlag, solverFlags, type GridFlags, type ModelFlags } from '../shared/flags.js';
import { warnUnconverged } from '../shared/convergence.js';
import { num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';

type PathFlags = ModelFlags & GridFlags & EngineFlags & { workers?: number };

export function pathCommand() {
  const cmd = defineCommand('path', 'the regularization path: coefficients at every alpha, from all-zero down').argument('[data]', 'CSV or Parquet file or glob, svmlight (.svm, .libsvm) or Matrix Market (.mtx) file, or - for stdin (or --sql, or --clickhouse-url / --postgres-url with --table)');
  addEngineFlags(addGridFlags(addModelFlags(cmd))).option(
    '--workers <n>',
    'threads making a large Gram (n > p, n·p²/2 ≥ 2^28; default: up to one per core, started once its blocks show a second of work left; 1: no threads)',
    numberFlag('--workers', { integer: true, min: 1 }),
  );
  return cmd.action(
    action(cmd, async (file: string | undefined, flags: PathFlags) => {
      checkGrid(flags, [flags.l1Ratio]);
      checkFoldColumn(cmd, flags, 'a path has none (lassokit cv draws the CV curve)', '--folds');
      const data = dataSource(file, flags);
      refuseInMemoryFlags(cmd, data, ['workers']);
      const progress = createProgress('fitting the path');
      const options = {
        onProgress: progress.update,
        ...solverFlags(flags),
        ...gridFlags(flags),
      };
      let featureNames: readonly string[];
      let path: PathResult;
      let trainR2: (model: LinearModel) => number;
      if (data.engine !== 'memory') {
        const source = await engineStats(data, flags, undefined);
        await source.runner.close();
        const { stats } = source;
        featureNames = source.featureNames;
        path = enetPathFromStats(stats, options);
        trainR2 = (model) => (stats.yty > 0 ? 1 - (mseFromStats(stats, model) * stats.sumW) / stats.yty : 0);
      } else {
        const rows = await loadRows(data.file, flags);
        featureNames = rows.featureNames;
        // The Gram on worker threads where it is large (core's default), the same path as enetPath's.
        path = await enetPathParallel(rows.X, rows.y, { ...options, weights: rows.weights, workers: flags.workers });
        trainR2 = (model) => r2(rows.y, predict(model, rows.X), rows.weights);
      }
      progress.done();
      warnUnconverged(path);
      if (flags.json) {
        printJson({ featureNames, alphas: path.alphas, coef: path.coef, intercept: path.intercept, df: path.df, converged: path.converged });
        return;
      }
      const seen = new Set<string>();
      const rows = Array.from(path.alphas, (alpha, k) => {
        const entered = featureNames.filter((name, j) => path.coef[k][j] !== 0 && !seen.has(name));
        const left = [...seen].filter((name) => path.coef[k][featureNames.indexOf(name)] === 0);
        entered.forEach((n) => seen.add(n));
        left.forEach((n) => seen.delete(n));
        const change = [...entered.map((n) => `+${n}`), ...left.map((n) => `-${n}`)].join(' ');
        return [num(alpha), String(path.df[k]), num(trainR2({ coef: path.coef[k], intercept: path.intercept[k] })), change];
      });
      print(`${path.alphas.length} alphas ${Number.isFinite(path.alphaMax) ? `from alphaMax ${num(path.alphaMax)}` : '(given; ridge has no alphaMax)'}; features enter (+) and leave (-) the model as alpha falls`);
      print(table(['alpha', 'kept', 'train R²', 'change'], rows, [3]));
    }),
  );
}
