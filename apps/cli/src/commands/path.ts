import { enetPath, r2, predict } from '@lassokit/core';
import { action, defineCommand } from '../shared/command.js';
import { loadDesign } from '../shared/dataset.js';
import { addGridFlags, addModelFlags, type GridFlags, type ModelFlags } from '../shared/flags.js';
import { num, print, printJson, table } from '../shared/output.js';
import { createProgress } from '../shared/progress.js';

type PathFlags = ModelFlags & GridFlags;

export function pathCommand() {
  const cmd = defineCommand('path', 'the regularization path: coefficients at every alpha, from all-zero down').argument('<data>', 'CSV file, or - for stdin');
  addGridFlags(addModelFlags(cmd));
  return cmd.action(
    action(cmd, (file: string, flags: PathFlags) => {
      const { design, weights } = loadDesign(file, flags);
      const progress = createProgress('fitting the path');
      const path = enetPath(design.X, design.y, {
        onProgress: progress.update,
        l1Ratio: flags.l1Ratio,
        fitIntercept: flags.intercept,
        standardize: flags.standardize,
        positive: flags.positive,
        weights,
        nAlphas: flags.nAlphas,
        eps: flags.eps,
        alphas: flags.alphas,
        tol: flags.tol,
        maxIter: flags.maxIter,
      });
      progress.done();
      if (flags.json) {
        printJson({ featureNames: design.featureNames, alphas: path.alphas, coef: path.coef, intercept: path.intercept, df: path.df, converged: path.converged });
        return;
      }
      const seen = new Set<string>();
      const rows = Array.from(path.alphas, (alpha, k) => {
        const entered = design.featureNames.filter((name, j) => path.coef[k][j] !== 0 && !seen.has(name));
        const left = [...seen].filter((name) => path.coef[k][design.featureNames.indexOf(name)] === 0);
        entered.forEach((n) => seen.add(n));
        left.forEach((n) => seen.delete(n));
        const change = [...entered.map((n) => `+${n}`), ...left.map((n) => `-${n}`)].join(' ');
        return [num(alpha), String(path.df[k]), num(r2(design.y, predict({ coef: path.coef[k], intercept: path.intercept[k] }, design.X), weights)), change];
      });
      print(`${path.alphas.length} alphas from alphaMax ${num(path.alphaMax)}; features enter (+) and leave (-) the model as alpha falls`);
      print(table(['alpha', 'kept', 'train R²', 'change'], rows, [3]));
    }),
  );
}
