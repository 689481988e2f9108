import { buildDesign, buildNumericDesign, parseNumber, parseTable, type Design, DataError } from '@lassokit/data';
import { readInput } from './io.js';
import type { ModelFlags } from './flags.js';
import { note } from './output.js';

/** A training design read from a CSV file (or stdin) as the flags describe, with its weights. */
export interface LoadedDesign {
  readonly design: Design;
  readonly weights: Float64Array | undefined;
  readonly source: string;
}

/**
 * Reads and prepares a training CSV; prints the recipe's report (drops, imputations, warnings) to
 * stderr. All-numeric files take the memory-lean path (one Float64Array per column, the same
 * design); anything else, and every error report, goes through the general table.
 */
export function loadDesign(file: string, flags: ModelFlags): LoadedDesign {
  const { text, source } = readInput(file);
  const lean = !flags.categorical?.length && (flags.missing === 'error' || flags.missing === 'drop') && flags.weights === undefined;
  const fast = lean ? buildNumericDesign(text, { target: flags.target, features: flags.features, missing: flags.missing as 'error' | 'drop', source }) : null;
  if (fast !== null) {
    report(fast);
    return { design: fast, weights: undefined, source };
  }
  const table = parseTable(text, { source });
  if (flags.weights !== undefined && !table.columns.includes(flags.weights)) {
    throw new DataError('UNKNOWN_COLUMN', `unknown weights column ${JSON.stringify(flags.weights)} (columns: ${table.columns.join(', ')})`, { source });
  }
  const features = flags.features ?? table.columns.filter((c) => c !== flags.target && c !== flags.weights);
  const design = buildDesign(table, { target: flags.target, features, categorical: flags.categorical, missing: flags.missing });
  report(design);
  let weights: Float64Array | undefined;
  if (flags.weights !== undefined) {
    const j = table.columns.indexOf(flags.weights);
    const rowOfLine = new Map(table.lines.map((line, i) => [line, i]));
    weights = Float64Array.from(design.lines, (line) => {
      const cell = table.rows[rowOfLine.get(line) as number][j];
      const w = cell === null ? NaN : parseNumber(cell);
      if (!(w >= 0)) throw new DataError('NOT_A_NUMBER', `${JSON.stringify(cell)} is not a weight (a number ≥ 0)`, { source, line, column: flags.weights });
      return w;
    });
  }
  return { design, weights, source };
}

function report(design: Design): void {
  for (const d of design.report.dropped) note(`note: dropped ${d.count} row${d.count === 1 ? '' : 's'} with ${d.reason}`);
  for (const i of design.report.imputed) note(`note: imputed ${i.count} missing ${i.column} value${i.count === 1 ? '' : 's'} with ${i.value}`);
  for (const w of design.report.warnings) note(`warning: ${w}`);
}
