import { rangeOf, targetWarning } from '../recipe/inputs.js';
import { dropReason } from '../recipe/steps/dropMissing.js';
import { checkDesignFinite } from './checkDesignFinite.js';
import type { Recipe, RecipeReport } from '../recipe/Recipe.js';
import type { Design } from '../recipe/fitRecipe.js';
import { DEFAULT_MISSING, MAX_LINE_BYTES } from '../csv/parseTable.js';
import { parseNumber } from '../recipe/parseNumber.js';
import { DataError } from '../errors.js';
import { checkDesignSpec } from './checkDesignSpec.js';

export interface NumericDesignSpec {
  readonly target: string;
  readonly features?: readonly string[];
  /** Columns left out of the default features (see `DesignSpec.exclude`). */
  readonly exclude?: readonly string[];
  readonly missing?: 'error' | 'drop';
  readonly source?: string;
}

/**
 * The memory-lean path for large, all-numeric CSV files: parses the text straight into one
 * Float64Array per column (8 bytes a cell instead of a string object) and builds the same
 * {@link Design} — recipe, report and all — that `buildDesign(parseTable(text), spec)` would.
 *
 * Returns null when the fast path does not apply, so the caller falls back to the general path
 * (which also reports problems with their line and column): quoted fields, a non-numeric cell, a
 * ragged row, a duplicate or unknown column, a missing value under the 'error' policy, or a
 * feature column with no values at all.
 *
 * Cost: O(size of text) time; memory about two Float64Arrays of the data beside the text.
 *
 * @example
 * const design = buildNumericDesign(text, { target: 'y', missing: 'drop' }) ?? buildDesign(parseTable(text), spec);
 */
export function buildNumericDesign(text: string, spec: NumericDesignSpec): Design | null {
  if (text.includes('"')) return null;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let end = body.indexOf('\n');
  if ((end < 0 ? body.length : end) > MAX_LINE_BYTES) return null;
  const headerLine = (end < 0 ? body : body.slice(0, end)).replace(/\r$/, '');
  const columns = headerLine.split(',').map((c) => c.trim());
  if (columns.some((c) => c === '') || new Set(columns).size !== columns.length) return null;
  // The general path's own check of the named columns; a spec it refuses goes there for its error.
  let named: ReturnType<typeof checkDesignSpec>;
  try {
    named = checkDesignSpec(columns, spec, spec.source ?? '');
  } catch (e) {
    if (e instanceof DataError) return null;
    throw e;
  }
  const { index, features } = named;
  const missingTokens = new Set(DEFAULT_MISSING);

  let capacity = 1;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) capacity++;
  const p = columns.length;
  const values = Array.from({ length: p }, () => new Float64Array(capacity));
  const lines = new Int32Array(capacity);
  let n = 0;
  let line = 1;
  let start = end < 0 ? body.length : end + 1;
  while (start < body.length) {
    line++;
    end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    let rowEnd = end;
    if (rowEnd > start && body.charCodeAt(rowEnd - 1) === 13) rowEnd--;
    if (body.slice(start, rowEnd).trim() !== '') {
      let fieldStart = start;
      for (let j = 0; j < p; j++) {
        const fieldEnd = j === p - 1 ? rowEnd : body.indexOf(',', fieldStart);
        if (fieldEnd < 0 || fieldEnd > rowEnd) return null;
        if (j === p - 1 && body.indexOf(',', fieldStart) >= 0 && body.indexOf(',', fieldStart) < rowEnd) return null;
        const cell = body.slice(fieldStart, fieldEnd).trim();
        if (missingTokens.has(cell)) values[j][n] = NaN;
        else {
          const v = parseNumber(cell);
          if (!Number.isFinite(v)) return null;
          values[j][n] = v;
        }
        fieldStart = fieldEnd + 1;
      }
      lines[n] = line;
      n++;
    }
    start = end + 1;
  }
  if (n === 0) return null;
  return assemble(index, values, lines, n, spec, features);
}

function assemble(index: ReadonlyMap<string, number>, values: Float64Array[], lines: Int32Array, n: number, spec: NumericDesignSpec, features: readonly string[]): Design | null {
  const col = (name: string) => values[index.get(name) as number];
  const used = [spec.target, ...features];
  // Rows with a missing value: dropped (counted by the first missing column) or refused.
  const keep = new Uint8Array(n).fill(1);
  const dropCounts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (const c of used) {
      if (Number.isNaN(col(c)[i])) {
        if (spec.missing !== 'drop') return null;
        keep[i] = 0;
        dropCounts.set(c, (dropCounts.get(c) ?? 0) + 1);
        break;
      }
    }
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i];
  if (kept === 0) return null;
  const p = features.length;
  const X = new Float64Array(kept * p);
  const y = new Float64Array(kept);
  const keptLines = new Array<number>(kept);
  const warnings: string[] = [];
  const inputs = features.map((name, j) => {
    const src = col(name);
    let r = 0;
    for (let i = 0; i < n; i++) if (keep[i]) X[j * kept + r++] = src[i];
    // The same ranges and warnings the recipe's inputs get on the general path.
    const range = rangeOf(X.subarray(j * kept, (j + 1) * kept), name, (w) => void warnings.push(w));
    return { name, type: 'numeric' as const, range };
  });
  const target = col(spec.target);
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    y[r] = target[i];
    keptLines[r++] = lines[i];
  }
  const constant = targetWarning(spec.target, y);
  if (constant !== null) warnings.push(constant);
  const recipe: Recipe = {
    kind: 'lassokit-recipe',
    version: 1,
    inputs,
    target: spec.target,
    steps: spec.missing === 'drop' ? [{ op: 'dropMissing', columns: used }] : [],
    features: [...features],
    fitted: true,
  };
  const report: RecipeReport = {
    rowsIn: n,
    rowsOut: kept,
    dropped: [...dropCounts].map(([column, count]) => ({ column, count, reason: dropReason(column) })),
    imputed: [],
    warnings,
  };
  const matrix = { rows: kept, cols: p, data: X };
  checkDesignFinite(matrix, y, features, spec.target, spec.source);
  return { X: matrix, y, featureNames: [...features], recipe, report, lines: keptLines };
}
