const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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
  return NUMBER.test(text) ? Number(text) : NaN;
}

/**
 * Why a parsed value is not a usable number: not one at all (NaN), or one too large for a double
 * ("1e400" parses to ±Infinity) — error messages say which.
 *
 * @example
 * unusableNumber(parseNumber('1e400')); // 'is beyond the range of a double (±1.8e308)'
 */
export function unusableNumber(num: number): string {
  return Number.isNaN(num) ? 'is not a number' : 'is beyond the range of a double (±1.8e308)';
}
