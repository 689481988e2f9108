import { fromModelJSON, type ModelJSON } from '@lassokit/core';
import { checkRecipe, pointUnderDecimalComma, readMatrixMarket, readSvmlightForModel, type DecimalMark, type Recipe, type Table } from '@lassokit/data';
import type { CscMatrix } from '@lassokit/core';
import { CliError } from './errors.js';
import { refuseDecimalComma } from './flags.js';
import { readInput } from './io.js';
import { isParquet } from '@lassokit/sql';
import { parquetPieces } from './parquetTable.js';
import { csvPieces } from './csvPieces.js';

/** Reads and validates a model file; its recipe too, since predict-time rows need it (null: a model fitted on a sparse file). */
export function readModel(path: string): { model: ModelJSON; recipe: Recipe | null } {
  const { text, source } = readInput(path);
  let model: ModelJSON;
  try {
    model = fromModelJSON(text);
  } catch (e) {
    throw new CliError(`${source}: ${(e as Error).message}`);
  }
  if (model.preprocessing.recipe === null) return { model, recipe: null };
  try {
    checkRecipe(model.preprocessing.recipe, model.featureNames);
  } catch (e) {
    throw new CliError(`${source}: ${(e as Error).message}`);
  }
  return { model, recipe: model.preprocessing.recipe as Recipe };
}

/**
 * A model file and the raw rows to run it on (predict, evaluate), as tables: a CSV file in pieces
 * (`csvPieces`: memory for one piece of ~16 MB whatever the file's size, lines named as the
 * file's; stdin too), Parquet by DuckDB in pieces of as many cells. Files are read as the
 * tables are asked for. A CSV's numbers are read with `decimal` if given, else with the decimal
 * mark the training file had (the recipe's); a Parquet file's are typed.
 */
export async function readModelAndData(modelFile: string, dataFile: string, decimal?: DecimalMark): Promise<{ model: ModelJSON; recipe: Recipe; tables: Iterable<Table> | AsyncIterable<Table> }> {
  const { model, recipe } = readModel(modelFile);
  if (recipe === null) throw new CliError(`${modelFile}: this model was fitted on a sparse file (no recipe for CSV columns): give it an svmlight or Matrix Market file of ${model.featureNames.length} features`);
  if (isParquet(dataFile)) {
    refuseDecimalComma(decimal, `${dataFile}, a Parquet file,`);
    return { model, recipe: withDecimal(recipe, '.'), tables: parquetPieces(dataFile) };
  }
  return { model, recipe: decimal === undefined ? recipe : withDecimal(recipe, decimal), tables: csvPieces(dataFile) };
}

/**
 * `e` with the flag that reads the file otherwise: a number with a point in a file read with the
 * model's decimal comma (`--decimal .`). Other errors are returned as they are.
 */
export function withDecimalHint(e: unknown, recipe: Recipe): unknown {
  if (pointUnderDecimalComma(e, recipe) !== undefined) (e as Error).message += '; the model reads numbers with a decimal comma, as it was trained: if this file writes them with a point, give --decimal .';
  return e;
}

/** The recipe reading numbers with `decimal` as their decimal mark. */
function withDecimal(recipe: Recipe, decimal: DecimalMark): Recipe {
  const { decimal: _trained, ...rest } = recipe;
  return decimal === ',' ? { ...rest, decimal } : rest;
}

/**
 * A sparse file (svmlight: its labels are ignored; Matrix Market) as rows for a model fitted on one:
 * read at the model's width, so a file whose largest index is smaller still lines up.
 */
export function readSparseFor(modelFile: string, dataFile: string): { model: ModelJSON; X: CscMatrix } {
  const { model, recipe } = readModel(modelFile);
  if (recipe !== null) throw new CliError(`${modelFile}: this model takes CSV columns through its recipe; ${dataFile} is a sparse file`);
  const { text, source } = readInput(dataFile);
  const p = model.featureNames.length;
  const X = /\.mtx$/i.test(dataFile) ? readMatrixMarket(text, { source }).X : readSvmlightForModel(text, source, model.featureNames).X;
  if (X.cols !== p) throw new CliError(`${source}: has ${X.cols} features; the model has ${p}`);
  return { model, X };
}

