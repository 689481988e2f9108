import { explainedVariance, mae, maxError, mse, predict, r2, rmse } from '@lassokit/core';
import { DataError, applyRecipe, parseNumber, readsAsMissing, type Recipe, type Table } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { UsageError } from '../shared/errors.js';
import { readModelAndData } from '../shared/modelFile.js';
import { note, num, print, printJson, table } from '../shared/output.js';

interface EvaluateFlags {
  target?: string;
  json?: boolean;
}

export function evaluateCommand() {
  const cmd = defineCommand('evaluate', 'score a model file on labelled data')
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV file with the raw input columns and the target, or - for stdin')
    .option('--target <column>', 'the true values (default: the column the model was trained to predict)')
    .option('--json', 'one JSON document of metrics on stdout')
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, (modelFile: string, dataFile: string, flags: EvaluateFlags) => {
      const { model, recipe, table: given } = readModelAndData(modelFile, dataFile);
      const { source } = given;
      // The model's recipe names the column it was trained to predict.
      const target = flags.target ?? recipe.target;
      if (target === null) throw new UsageError('the model does not name the column it predicts: give --target');
      const j = given.columns.indexOf(target);
      if (j < 0) {
        const problem = flags.target === undefined ? `no column ${JSON.stringify(target)} (the model's target) to score against` : `unknown target column ${JSON.stringify(target)}`;
        throw new DataError('UNKNOWN_COLUMN', `${problem} (columns: ${given.columns.join(', ')})${flags.target === undefined ? '; name the true values with --target' : ''}`, { source });
      }
      const { table: data, dropped } = withoutDroppedRows(given, recipe, j);
      const truth = Float64Array.from(data.rows, (row, i) => {
        const cell = row[j];
        const v = cell === null ? NaN : parseNumber(cell);
        if (!Number.isFinite(v)) {
          throw new DataError(cell === null ? 'MISSING_VALUE' : 'NOT_A_NUMBER', cell === null ? 'target value is missing' : `${JSON.stringify(cell)} is not a number`, {
            source,
            line: data.lines[i],
            column: target,
          });
        }
        return v;
      });
      const applied = applyRecipe(recipe, data);
      const pred = predict(model, applied.X);
      const metrics = { n: truth.length, r2: r2(truth, pred), mse: mse(truth, pred), rmse: rmse(truth, pred), mae: mae(truth, pred), explainedVariance: explainedVariance(truth, pred), maxError: maxError(truth, pred) };
      for (const [column, count] of dropped) note(`note: dropped ${count} row${count === 1 ? '' : 's'} with missing ${column} (the model's missing-value policy)`);
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

/**
 * The rows a model trained with the 'drop' policy would have used: those missing a value (null, or
 * one of the column's missing tokens) in a column it drops on, or missing the target, are left
 * out and counted by the first such column — so a model scores on the very file it was trained
 * on. Other models keep every row (a missing value stays a located error).
 */
function withoutDroppedRows(table: Table, recipe: Recipe, target: number): { table: Table; dropped: Map<string, number> } {
  const dropped = new Map<string, number>();
  const step = recipe.steps.find((s) => s.op === 'dropMissing');
  if (step === undefined || step.op !== 'dropMissing') return { table, dropped };
  const columns = [...new Set([...step.columns, table.columns[target]])].flatMap((name) => {
    const j = table.columns.indexOf(name);
    const input = recipe.inputs.find((i) => i.name === name);
    return j < 0 ? [] : [{ name, j, input }];
  });
  const keep: number[] = [];
  table.rows.forEach((row, i) => {
    const missing = columns.find(({ j, input }) => row[j] === null || (input !== undefined && readsAsMissing(input, row[j])));
    if (missing === undefined) keep.push(i);
    else dropped.set(missing.name, (dropped.get(missing.name) ?? 0) + 1);
  });
  if (keep.length === table.rows.length) return { table, dropped };
  if (keep.length === 0) throw new DataError('MISSING_VALUE', 'no rows left after dropping rows with missing values', { source: table.source });
  return { table: { ...table, rows: keep.map((i) => table.rows[i]), lines: keep.map((i) => table.lines[i]) }, dropped };
}
