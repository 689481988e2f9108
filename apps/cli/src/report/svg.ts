import { extent } from 'd3-array';
import { escapeHtml } from '@lassokit/viz';
export { PALETTE, spreadLabels } from '@lassokit/viz';
import { scaleLinear, type ScaleLinear } from 'd3-scale';

export const MARGIN = { top: 36, right: 150, bottom: 46, left: 62 };

/** A standalone SVG document with a title (read by screen readers) and a description. */
export function svgDoc(width: number, height: number, title: string, desc: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">
<title id="t">${escapeHtml(title)}</title><desc id="d">${escapeHtml(desc)}</desc>
<rect width="100%" height="100%" fill="white"/>
<text x="${MARGIN.left}" y="20" font-size="14" font-weight="600">${escapeHtml(title)}</text>
${body}
</svg>
`;
}

/** Bottom and left axes with d3 ticks and light grid lines. */
export function axes(x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, xLabel: string, yLabel: string, xFormat: (v: number) => string = String): string {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();
  const xt = x.ticks(6).map((t) => `<g transform="translate(${x(t)},0)"><line y1="${y1}" y2="${y0}" stroke="#eee"/><line y1="${y0}" y2="${y0 + 5}" stroke="#333"/><text y="${y0 + 18}" text-anchor="middle">${escapeHtml(xFormat(t))}</text></g>`);
  const yt = y.ticks(6).map((t) => `<g transform="translate(0,${y(t)})"><line x1="${x0}" x2="${x1}" stroke="#eee"/><line x1="${x0 - 5}" x2="${x0}" stroke="#333"/><text x="${x0 - 8}" dy="0.32em" text-anchor="end">${escapeHtml(y.tickFormat(6)(t))}</text></g>`);
  return `<g>${xt.join('')}${yt.join('')}
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#333"/><line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#333"/>
<text x="${(x0 + x1) / 2}" y="${y0 + 36}" text-anchor="middle">${escapeHtml(xLabel)}</text>
<text transform="translate(${x0 - 46},${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text></g>`;
}

/** A linear scale over the data's extent with a little padding. */
export function paddedScale(values: readonly number[], range: [number, number], pad = 0.05): ScaleLinear<number, number> {
  let [lo = 0, hi = 0] = extent(values);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const d = (hi - lo) * pad;
  return scaleLinear().domain([lo - d, hi + d]).range(range).nice();
}
