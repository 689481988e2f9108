/** Units for large ticks: thousands, millions, billions (up to 10¹²; exponent form beyond). */
const UNITS = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/**
 * An axis's tick values (evenly spaced, as a scale's `ticks()` gives them) as labels in one style,
 * short enough for a chart's margin: plain with the decimals the step needs (0, 0.5, 1.5) below
 * 100,000 (1.0002 where ticks are that close); then in thousands, millions or billions (250k,
 * 1.5M, 6B); in exponent form from 10¹² up and below 0.001 (2.5e-5). Zero is "0". A tick printed raw ran off the
 * chart: a house-price file's MSE axis read 6000000000, cut at the SVG's edge.
 *
 * @example
 * fmtTicks([0, 2e9, 4e9, 6e9]); // ['0', '2B', '4B', '6B']
 * fmtTicks([200000, 300000]); // ['200k', '300k']
 * fmtTicks([0, 0.5, 1]); // ['0', '0.5', '1.0']
 */
export function fmtTicks(ticks: readonly number[]): string[] {
  const max = Math.max(0, ...ticks.map(Math.abs));
  if (max === 0) return ticks.map(() => '0');
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : max;
  // Decimals that show a step of x (a 1-2-5 multiple of a power of ten) exactly.
  const decimals = (x: number) => Math.max(0, -Math.floor(Math.log10(x) + 1e-9));
  if (max >= 1e12 || max < 1e-3) {
    const digits = Math.max(0, Math.floor(Math.log10(max) + 1e-9) - Math.floor(Math.log10(step) + 1e-9));
    return ticks.map((t) => (t === 0 ? '0' : t.toExponential(digits).replace(/\.?0+e/, 'e').replace('e+', 'e')));
  }
  if (max >= 1e5) {
    const [u, suffix] = UNITS.find(([v]) => max >= v) ?? UNITS[2];
    const d = decimals(step / u);
    return ticks.map((t) => (t === 0 ? '0' : `${(t / u).toFixed(d)}${suffix}`));
  }
  const d = decimals(step);
  return ticks.map((t) => (t === 0 ? '0' : t.toFixed(d)));
}
