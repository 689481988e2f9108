import { DataError } from '../errors.js';

/**
 * What would fix a data error of a training table — in no front end's words: the CLI names its
 * flag, the API its field, the web its control. Undefined where the error has no such fix.
 * - `categorical`: text in a numeric feature (a category or a name: one-hot encode or leave out);
 * - `missingMark`: a cell such as "?" or "n/a" that marks a missing value in the file's own way;
 * - `missingPolicy`: a missing feature value under the 'error' policy;
 * - `dropMissingTarget`: a missing target (only dropping the row helps);
 * - `numericTarget`: text in the target (a regression target must be numbers: choose another column);
 * - `zeroBased`: an index 0 in an svmlight file read as 1-based (it counts from 0).
 */
export type DataFix =
  | { readonly kind: 'zeroBased' }
  | { readonly kind: 'categorical'; readonly column: string }
  | { readonly kind: 'missingMark'; readonly column: string; readonly mark: string }
  | { readonly kind: 'missingPolicy'; readonly column: string }
  | { readonly kind: 'dropMissingTarget'; readonly column: string }
  | { readonly kind: 'numericTarget'; readonly column: string };

/** Cells that mean "no value" in files we see, beyond the ones read as missing by default. */
const MISSING_MARK = /^(\?|-|--|\.|n\/a|#n\/a|none|missing)$/i;
/** Spellings of infinity: letters, but not text. */
const NOT_FINITE = /^[+-]?(inf|infinity)$/i;

/**
 * The fix for `e` when it is a located {@link DataError} of a training table (in memory, or read
 * by an engine: a column whose type is not a number, `details.engineType`) whose target (and
 * weights column, if any) are `roles`.
 *
 * @example
 * dataFix(new DataError('NOT_A_NUMBER', '…', { column: 'car_name', value: 'ford pinto' }), { target: 'mpg' });
 * // { kind: 'categorical', column: 'car_name' }
 */
export function dataFix(e: unknown, roles: { readonly target?: string; readonly weights?: string }): DataFix | undefined {
  if (e instanceof DataError && e.message.includes(ZERO_BASED_ASKED)) return { kind: 'zeroBased' };
  if (!(e instanceof DataError) || e.location.column === undefined) return undefined;
  const { column, value } = e.location;
  const isFeature = column !== roles.target && column !== roles.weights;
  if (e.code === 'NOT_A_NUMBER' && value !== undefined) {
    const cell = value.trim();
    if (MISSING_MARK.test(cell)) return { kind: 'missingMark', column, mark: cell };
    if (isFeature && /\p{L}/u.test(cell) && !NOT_FINITE.test(cell)) return { kind: 'categorical', column };
    if (column === roles.target && /\p{L}/u.test(cell) && !NOT_FINITE.test(cell)) return { kind: 'numericTarget', column };
  }
  // An engine reports a column's type, not a cell: a text type (VARCHAR, String, text) in a feature.
  if (e.code === 'NOT_A_NUMBER' && typeof e.details?.engineType === 'string') return isFeature ? { kind: 'categorical', column } : column === roles.target ? { kind: 'numericTarget', column } : undefined;
  if (e.code === 'MISSING_VALUE') return isFeature ? { kind: 'missingPolicy', column } : { kind: 'dropMissingTarget', column };
  return undefined;
}

/** How the data library's message asks for a missing-value policy (front ends name their own control instead). */
export const POLICY_ASKED = '(choose a missing-value policy: drop, mean or median)';

/** How the svmlight reader's message names its option for 0-based files (front ends name their own instead). */
export const ZERO_BASED_ASKED = '(indices start at 1; read 0-based files with zeroBased: true)';

/** A front end's words for each fix: its flag or field names. */
export interface FixWords {
  /** Appended for text in a numeric feature. */
  categorical(column: string): string;
  /** Appended for a mark such as "?". */
  missingMark(mark: string): string;
  /** Replaces {@link POLICY_ASKED}. */
  readonly missingPolicy: string;
  /** Appended for a missing target. */
  readonly dropMissingTarget: string;
  /** Appended for text in the target. */
  numericTarget(column: string): string;
  /** Replaces {@link ZERO_BASED_ASKED} (front ends that read svmlight). */
  readonly zeroBased?: string;
}

/**
 * `e` with its fix (see {@link dataFix}) said in a front end's words: appended after "; ", or
 * in place of the library's own request for a policy (or its option for 0-based svmlight). Other errors are returned as they are.
 *
 * @example
 * throw withFix(e, { target: 'mpg' }, CLI_WORDS);
 */
export function withFix(e: unknown, roles: { readonly target?: string; readonly weights?: string }, words: FixWords): unknown {
  const fix = dataFix(e, roles);
  if (fix === undefined) return e;
  const error = e as DataError;
  if (fix.kind === 'missingPolicy') error.message = error.message.replace(POLICY_ASKED, words.missingPolicy);
  else if (fix.kind === 'zeroBased') error.message = error.message.replace(ZERO_BASED_ASKED, words.zeroBased ?? ZERO_BASED_ASKED);
  else error.message += `; ${appended(fix, words)}`;
  return error;
}

/** The words a fix appends (the others replace the library's own request). */
function appended(fix: DataFix, words: FixWords): string {
  switch (fix.kind) {
    case 'categorical':
      return words.categorical(fix.column);
    case 'missingMark':
      return words.missingMark(fix.mark);
    case 'numericTarget':
      return words.numericTarget(fix.column);
    default:
      return words.dropMissingTarget;
  }
}
