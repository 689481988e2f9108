import { DataError } from '../errors.js';

/**
 * What would fix a data error of a training table — in no front end's words: the CLI names its
 * flag, the API its field, the web its control. Undefined where the error has no such fix.
 * - `categorical`: text in a numeric feature (a category or a name, or a label written with
 *   numbers such as "5+" or "10-20": one-hot encode or leave out);
 * - `missingMark`: a cell such as "?" or "n/a" that marks a missing value in the file's own way;
 * - `missingPolicy`: a missing feature value under the 'error' policy;
 * - `dropMissingTarget`: a missing target (only dropping the row helps);
 * - `numericTarget`: text in the target (a regression target must be numbers: choose another column);
 * - `date`: a date or time in a numeric feature (not a number and not a category: leave it out,
 *   or derive a number from it before fitting);
 * - `formattedNumber`: a number written for people — a currency sign, thousands separators, a
 *   decimal comma, a percent sign (`"$461,720"`): `plain` is how it reads written plainly, and
 *   `marks` what to take out (in any column: nothing reads such cells as numbers silently, since
 *   "3,504" may be 3504 or 3.504);
 * - `decimalComma`: a number written with a decimal comma and nothing else (`"18,5"`): the file
 *   may be read with a decimal comma (`DesignSpec.decimal`); `plain` as for `formattedNumber`;
 * - `zeroBased`: an index 0 in an svmlight file read as 1-based (it counts from 0).
 */
export type DataFix =
  | { readonly kind: 'zeroBased' }
  | { readonly kind: 'categorical'; readonly column: string }
  | { readonly kind: 'date'; readonly column: string }
  | { readonly kind: 'formattedNumber'; readonly column: string; readonly plain: string; readonly marks: string }
  | { readonly kind: 'decimalComma'; readonly column: string; readonly plain: string }
  | { readonly kind: 'missingMark'; readonly column: string; readonly mark: string }
  | { readonly kind: 'missingPolicy'; readonly column: string }
  | { readonly kind: 'dropMissingTarget'; readonly column: string }
  | { readonly kind: 'numericTarget'; readonly column: string };

/**
 * Cells that mean "no value" in files we see, beyond the ones a CSV reads as missing by default —
 * and those (NA, NaN, null…), which reach a fix as text from other inputs (a JSON row's "NaN").
 */
