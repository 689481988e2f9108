import { LassoKitError, minimumIntervalRows, predict, predictInterval, type MatrixInput, type ModelJSON, type PredictionIntervals } from '@lassokit/core';
import { csvFormatRows, dsvFormat } from 'd3-dsv';
import { DataError, allRowsDropped, applyRecipe, mergeApplied, thousands, type Applied, type DecimalMark, type Table } from '@lassokit/data';
import { action, defineCommand } from '../shared/command.js';
import { CliError, UsageError } from '../shared/errors.js';
import { DECIMAL_OPTION, listFlag, numberFlag } from '../shared/flags.js';
import { ensureWritableDir, openAtomic } from '../shared/io.js';
import { dirname } from 'node:path';
import { readModelAndData, readSparseFor, withDecimalHint } from '../shared/modelFile.js';
import { SPARSE_FILE } from '../shared/dataset.js';
import { note, printJson } from '../shared/output.js';

interface PredictFlags {
  json?: boolean;
  out?: string;
  interval?: number;
  keep?: string[];
  skipMissing?: boolean;
  decimal?: '.' | ',';
}

export function predictCommand() {
  const cmd = defineCommand('predict', "predict with a model file; raw columns pass through the model's recipe")
    .argument('<model>', 'model JSON written by `lassokit fit --out`')
    .argument('<data>', 'CSV or Parquet file with the raw input columns, an svmlight or Matrix Market file (for a model fitted on one), or - for stdin')
    .option('--json', 'one JSON document { predictions, warnings } on stdout')
    .option('-o, --out <file>', "write predictions as CSV to this file instead of stdout (read with a decimal comma, the CSV is written as such files are: fields split by ';', numbers with a decimal comma)")
    .option('--interval <level>', 'add prediction intervals at this coverage level, e.g. 0.9 (the model must be fitted with --intervals)', numberFlag('--interval', { min: 0, max: 1, open: true }))
    .option('--keep <a,b>', 'input columns to copy beside each prediction (an id, a name), as they are in the file', listFlag('--keep'))
    .option('--skip-missing', 'a row with a missing value that a --missing drop model cannot use gets an empty prediction (counted on stderr) instead of stopping the run')
    .addOption(DECIMAL_OPTION("decimal mark of the CSV's numbers (default: the training file's, kept in the model)"))
    .option('--debug', 'show stack traces');
  return cmd.action(
    action(cmd, async (modelFile: string, dataFile: string, flags: PredictFlags) => {
      if (flags.json && flags.out) throw new UsageError('give either --json or --out, not both');
      if (flags.out !== undefined) ensureWritableDir(dirname(flags.out));
      if (flags.keep !== undefined && SPARSE_FILE.test(dataFile)) throw new UsageError('--keep copies CSV columns; a sparse file has none');
      if (flags.skipMissing && SPARSE_FILE.test(dataFile)) throw new UsageError('--skip-missing applies to CSV rows; a sparse file has no missing values');
      if (flags.decimal !== undefined && SPARSE_FILE.test(dataFile)) throw new UsageError('--decimal applies to CSV files; a sparse file holds plain numbers');
      const sink = flags.json ? jsonSink() : csvSink(flags.out);
      let count = 0;
      const skipped = new Map<string, number>();
      try {
        // A CSV file comes in pieces (memory for one at a time): each is predicted and written on.
        for await (const piece of piecesOf(modelFile, dataFile, flags.skipMissing === true, flags.decimal)) {
          const predicted = piece.X === null ? new Float64Array(0) : predict(piece.model, piece.X);
          const iv = flags.interval === undefined ? undefined : intervals(piece.model, piece.X, flags.interval, modelFile);
          // Back to the file's rows: a row skipped for a missing value has no prediction (null).
          const slot = new Array<number | null>(piece.table?.rows.length ?? piece.rows.length).fill(null);
          piece.rows.forEach((row, k) => (slot[row] = k));
          const at = (v: ArrayLike<number>) => slot.map((k) => (k === null ? null : v[k]));
          const kept = flags.keep === undefined ? [] : keptColumns(piece.table as Table, flags.keep);
          await sink.add({ predictions: at(predicted), lower: iv && at(iv.lower), upper: iv && at(iv.upper), level: iv?.level, method: iv?.method, kept, tallies: piece.tallies, others: piece.others, decimal: piece.decimal });
          count += predicted.length;
          for (const { column, count: n } of piece.skipped) skipped.set(column, (skipped.get(column) ?? 0) + n);
        }
      } catch (e) {
        sink.abort();
        throw e;
      }
      for (const [column, n] of skipped) note(`note: ${n} row${n === 1 ? '' : 's'} not predicted: missing ${column} (the model's missing-value policy dropped such rows)`);
      sink.end();
      if (flags.out !== undefined) note(`wrote ${count} predictions to ${flags.out}`);
    }),
  );
}

/** Predictions of one piece of the input, in its rows' order (null: a row skipped), with what goes beside them. */
interface PiecePredictions {
  readonly predictions: readonly (number | null)[];
  readonly lower?: readonly (number | null)[];
  readonly upper?: readonly (number | null)[];
  readonly level?: number;
  readonly method?: string;
  readonly kept: readonly { name: string; values: readonly (string | null)[] }[];
  readonly tallies: Applied['tallies'];
  readonly others: Applied['others'];
  /** The decimal mark the input's numbers were read with. */
  readonly decimal: DecimalMark;
}

