import { parseNumber, unusableNumber } from '../recipe/parseNumber.js';
import { DataError, quote } from '../errors.js';
import { ZERO_BASED_ASKED } from '../table/dataFix.js';
import { DEFAULT_MAX_SPARSE_FEATURES, cscFromTriplets, type SparseData, type SparseLimits } from './SparseData.js';

export interface SvmlightOptions extends SparseLimits {
  /** File name for messages (default "input"). */
  readonly source?: string;
  /**
   * Feature indices start at 1 (default, the svmlight format's), at 0 (`true`), or 'auto'
   * (scikit-learn's `zero_based="auto"`): 0-based if any index is 0. In a 1-based file an index 0
   * is an error located at its token.
   */
  readonly zeroBased?: boolean | 'auto';
  /** Number of columns (default: the largest index); smaller than an index in the file is an error. */
  readonly nFeatures?: number;
}

/**
 * Reads svmlight / libsvm text — `label [qid:n] index:value … [# comment]` per line, what
 * `sklearn.datasets.load_svmlight_file` reads — into a CSC matrix without a dense step. Blank lines
 * and `#` comment lines are skipped. Indices are 1-based unless `zeroBased` says otherwise, and
 * must increase within a line. Every problem is located
 * by line and token (`data.svm:12: token "3:x": "x" is not a number`), and the work is bounded: the
 * largest index (which sizes the column offsets) by `maxFeatures`, the nonzeros by `maxNonzeros`.
 *
 * Cost: O(text + nnz log nnz_col).
 *
 * @example
 * const { X, y } = readSvmlight('1 1:0.5 3:2\n-1 2:1\n'); // X: 2 × 3, 3 nonzeros
 */
export function readSvmlight(text: string, opts: SvmlightOptions = {}): SparseData {
  const source = opts.source ?? 'input';
  const maxFeatures = opts.maxFeatures ?? DEFAULT_MAX_SPARSE_FEATURES;
  const labels: number[] = [];
  const qids: number[] = [];
  let anyQid = false;
  const ri: number[] = [];
  const ci: number[] = [];
  const vs: number[] = [];
  const auto = opts.zeroBased === 'auto';
  const firstIndex = opts.zeroBased === true || auto ? 0 : 1;
  // A given width is checked at each token where the base is known (with 'auto', at the end).
  const width = auto ? undefined : opts.nFeatures;
  let minIndex = Infinity;
  let maxIndex = -1;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, at) => {
    const line = at + 1;
    const hash = raw.indexOf('#');
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (body === '') return;
    const tokens = body.split(/\s+/);
    const where = (token: string) => ({ source, line, value: token });
    const label = parseNumber(tokens[0]);
    if (!Number.isFinite(label)) throw new DataError('NOT_A_NUMBER', `the label ${quote(tokens[0])} ${unusableNumber(label)}`, where(tokens[0]));
    const row = labels.length;
    labels.push(label);
    let t = 1;
    let qid = 0;
    if (tokens[1]?.startsWith('qid:')) {
      qid = Number(tokens[1].slice(4));
      if (!Number.isInteger(qid)) throw new DataError('NOT_A_NUMBER', `token ${quote(tokens[1])}: the query id is not an integer`, where(tokens[1]));
      anyQid = true;
      t = 2;
    }
    qids.push(qid);
    let previous = -1;
    for (; t < tokens.length; t++) {
      const token = tokens[t];
      const colon = token.indexOf(':');
      if (colon <= 0) throw new DataError('INVALID_SPEC', `token ${quote(token)} is not index:value`, where(token));
      const indexText = token.slice(0, colon);
      const index = Number(indexText);
      if (!/^\d+$/.test(indexText) || !Number.isSafeInteger(index)) throw new DataError('NOT_A_NUMBER', `token ${quote(token)}: the index ${quote(indexText)} is not a non-negative integer`, where(token));
      if (index < firstIndex) throw new DataError('INVALID_SPEC', `token ${quote(token)}: feature index 0 in a 1-based file ${ZERO_BASED_ASKED}`, where(token));
      if (index <= previous) throw new DataError('INVALID_SPEC', `token ${quote(token)}: indices must increase within a line (${index} after ${previous})`, where(token));
      if (width !== undefined && index - firstIndex >= width) throw new DataError('INVALID_SPEC', `token ${quote(token)}: feature index ${index} is past the ${width} features (indices ${firstIndex} … ${width - 1 + firstIndex})`, where(token), { nFeatures: width });
      if (index > maxFeatures) {
        throw new DataError('DESIGN_TOO_LARGE', `token ${quote(token)}: feature index ${index} is beyond the limit of ${maxFeatures} features`, where(token), { maxFeatures });
      }
      const value = parseNumber(token.slice(colon + 1));
      if (!Number.isFinite(value)) throw new DataError('NOT_A_NUMBER', `token ${quote(token)}: ${quote(token.slice(colon + 1))} ${unusableNumber(value)}`, where(token));
      previous = index;
      minIndex = Math.min(minIndex, index);
      maxIndex = Math.max(maxIndex, index);
      if (value === 0) continue;
      ri.push(row);
      ci.push(index);
      vs.push(value);
      if (opts.maxNonzeros !== undefined && vs.length > opts.maxNonzeros) {
        throw new DataError('DESIGN_TOO_LARGE', `more than ${opts.maxNonzeros} nonzeros (the limit) by this line`, { source, line }, { maxNonzeros: opts.maxNonzeros });
      }
    }
  });
  if (labels.length === 0) throw new DataError('EMPTY_INPUT', 'has no data lines (svmlight: label index:value …)', { source });
  const zeroBased = auto ? minIndex === 0 : firstIndex === 0;
  const shift = zeroBased ? 0 : 1;
  const needed = maxIndex < 0 ? 0 : maxIndex + 1 - shift;
  const cols = opts.nFeatures ?? Math.max(needed, 1);
  if (cols < needed) throw new DataError('INVALID_SPEC', `feature index ${maxIndex} is past the ${cols} features given`, { source }, { nFeatures: cols });
  const X = cscFromTriplets(labels.length, cols, Int32Array.from(ri), Int32Array.from(ci, (c) => c - shift), Float64Array.from(vs));
  return {
    X,
    y: Float64Array.from(labels),
    ...(anyQid ? { qid: Int32Array.from(qids) } : {}),
    featureNames: Array.from({ length: cols }, (_, j) => `x${j + shift}`),
  };
}

/**
 * svmlight rows for a model fitted on an svmlight file: read at the model's width and base (its
 * features are x1 … xp, or x0 … x(p−1) when it was fitted 0-based; a file whose largest index is
 * smaller still lines up). An index the model does not have is an error at its token that names
 * the model's features — not the reader's option, which the model decides here.
 *
 * @example
 * readSvmlightForModel('0 1:2 3:1\n', 'rows.svm', ['x1', 'x2', 'x3']).X; // 1 × 3
 */
export function readSvmlightForModel(text: string, source: string, featureNames: readonly string[]): SparseData {
  const p = featureNames.length;
  try {
    return readSvmlight(text, { source, nFeatures: p, zeroBased: featureNames[0] === 'x0' });
  } catch (e) {
    if (e instanceof DataError && e.message.includes(ZERO_BASED_ASKED)) e.message = e.message.replace(ZERO_BASED_ASKED, `(the model was fitted on a 1-based file: its features are x1 … x${p})`);
    throw e;
  }
}
