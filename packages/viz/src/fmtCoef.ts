/**
 * A value next to a bar, so that a nonzero never reads as zero: two decimals from 0.01 up, two
 * significant digits below (0.0031), exponent form below 1e-4 (-4.2e-6); exactly 0 is "0".
 *
 * @example
 * fmtCoef(1.234); // '1.23'
 * fmtCoef(-0.00312); // '-0.0031'
 * fmtCoef(4.2e-7); // '4.2e-7'
 */
export function fmtCoef(v: number): string {
  const a = Math.abs(v);
  if (v === 0) return '0';
  if (a >= 0.01) return v.toFixed(2);
  if (a >= 1e-4) return Number(v.toPrecision(2)).toString();
  return v.toExponential(1);
}
