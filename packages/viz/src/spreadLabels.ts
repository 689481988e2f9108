/**
 * Vertical positions for end-of-line labels: each as close to its line's end as possible, at
 * least `gap` apart, inside [top, bottom] (pushed down, then up from the bottom if they overflow).
 *
 * Cost: O(k log k) for k labels.
 *
 * @example
 * spreadLabels([100, 102, 300], 13, 0, 400); // [100, 113, 300]
 */
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
