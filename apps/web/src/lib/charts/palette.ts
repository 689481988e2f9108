/** Okabe–Ito (colour-blind safe) without its pale yellow, then Tol's wine and green, black, grey. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#882255', '#117733', '#000000', '#888888'];

/** Formats an α for axis ticks and labels. */
export function fmtAlpha(a: number): string {
  return a >= 0.01 ? Number(a.toPrecision(2)).toString() : a.toExponential(1);
}

/** Vertical positions for end-of-line labels, at least `gap` apart, inside [top, bottom]. */
export function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  const overflow = placed.length > 0 ? placed[placed.length - 1] - bottom : 0;
  if (overflow > 0) for (let k = 0; k < placed.length; k++) placed[k] -= overflow;
  for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], top);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}
