/**
 * A penalty α as people read it on an axis: two significant digits, exponent form below 0.01.
 *
 * @example
 * fmtAlpha(0.31622); // '0.32'
 * fmtAlpha(1 / 274); // '3.6e-3'
 */
export function fmtAlpha(a: number): string {
  return a >= 0.01 ? Number(a.toPrecision(2)).toString() : a.toExponential(1);
}
