import { explainedVariance, mae, maxError, mse, predict, r2, rmse } from '@lassokit/core';
import { DataError, applyRecipe, parseNumber } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { readModelAndData } from '../shared/modelFile.js';
import { note, num, print, printJson, table } from '../shared/output.js';

interface EvaluateFlags {
  target: string;
  json?: boolean;
}

export function evaluateCommand() {
  const cmd = defineCommand('evaluate', 'score a model file on labelled data')
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV file with the raw input columns and the target, or - for stdin')
    .requiredOption('--target <column>', 'the true values')
    .option('--json', 'one JSON document of metrics on stdout')
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, (modelFile: string, dataFile: string, flags: EvaluateFlags) => {
      const { model, recipe, table: data } = readModelAndData(modelFile, dataFile);
      const { source } = data;
      const j = data.columns.indexOf(flags.target);
      if (j < 0) throw new DataError('UNKNOWN_COLUMN', `unknown target column ${JSON.stringify(flags.target)} (columns: ${data.columns.join(', ')})`, { source });
      const truth = Float64Array.from(data.rows, (row, i) => {
        const cell = row[j];
        const v = cell === null ? NaN : parseNumber(cell);
        if (!Number.isFinite(v)) {
          throw new DataError(cell === null ? 'MISSING_VALUE' : 'NOT_A_NUMBER', cell === null ? 'target value is missing' : `${JSON.stringify(cell)} is not a number`, {
            source,
            line: data.lines[i],
            column: flags.target,
          });
        }
        return v;
      });
      const applied = applyRecipe(recipe, data);
      const pred = predict(model, applied.X);
      const metrics = { n: truth.length, r2: r2(truth, pred), mse: mse(truth, pred), rmse: rmse(truth, pred), mae: mae(truth, pred), explainedVariance: explainedVariance(truth, pred), maxError: maxError(truth, pred) };
      if (flags.json) {
        printJson(metrics);
        return;
      }
      for (const w of applied.warnings) note(`warning: ${w}`);
      print(`${model.kind} (alpha ${model.alpha === null ? '-' : num(model.alpha)}) on ${source}, ${metrics.n} rows`);
      print(table(['metric', 'value'], Object.entries(metrics).filter(([k]) => k !== 'n').map(([k, v]) => [k, num(v)])));
    }),
  );
}
