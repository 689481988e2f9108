/**
 * Strict decimal parsing: "3504", "3504.", "-1.5e3" are numbers; "3,504", "12 kg", "0x1F",
 * "Infinity" and "" are not (returns NaN), so nothing is silently misread.
 *
 * Cost: O(length).
 *
 * @example
 * parseNumber('3504.'); // 3504
 * parseNumber('3,504'); // NaN
 */
export function parseNumber(text: string): number {
  // Number() reads exactly the decimal forms above, and also surrounding whitespace, Infinity and
  // 0x/0o/0b literals: those are refused by their first, second and last characters. (A regular
  // expression tested first cost a tenth of predict's time.)
  const value = Number(text);
  if (value !== value) return NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (!(isDigit(first) || first === PLUS || first === MINUS || first === DOT)) return NaN;
  if (!(isDigit(last) || last === DOT)) return NaN;
  const second = text.charCodeAt(1) | 0x20;
  if (second === 0x78 || second === 0x6f || second === 0x62) return NaN; // x, o, b
  return value;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The decimal mark numbers are written with: a point (default) or a comma (`18,5`, as in much of Europe). */
export type DecimalMark = '.' | ',';

/**
 * Strict parsing of a number written with a decimal comma: "18,5", "-0,25", "3504", "1,5e3" are
 * numbers; a point anywhere ("3.504" may be 3504 with a thousands point, or 3.504) and more than
 * one comma are not (NaN) — nothing is read silently one way when it may mean the other.
 *
 * @example
 * parseDecimalComma('18,5'); // 18.5
 * parseDecimalComma('3.504'); // NaN
 */
export function parseDecimalComma(text: string): number {
  if (text.includes('.')) return NaN;
  const comma = text.indexOf(',');
  if (comma < 0) return parseNumber(text);
  if (text.indexOf(',', comma + 1) >= 0) return NaN;
  return parseNumber(`${text.slice(0, comma)}.${text.slice(comma + 1)}`);
}

/** The strict parser for numbers written with `decimal` as their decimal mark. */
export function numberParser(decimal: DecimalMark | undefined): (text: string) => number {
  return decimal === ',' ? parseDecimalComma : parseNumber;
}

/**
 * Why a parsed value is not a usable number: not one at all (NaN), or one too large for a double
 * ("1e400" parses to ±Infinity) — error messages say which.
 *
 * @example
 * unusableNumber(parseNumber('1e400')); // 'is beyond the range of a double (±1.8e308)'
 */
export function unusableNumber(num: number, decimal?: DecimalMark): string {
  return Number.isNaN(num) ? (decimal === ',' ? 'is not a number written with a decimal comma (no point, at most one comma)' : 'is not a number') : 'is beyond the range of a double (±1.8e308)';
}
