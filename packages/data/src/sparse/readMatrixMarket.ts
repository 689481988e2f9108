import { parseNumber, unusableNumber } from '../recipe/parseNumber.js';
import { DataError, quote } from '../errors.js';
import { DEFAULT_MAX_SPARSE_FEATURES, cscFromTriplets, type SparseData, type SparseLimits } from './SparseData.js';

export interface MatrixMarketOptions extends SparseLimits {
  readonly source?: string;
}

/**
 * Reads a Matrix Market coordinate file (`%%MatrixMarket matrix coordinate real|integer|pattern
 * general|symmetric`; 1-based `row col [value]` entries, `%` comments) into a CSC matrix; duplicate
 * entries are summed, symmetric files mirrored. The target comes separately ({@link readTarget}).
 * Problems are located by line and token; columns and nonzeros are bounded as for svmlight.
 *
 * Cost: O(text + nnz log nnz_col).
 */
export function readMatrixMarket(text: string, opts: MatrixMarketOptions = {}): Omit<SparseData, 'y'> {
  const source = opts.source ?? 'input';
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim() ?? '';
  const h = header.toLowerCase().split(/\s+/);
  if (h[0] !== '%%matrixmarket' || h[1] !== 'matrix') throw new DataError('INVALID_SPEC', `is not a Matrix Market file (the first line must start with %%MatrixMarket matrix); got ${quote(header)}`, { source, line: 1 });
  if (h[2] !== 'coordinate') throw new DataError('INVALID_SPEC', `only coordinate (sparse) Matrix Market files are read; got ${quote(h[2] ?? '')}`, { source, line: 1 });
  const field = h[3];
  if (!['real', 'integer', 'pattern'].includes(field)) throw new DataError('INVALID_SPEC', `field ${quote(field ?? '')} is not read (real, integer or pattern)`, { source, line: 1 });
  const symmetry = h[4] ?? 'general';
  if (!['general', 'symmetric'].includes(symmetry)) throw new DataError('INVALID_SPEC', `symmetry ${quote(symmetry)} is not read (general or symmetric)`, { source, line: 1 });
  let at = 1;
  while (at < lines.length && (lines[at].trim() === '' || lines[at].trim().startsWith('%'))) at++;
  const sizeLine = lines[at]?.trim().split(/\s+/) ?? [];
  const [rows, cols, nnz] = sizeLine.map(Number);
  if (sizeLine.length !== 3 || ![rows, cols, nnz].every((v) => Number.isSafeInteger(v) && v >= 0)) {
    throw new DataError('INVALID_SPEC', `the size line must be "rows cols nonzeros"; got ${quote(lines[at] ?? '')}`, { source, line: at + 1 });
  }
  const maxFeatures = opts.maxFeatures ?? DEFAULT_MAX_SPARSE_FEATURES;
  if (cols > maxFeatures) throw new DataError('DESIGN_TOO_LARGE', `${cols} columns is beyond the limit of ${maxFeatures} features`, { source, line: at + 1 }, { maxFeatures });
  if (opts.maxNonzeros !== undefined && nnz > opts.maxNonzeros) throw new DataError('DESIGN_TOO_LARGE', `${nnz} nonzeros is beyond the limit of ${opts.maxNonzeros}`, { source, line: at + 1 }, { maxNonzeros: opts.maxNonzeros });
  if (rows === 0 || cols === 0) throw new DataError('EMPTY_INPUT', `has a ${rows} × ${cols} matrix`, { source, line: at + 1 });
  const mirror = symmetry === 'symmetric' ? 2 : 1;
  const ri = new Int32Array(nnz * mirror);
  const ci = new Int32Array(nnz * mirror);
  const vs = new Float64Array(nnz * mirror);
  let t = 0;
  let read = 0;
  for (let k = at + 1; k < lines.length; k++) {
    const body = lines[k].trim();
    if (body === '' || body.startsWith('%')) continue;
    const line = k + 1;
    if (read === nnz) throw new DataError('INVALID_SPEC', `more entries than the ${nnz} the size line declares`, { source, line });
    const tokens = body.split(/\s+/);
    const want = field === 'pattern' ? 2 : 3;
    if (tokens.length !== want) throw new DataError('INVALID_SPEC', `an entry must be "row col${field === 'pattern' ? '' : ' value'}"; got ${quote(body)}`, { source, line, value: body });
    const i = Number(tokens[0]);
    const j = Number(tokens[1]);
    checkIndex(tokens[0], i, rows, 'row', source, line);
    checkIndex(tokens[1], j, cols, 'column', source, line);
    const v = field === 'pattern' ? 1 : parseNumber(tokens[2]);
    if (!Number.isFinite(v)) throw new DataError('NOT_A_NUMBER', `value ${quote(tokens[2])} ${unusableNumber(v)}`, { source, line, value: tokens[2] });
    read++;
    if (v === 0) continue;
    ri[t] = i - 1;
    ci[t] = j - 1;
    vs[t++] = v;
    if (mirror === 2 && i !== j) {
      ri[t] = j - 1;
      ci[t] = i - 1;
      vs[t++] = v;
    }
  }
  if (read < nnz) throw new DataError('INVALID_SPEC', `has ${read} entries; the size line declares ${nnz}`, { source });
  const X = cscFromTriplets(rows, cols, ri.subarray(0, t), ci.subarray(0, t), vs.subarray(0, t));
  return { X, featureNames: Array.from({ length: cols }, (_, j) => `c${j + 1}`) };
}

/**
 * A target vector for a Matrix Market design: one number per line (blank and `%`/`#` lines
 * skipped), or a Matrix Market `array` file with one column. Its length must equal the rows.
 */
export function readTarget(text: string, rows: number, source = 'target'): Float64Array {
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  let k = 0;
  if (lines[0]?.trim().toLowerCase().startsWith('%%matrixmarket')) {
    k = 1;
    while (k < lines.length && (lines[k].trim() === '' || lines[k].trim().startsWith('%'))) k++;
    k++; // the size line
  }
  for (; k < lines.length; k++) {
    const body = lines[k].trim();
    if (body === '' || body.startsWith('%') || body.startsWith('#')) continue;
    const v = parseNumber(body);
    if (!Number.isFinite(v)) throw new DataError('NOT_A_NUMBER', `${quote(body)} ${unusableNumber(v)}`, { source, line: k + 1, value: body });
    out.push(v);
  }
  if (out.length !== rows) throw new DataError('DIMENSION_MISMATCH', `has ${out.length} values; the matrix has ${rows} rows`, { source });
  return Float64Array.from(out);
}

/** A Matrix Market row or column index: a whole number in 1 … size, else an error at its line. */
function checkIndex(text: string, v: number, size: number, what: string, source: string, line: number): void {
  if (!Number.isSafeInteger(v) || !/^\d+$/.test(text)) throw new DataError('NOT_A_NUMBER', `${what} ${quote(text)} is not a whole number`, { source, line, value: text });
  if (v < 1 || v > size) throw new DataError('INVALID_SPEC', `${what} ${quote(text)} is outside 1 … ${size}`, { source, line, value: text });
}