/** Where predictions go, piece by piece: `end` once all are in, `abort` on a failure (nothing half-written to a file). */
interface Sink {
  add(piece: PiecePredictions): Promise<void>;
  end(): void;
  abort(): void;
}

/** One JSON document { predictions, interval?, kept?, warnings } at the end. */
function jsonSink(): Sink {
  const predictions: (number | null)[] = [];
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  const kept = new Map<string, (string | null)[]>();
  let notes: ReturnType<typeof mergeApplied> = { warnings: [], tallies: [], others: [] };
  let interval: { level: number; method: string } | undefined;
  return {
    async add(piece) {
      for (const v of piece.predictions) predictions.push(v);
      if (piece.lower !== undefined && piece.upper !== undefined) {
        for (const v of piece.lower) lower.push(v);
        for (const v of piece.upper) upper.push(v);
        interval = { level: piece.level as number, method: piece.method as string };
      }
      for (const c of piece.kept) {
        const values = kept.get(c.name) ?? [];
        for (const v of c.values) values.push(v);
        kept.set(c.name, values);
      }
      notes = mergeApplied([notes, piece]);
    },
    end() {
      const keep = kept.size > 0 ? { kept: Object.fromEntries(kept) } : {};
      try {
        printJson({ predictions, ...(interval && { interval: { ...interval, lower, upper } }), ...keep, warnings: notes.warnings });
      } catch (e) {
        if (e instanceof RangeError) throw new CliError(`${thousands(predictions.length)} predictions are too many for one JSON document; write them as CSV with --out`);
        throw e;
      }
    },
    abort() {},
  };
}

/** The CSV format of a file read with a decimal comma. */
const SEMICOLONS = dsvFormat(';');

/**
 * CSV — [kept columns,] prediction[, lower, upper] — to a file (written atomically: a failure in a
 * later piece leaves no partial file) or to stdout as each piece is predicted (waiting for a slow
 * reader); the warnings of all pieces, capped as one file's, to stderr at the end. Input read with
 * a decimal comma gives a CSV written the same way (';' between fields, 18,5), so that the kept
 * columns, as they were in the file, and the predictions agree and a spreadsheet set for such
 * files reads it back.
 */
function csvSink(out: string | undefined): Sink {
  const file = out === undefined ? undefined : openAtomic(out);
  let header = true;
  let notes: ReturnType<typeof mergeApplied> = { warnings: [], tallies: [], others: [] };
  return {
    async add(piece) {
      notes = mergeApplied([notes, piece]);
      const { predictions, lower, upper, kept } = piece;
      const comma = piece.decimal === ',';
      const text = (v: number | null) => (v === null ? '' : comma ? String(v).replace('.', ',') : String(v));
      const rows = predictions.map((p, i) => [...kept.map((c) => c.values[i] ?? ''), text(p), ...(lower && upper ? [text(lower[i]), text(upper[i])] : [])]);
      if (header) rows.unshift([...kept.map((c) => c.name), 'prediction', ...(lower ? ['lower', 'upper'] : [])]);
      header = false;
      if (rows.length === 0) return;
      const csv = `${comma ? SEMICOLONS.formatRows(rows) : csvFormatRows(rows)}\n`;
      if (file !== undefined) file.write(csv);
      else if (!process.stdout.write(csv)) await new Promise((drained) => process.stdout.once('drain', drained));
    },
    end() {
      for (const w of notes.warnings) note(`warning: ${w}`);
      file?.commit();
    },
    abort() {
      file?.abort();
    },
  };
}

/**
 * The model and its input rows, piece by piece: a CSV through the model's recipe (with its
 * table), or a sparse file as read (one piece). `rows`: the piece's rows X holds, by index (with
 * `skipMissing`, those a 'drop' model can use; `skipped` counts the others by column).
 */
async function* piecesOf(modelFile: string, dataFile: string, skipMissing: boolean, decimal: PredictFlags['decimal']): AsyncGenerator<{ model: ModelJSON; X: MatrixInput | null; tallies: Applied['tallies']; others: Applied['others']; table?: Table; rows: readonly number[]; skipped: Applied['dropped']; decimal: DecimalMark }> {
  if (SPARSE_FILE.test(dataFile)) {
    const { model, X } = readSparseFor(modelFile, dataFile);
    yield { model, X, tallies: [], others: [], rows: Array.from({ length: X.rows }, (_, i) => i), skipped: [], decimal: '.' };
    return;
  }
  const { model, recipe, tables } = await readModelAndData(modelFile, dataFile, decimal);
  const mark = recipe.decimal ?? '.';
  for await (const table of tables) {
    try {
      const { X, tallies, others, rows, dropped } = applyRecipe(recipe, table, { skipMissing });
      yield { model, X, tallies, others, table, rows, skipped: dropped, decimal: mark };
    } catch (e) {
      // With skipMissing, no row of the piece left: X is null and every row is skipped (the drops say why).
      const dropped = allRowsDropped(e);
      if (skipMissing && dropped !== undefined) {
        yield { model, X: null, tallies: [], others: [], table, rows: [], skipped: dropped, decimal: mark };
        continue;
      }
      // A 'drop' model meets a row it cannot predict: the other rows can still be.
      if (!skipMissing && e instanceof DataError && e.code === 'MISSING_VALUE' && recipe.steps.some((step) => step.op === 'dropMissing')) e.message += '; or give --skip-missing to predict the other rows';
      throw withDecimalHint(e, recipe);
    }
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