const MISSING_MARK = /^(\?|-|--|\.|n\/a|#n\/a|none|missing|na|nan|null)$/i;
/** Spellings of infinity: letters, but not text. */
const NOT_FINITE = /^[+-]?(inf|infinity)$/i;
/**
 * A label written with numbers: an open class ("5+", "<1", ">= 65", "≤ 0.5") or a range ("10-20",
 * "1–2", "18 to 24"). No letters, yet a category (bedrooms "1, 2, 3, 4, 5+"), not a number in
 * another format. (Signs beyond Latin-1 are written as \u escapes — ≤ ≥, – — here, € ₹ in the
 * currency signs below — so that the bundle stays one-byte text, which V8 parses faster: see core's
 * scripts/bundle.mjs.)
 */
const NUMBER_LABEL = /^([<>\u2264\u2265~]=?\s*\d+([.,]\d+)?|\d+([.,]\d+)?\s*\+|\d+([.,]\d+)?\s*([-\u2013\u2014]|to)\s*\d+([.,]\d+)?)$/iu;
/**
 * Whether a cell that is no number reads as text — a category or a name: letters (but not a
 * spelling of infinity), or a label written with numbers ({@link NUMBER_LABEL}). Otherwise it is a
 * number in a format not read, and no fix is guessed. One rule for a cell in memory and an engine's
 * example cell.
 */
function readsAsText(cell: string): boolean {
  return (/\p{L}/u.test(cell) && !NOT_FINITE.test(cell)) || NUMBER_LABEL.test(cell);
}
/** Month names as dates spell them (10-Apr-2021, Apr 10, 2021). */
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/**
 * A date, a date and time, or a time of day as files write them: 2021-04-10, 2021-04-10T12:30:00Z,
 * 04/10/2021, 10.04.2021, 10-Apr-2021, Apr 10, 2021, 12:30, 9:05 pm.
 */
const DATE = new RegExp(
  [
    `^(\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{1,2}[- ]${MONTH}[- ,]+\\d{2,4}|${MONTH} \\d{1,2},? \\d{4})([ T]\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?\\s*(z|[+-]\\d{2}:?\\d{2}|[ap]\\.?m\\.?)?)?$`,
    '^\\d{1,2}:\\d{2}(:\\d{2})?\\s*([ap]\\.?m\\.?)?$',
  ].join('|'),
  'i',
);
/**
 * Whether a cell is a date, a date and time, or a time of day as files write them (see DATE):
 * what the fixes call a date, for a caller sorting columns before any error (the web page).
 */
export function isDateCell(cell: string): boolean {
  const c = cell.trim();
  return c.length <= 40 && DATE.test(c);
}

/** An engine's date and time types (DuckDB DATE, TIMESTAMP…; ClickHouse Date, DateTime64(3); PostgreSQL timestamp without time zone, interval). */
const DATE_TYPE = /^(date|time|timestamp|datetime|interval)/i;

/**
 * The fix for `e` when it is a located {@link DataError} of a training table (in memory, or read
 * by an engine: a column whose type is not a number, `details.engineType`; none when
 * `details.numbersAsText`, numbers the engine typed as text) whose target (and
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
    const formatted = formattedNumber(cell);
    if (formatted !== undefined) return formatted.marks === DECIMAL_COMMA ? { kind: 'decimalComma', column, plain: formatted.plain } : { kind: 'formattedNumber', column, ...formatted };
    if (isDateCell(cell)) return isFeature ? { kind: 'date', column } : column === roles.target ? { kind: 'numericTarget', column } : undefined;
    if (isFeature && readsAsText(cell)) return { kind: 'categorical', column };
    if (column === roles.target && readsAsText(cell)) return { kind: 'numericTarget', column };
  }
  // An engine reports a column's type, not a cell: a date type, or a text type (VARCHAR, String, text) in a feature.
  if (e.code === 'NOT_A_NUMBER' && typeof e.details?.engineType === 'string') {
    // Numbers the engine typed as text: the message asks for a cast.
    if (e.details.numbersAsText === true) return undefined;
    // Its example cell has no letters (a number in another format, "3.504" under a decimal comma) or spells infinity: no category either, as in memory.
    if (value !== undefined && !readsAsText(value.trim())) return undefined;
    if (isFeature && DATE_TYPE.test(e.details.engineType)) return { kind: 'date', column };
    return isFeature ? { kind: 'categorical', column } : column === roles.target ? { kind: 'numericTarget', column } : undefined;
  }
  // A missing weight has no fix among the policies (none drops or fills a weight).
  if (e.code === 'MISSING_VALUE') return isFeature ? { kind: 'missingPolicy', column } : column === roles.target ? { kind: 'dropMissingTarget', column } : undefined;
  return undefined;
}

/**
 * A number written for people, and how it reads written plainly: a currency sign ($ € £ ¥ ₹)
 * before or after it, a percent sign after it, thousands separators (1,234,567 · 1.234.567,5 ·
 * 1 234 567) or a decimal comma (4,5). Undefined for anything else — a plain number, text, a date.
 * `marks` names what to take out, in words ("a currency sign and a thousands separator (or a
 * decimal comma: 2.198)").
 *
 * @example
 * formattedNumber('$2,198'); // { plain: '2198', marks: 'a currency sign and a thousands separator (or a decimal comma: 2.198)' }
 */
export function formattedNumber(cell: string): { plain: string; marks: string } | undefined {
  if (cell.length > 40) return undefined;
  const marks: string[] = [];
  let body = cell;
  let sign = '';
  const take = (re: RegExp, mark: string) => {
    const m = re.exec(body);
    if (m === null) return;
    body = body.slice(0, m.index) + body.slice(m.index + m[0].length);
    if (!marks.includes(mark)) marks.push(mark);
  };
  if (/^[-+]/.test(body)) [sign, body] = [body[0] === '-' ? '-' : '', body.slice(1)];
  take(/^[$\u20ac£¥\u20b9]\s*/u, 'a currency sign');
  if (sign === '' && /^[-+]/.test(body)) [sign, body] = [body[0] === '-' ? '-' : '', body.slice(1)];
  take(/\s*[$\u20ac£¥\u20b9]$/u, 'a currency sign');
  take(/\s*%$/, 'a percent sign');
  let plain: string;
  if (/^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(body)) {
    plain = body.replaceAll(',', '');
    // One group and no decimals: the comma may as well be a decimal comma.
    marks.push(/^[1-9]\d{0,2},\d{3}$/.test(body) ? `a thousands separator (or a decimal comma: ${sign}${body.replace(',', '.')})` : 'thousands separators');
  } else if (/^[1-9]\d{0,2}(\.\d{3})+,\d+$/.test(body) || /^[1-9]\d{0,2}(\.\d{3}){2,}$/.test(body)) {
    plain = body.replaceAll('.', '').replace(',', '.');
    marks.push('thousands separators', ...(body.includes(',') ? ['a decimal comma'] : []));
  } else if (/^[1-9]\d{0,2}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/u.test(body)) {
    plain = body.replace(/[ \u00a0\u202f]/gu, '').replace(',', '.');
    marks.push('spaces between digits', ...(body.includes(',') ? ['a decimal comma'] : []));
  } else if (/^\d+,\d+$/.test(body)) {
    plain = body.replace(',', '.');
    marks.push(DECIMAL_COMMA);
  } else if (marks.length > 0 && /^(\d+(\.\d*)?|\.\d+)$/.test(body)) plain = body;
  else return undefined;
  return { plain: `${sign}${plain}`, marks: marks.length === 1 ? marks[0] : `${marks.slice(0, -1).join(', ')} and ${marks[marks.length - 1]}` };
}

const DECIMAL_COMMA = 'a decimal comma';

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
  /** Appended for a date or time in a numeric feature. */
  date(column: string): string;
  /** Appended for a number written for people (`plain`: the number written plainly; `marks`: what it carries, in words). */
  formattedNumber(plain: string, marks: string): string;
  /** Appended for a number with a decimal comma (`plain`: written with a point); without it, `formattedNumber` words it. */
  decimalComma?(plain: string): string;
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
    case 'date':
      return words.date(fix.column);
    case 'formattedNumber':
      return words.formattedNumber(fix.plain, fix.marks);
    case 'decimalComma':
      return words.decimalComma?.(fix.plain) ?? words.formattedNumber(fix.plain, DECIMAL_COMMA);
    default:
      return words.dropMissingTarget;
  }
}
