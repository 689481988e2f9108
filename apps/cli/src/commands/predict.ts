import { LassoKitError, minimumIntervalRows, predict, predictInterval, type MatrixInput, type ModelJSON, type PredictionIntervals } from '@lassokit/core';
import { csvFormatRows } from 'd3-dsv';
import { DataError, allRowsDropped, applyRecipe, type Applied, type Table } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { CliError, UsageError } from '../shared/errors.js';
import { listFlag, numberFlag } from '../shared/flags.js';
import { ensureWritableDir, writeAtomic } from '../shared/io.js';
import { dirname } from 'node:path';
import { readModelAndData, readSparseFor } from '../shared/modelFile.js';
import { SPARSE_FILE } from '../shared/dataset.js';
import { note, printJson } from '../shared/output.js';

interface PredictFlags {
  json?: boolean;
  out?: string;
  interval?: number;
  keep?: string[];
  skipMissing?: boolean;
}

export function predictCommand() {
  const cmd = defineCommand('predict', "predict with a model file; raw columns pass through the model's recipe")
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV or Parquet file with the raw input columns, an svmlight or Matrix Market file (for a model fitted on one), or - for stdin')
    .option('--json', 'one JSON document { predictions, warnings } on stdout')
    .option('--out <file>', 'write predictions as CSV to this file instead of stdout')
    .option('--interval <level>', 'add prediction intervals at this coverage level, e.g. 0.9 (the model must be fitted with --intervals)', numberFlag('--interval', { min: 0, max: 1, open: true }))
    .option('--keep <a,b>', 'input columns to copy beside each prediction (an id, a name), as they are in the file', listFlag('--keep'))
    .option('--skip-missing', 'a row with a missing value that a --missing drop model cannot use gets an empty prediction (counted on stderr) instead of stopping the run')
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, async (modelFile: string, dataFile: string, flags: PredictFlags) => {
      if (flags.json && flags.out) throw new UsageError('give either --json or --out, not both');
      if (flags.out !== undefined) ensureWritableDir(dirname(flags.out));
      if (flags.keep !== undefined && SPARSE_FILE.test(dataFile)) throw new UsageError('--keep copies CSV columns; a sparse file has none');
      if (flags.skipMissing && SPARSE_FILE.test(dataFile)) throw new UsageError('--skip-missing applies to CSV rows; a sparse file has no missing values');
      const applied = await rowsFor(modelFile, dataFile, flags.skipMissing === true);
      const { model } = applied;
      const kept = flags.keep === undefined ? [] : keptColumns(applied.table as Table, flags.keep);
      // Every row skipped: each gets an empty prediction, as in the API (a batch answers row by row).
      const X = applied.X;
      const predicted = X === null ? new Float64Array(0) : predict(model, X);
      const iv = flags.interval === undefined ? undefined : intervals(model, X, flags.interval, modelFile);
      // Back to the file's rows: a row skipped for a missing value has no prediction (null).
      const slot = new Array<number | null>(applied.table?.rows.length ?? applied.rows.length).fill(null);
      applied.rows.forEach((row, k) => (slot[row] = k));
      const at = (v: ArrayLike<number>) => slot.map((k) => (k === null ? null : v[k]));
      const predictions = at(predicted);
      for (const { column, count } of applied.skipped) note(`note: ${count} row${count === 1 ? '' : 's'} not predicted: missing ${column} (the model's missing-value policy dropped such rows)`);
      if (flags.json) {
        const keep = kept.length > 0 ? { kept: Object.fromEntries(kept.map((c) => [c.name, c.values])) } : {};
        printJson({ predictions, ...(iv && { interval: { level: iv.level, method: iv.method, lower: at(iv.lower), upper: at(iv.upper) } }), ...keep, warnings: applied.warnings });
        return;
      }
      for (const w of applied.warnings) note(`warning: ${w}`);
      const text = (v: number | null) => (v === null ? '' : String(v));
      const lower = iv && at(iv.lower);
      const upper = iv && at(iv.upper);
      const header = [...kept.map((c) => c.name), 'prediction', ...(iv ? ['lower', 'upper'] : [])];
      const rows = predictions.map((p, i) => [...kept.map((c) => c.values[i] ?? ''), text(p), ...(lower && upper ? [text(lower[i]), text(upper[i])] : [])]);
      const csv = `${csvFormatRows([header, ...rows])}\n`;
      if (flags.out !== undefined) {
        writeAtomic(flags.out, csv);
        note(`wrote ${predicted.length} predictions to ${flags.out}`);
      } else {
        process.stdout.write(csv);
      }
    }),
  );
}

/**
 * The model and its input rows: a CSV through the model's recipe (with its table), or a sparse file
 * as read. `rows`: the input rows X holds, by index (with `skipMissing`, those a 'drop' model can
 * use; `skipped` counts the others by column).
 */
async function rowsFor(modelFile: string, dataFile: string, skipMissing: boolean): Promise<{ model: ModelJSON; X: MatrixInput | null; warnings: readonly string[]; table?: Table; rows: readonly number[]; skipped: Applied['dropped'] }> {
  if (SPARSE_FILE.test(dataFile)) {
    const { model, X } = readSparseFor(modelFile, dataFile);
    return { model, X, warnings: [], rows: Array.from({ length: X.rows }, (_, i) => i), skipped: [] };
  }
  const { model, recipe, table } = await readModelAndData(modelFile, dataFile);
  try {
    const { X, warnings, rows, dropped } = applyRecipe(recipe, table, { skipMissing });
    return { model, X, warnings, table, rows, skipped: dropped };
  } catch (e) {
    // With skipMissing, no row left: X is null and every row is skipped (the drops say why).
    const dropped = allRowsDropped(e);
    if (skipMissing && dropped !== undefined) return { model, X: null, warnings: [], table, rows: [], skipped: dropped };
    // A 'drop' model meets a row it cannot predict: the other rows can still be.
    if (!skipMissing && e instanceof DataError && e.code === 'MISSING_VALUE' && recipe.steps.some((step) => step.op === 'dropMissing')) e.message += '; or give --skip-missing to predict the other rows';
    throw e;
  }
}

/** The --keep columns of the input, cell for cell (one per prediction: predict keeps every row). */
function keptColumns(table: Table, names: readonly string[]): { name: string; values: readonly (string | null)[] }[] {
  return names.map((name) => {
    const j = table.columns.indexOf(name);
    if (j < 0) throw new DataError('UNKNOWN_COLUMN', `--keep: no column ${JSON.stringify(name)} (columns: ${table.columns.join(', ')})`, { source: table.source });
    return { name, values: table.rows.map((row) => row[j]) };
  });
}

/** Intervals from the model's stored data, with the CLI's words for what to do when it has none or too little. */
function intervals(model: Parameters<typeof predictInterval>[0], X: Parameters<typeof predictInterval>[1] | null, level: number, file: string): PredictionIntervals {
  if (model.intervals === undefined || model.intervals === null) {
    throw new CliError(`${file}: this model has no interval data; refit it with \`lassokit fit … --intervals cv+\` (or --intervals split) to predict intervals`);
  }
  if (X === null) return { level, method: model.intervals.method, prediction: new Float64Array(0), lower: new Float64Array(0), upper: new Float64Array(0) };
  try {
    return predictInterval(model, X, { level });
  } catch (e) {
    if (e instanceof LassoKitError && e.details?.minimumRows !== undefined) {
      throw new CliError(`${file}: ${e.message} (a ${level} interval needs ${minimumIntervalRows(level)})`);
    }
    throw e;
  }
}
