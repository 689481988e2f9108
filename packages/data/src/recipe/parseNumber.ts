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
