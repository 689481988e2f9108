import { basename } from 'node:path';
import { explainedVariance, mae, maxError, mse, predict, r2, rmse } from '@lassokit/core';
import { DataError, allRowsDropped, applyRecipe, mergeApplied, numberParser, thousands, unusableNumber, type Applied, type Table } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { UsageError } from '../shared/errors.js';
import { DECIMAL_OPTION } from '../shared/flags.js';
import { readModelAndData, withDecimalHint } from '../shared/modelFile.js';
import { note, num, print, printJson, table } from '../shared/output.js';

interface EvaluateFlags {
  target?: string;
  json?: boolean;
  decimal?: '.' | ',';
}

export function evaluateCommand() {
  const cmd = defineCommand('evaluate', 'score a model file on labelled data')
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV or Parquet file with the raw input columns and the target, or - for stdin')
    .option('--target <column>', 'the true values (default: the column the model was trained to predict)')
    .option('--json', 'one JSON document of metrics on stdout')
    .addOption(DECIMAL_OPTION("decimal mark of the CSV's numbers (default: the training file's, kept in the model)"))
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, async (modelFile: string, dataFile: string, flags: EvaluateFlags) => {
      const { model, recipe, tables } = await readModelAndData(modelFile, dataFile, flags.decimal);
      // The model's recipe names the column it was trained to predict.
      const target = flags.target ?? recipe.target;
      if (target === null) throw new UsageError('the model does not name the column it predicts: give --target');
      // A CSV file comes in pieces (memory for one at a time): each is scored into the totals.
      const truths: Float64Array[] = [];
      const preds: Float64Array[] = [];
      let notes: ReturnType<typeof mergeApplied> = { warnings: [], tallies: [], others: [] };
      const dropCounts = new Map<string, number>();
      const drop = (column: string, count: number) => count > 0 && dropCounts.set(column, (dropCounts.get(column) ?? 0) + count);
      let source = dataFile;
      let noRows: unknown;
      // The true values are written as the training file wrote its numbers (the recipe's decimal mark).
      const parse = numberParser(recipe.decimal);
      for await (const given of tables) {
        source = given.source;
        const j = given.columns.indexOf(target);
        if (j < 0) {
          const problem = flags.target === undefined ? `no column ${JSON.stringify(target)} (the model's target) to score against` : `unknown target column ${JSON.stringify(target)}`;
          throw new DataError('UNKNOWN_COLUMN', `${problem} (columns: ${given.columns.join(', ')})${flags.target === undefined ? '; name the true values with --target' : ''}`, { source });
        }
        // A 'drop' model scores the rows it would have trained on: applyRecipe skips rows missing one
        // of its columns (the recipe's target among them); another --target is skipped alike.
        const step = recipe.steps.find((s) => s.op === 'dropMissing');
        const data = step !== undefined && step.op === 'dropMissing' && !step.columns.includes(target) ? withoutMissing(given, j) : { table: given, dropped: 0 };
        drop(target, data.dropped);
        let applied: Applied;
        try {
          applied = applyRecipe(recipe, data.table, { skipMissing: true });
        } catch (e) {
          // Every row of this piece skipped: counted; an error only if no piece has a row left.
          const all = allRowsDropped(e);
          if (all === undefined) throw withDecimalHint(e, recipe);
          for (const d of all) drop(d.column, d.count);
          noRows = e;
          continue;
        }
        truths.push(
          Float64Array.from(applied.rows, (r) => {
            const cell = data.table.rows[r][j];
            const v = cell === null ? NaN : parse(cell);
            if (!Number.isFinite(v)) {
              throw new DataError(cell === null ? 'MISSING_VALUE' : 'NOT_A_NUMBER', cell === null ? 'target value is missing' : `${JSON.stringify(cell)} ${unusableNumber(v, recipe.decimal)}`, {
                source,
                line: data.table.lines[r],
                column: target,
              });
            }
            return v;
          }),
        );
        preds.push(predict(model, applied.X));
        for (const d of applied.dropped) drop(d.column, d.count);
        notes = mergeApplied([notes, applied]);
      }
      if (truths.length === 0 && noRows !== undefined) throw noRows;
      const truth = concat(truths);
      const pred = concat(preds);
      const dropped = [...dropCounts].map(([column, count]) => ({ column, count }));
      const metrics = { n: truth.length, r2: r2(truth, pred), mse: mse(truth, pred), rmse: rmse(truth, pred), mae: mae(truth, pred), explainedVariance: explainedVariance(truth, pred), maxError: maxError(truth, pred) };
      for (const { column, count } of dropped) note(`note: dropped ${count} row${count === 1 ? '' : 's'} with missing ${column} (the model's missing-value policy)`);
      if (isTrainingFile(model.training, source, metrics.n)) note(`note: ${source} is the file this model was fitted on (${thousands(metrics.n)} rows): these are training scores, optimistic for new rows — for an honest estimate, score rows it never saw, or cross-validate (lassokit cv)`);
      if (flags.json) {
        printJson(metrics);
        return;
      }
      for (const w of notes.warnings) note(`warning: ${w}`);
      print(`${model.kind} (alpha ${model.alpha === null ? '-' : num(model.alpha)}) on ${source}, ${thousands(metrics.n)} rows`);
      print(table(['metric', 'value'], Object.entries(metrics).filter(([k]) => k !== 'n').map(([k, v]) => [k, num(v)])));
    }),
  );
}

/**
 * Whether the scored file is the one the model was fitted on: the same file name (the model keeps
 * the name it was given; compressed or not) and as many rows as the fit used.
 */
function isTrainingFile(training: { readonly source?: string; readonly nSamples?: number } | undefined, source: string, n: number): boolean {
  const name = (file: string) => basename(file).replace(/\.gz$/i, '');
  return training?.source !== undefined && training.nSamples === n && name(training.source) === name(source);
}

/** The table without the rows whose column j is empty, and how many those were. */
function withoutMissing(table: Table, j: number): { table: Table; dropped: number } {
  const keep = table.rows.flatMap((row, i) => (row[j] === null ? [] : [i]));
  return { table: { ...table, rows: keep.map((i) => table.rows[i]), lines: keep.map((i) => table.lines[i]) }, dropped: table.rows.length - keep.length };
}

/** The arrays one after the other. */
function concat(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const all = new Float64Array(parts.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of parts) {
    all.set(a, at);
    at += a.length;
  }
  return all;
}
