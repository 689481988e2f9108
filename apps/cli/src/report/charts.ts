import { escapeHtml, fmtAlpha } from '@lassokit/viz';
import { line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import { axes, MARGIN, PALETTE, paddedScale, spreadLabels, svgDoc } from './svg.js';

const W = 760;
const H = 420;
const plotX: [number, number] = [MARGIN.left, W - MARGIN.right];
const plotY: [number, number] = [H - MARGIN.bottom, MARGIN.top];
/** Tick label of a log10(α) axis: the α value itself. */
const log10Format = (v: number) => fmtAlpha(10 ** v);

/** Coefficients (on the standardized scale) against log10 α; one labelled line per feature. */
export function pathChart(alphas: ArrayLike<number>, coefs: readonly ArrayLike<number>[], names: readonly string[], marks: { alpha: number; label: string }[]): string {
  const logA = Array.from(alphas, (a) => Math.log10(a));
  const all = coefs.flatMap((c) => Array.from(c));
  const x = paddedScale(logA, plotX, 0).domain([Math.max(...logA), Math.min(...logA)]);
  const y = paddedScale([...all, 0], plotY);
  const ends = names.map((_, j) => y(coefs[coefs.length - 1][j]));
  const labelY = spreadLabels(ends, 13, plotY[1], plotY[0]);
  const lines = names.map((name, j) => {
    const pts = logA.map((la, k) => [x(la), y(coefs[k][j])] as [number, number]);
    const d = line()(pts) ?? '';
    const last = pts[pts.length - 1];
    const color = PALETTE[j % PALETTE.length];
    const leader = Math.abs(labelY[j] - last[1]) > 1 ? `<line x1="${last[0] + 1}" y1="${last[1]}" x2="${last[0] + 5}" y2="${labelY[j]}" stroke="${color}"/>` : '';
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${j >= PALETTE.length ? ' stroke-dasharray="5 3"' : ''}/>${leader}<text x="${last[0] + 7}" y="${labelY[j]}" dy="0.32em" fill="${color}">${escapeHtml(name)}</text>`;
  });
  const markers = marks.map((m) => `<line x1="${x(Math.log10(m.alpha))}" x2="${x(Math.log10(m.alpha))}" y1="${plotY[0]}" y2="${plotY[1]}" stroke="#555" stroke-dasharray="4 3"/><text x="${x(Math.log10(m.alpha)) + 3}" y="${plotY[1] + 10}" fill="#555">${escapeHtml(m.label)}</text>`);
  const body = `${axes(x, y, 'alpha (log scale) — the penalty falls to the right', 'standardized coefficient', log10Format)}<line x1="${plotX[0]}" x2="${plotX[1]}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>${markers.join('')}${lines.join('\n')}`;
  return svgDoc(W, H, 'Lasso regularization path', 'Each line is one feature’s coefficient as the penalty alpha decreases from left to right; coefficients start at exactly zero and enter one by one.', body);
}

/** Mean held-out error ± one standard error against log10 α, with alphaMin and alpha1se marked. */
export function cvChart(alphas: ArrayLike<number>, mean: ArrayLike<number>, se: ArrayLike<number>, alphaMin: number, alpha1se: number, loss: string): string {
  const logA = Array.from(alphas, (a) => Math.log10(a));
  const lo = Array.from(mean, (m, k) => m - se[k]);
  const hi = Array.from(mean, (m, k) => m + se[k]);
  const x = paddedScale(logA, plotX, 0).domain([Math.max(...logA), Math.min(...logA)]);
  const y = paddedScale([...lo, ...hi], plotY);
  const bars = logA.map((la, k) => `<line x1="${x(la)}" x2="${x(la)}" y1="${y(lo[k])}" y2="${y(hi[k])}" stroke="#999"/><circle cx="${x(la)}" cy="${y(mean[k])}" r="2.5" fill="#B8440A"/>`);
  const mark = (a: number, label: string, dy: number) => `<line x1="${x(Math.log10(a))}" x2="${x(Math.log10(a))}" y1="${plotY[0]}" y2="${plotY[1]}" stroke="#0072B2" stroke-dasharray="4 3"/><text x="${x(Math.log10(a)) + 4}" y="${plotY[1] + dy}" fill="#0072B2">${escapeHtml(label)}</text>`;
  const body = `${axes(x, y, 'alpha (log scale)', `cross-validated ${loss.toUpperCase()}`, log10Format)}${bars.join('')}${mark(alphaMin, 'alphaMin', 12)}${mark(alpha1se, 'alpha1se', 26)}`;
  return svgDoc(W, H, `Cross-validation curve (${loss.toUpperCase()} ± 1 SE)`, 'Red dots: mean held-out error per alpha; grey bars: one standard error; dashed lines: the minimum and the largest alpha within one SE of it.', body);
}

/** Actual against predicted values, with the identity line. */
export function actualVsPredictedChart(actual: ArrayLike<number>, predicted: ArrayLike<number>, title: string): string {
  const a = Array.from(actual);
  const p = Array.from(predicted);
  const x = paddedScale([...a, ...p], [MARGIN.left, H - MARGIN.bottom + MARGIN.left - MARGIN.top]);
  const y = paddedScale([...a, ...p], plotY);
  const [d0, d1] = x.domain();
  const dots = a.map((v, i) => `<circle cx="${x(p[i])}" cy="${y(v)}" r="3" fill="#0072B2" fill-opacity="0.6"/>`);
  const body = `${axes(x, y, 'predicted MPG', 'actual MPG')}<line x1="${x(d0)}" y1="${y(d0)}" x2="${x(d1)}" y2="${y(d1)}" stroke="#B8440A" stroke-dasharray="5 3"/>${dots.join('')}`;
  return svgDoc(W, H, title, 'Each dot is a car: its predicted against its actual fuel economy; dots on the dashed line are predicted exactly.', body);
}

/** Residuals (actual − predicted) against predicted values. */
export function residualChart(actual: ArrayLike<number>, predicted: ArrayLike<number>, title: string): string {
  const p = Array.from(predicted);
  const r = Array.from(actual, (v, i) => v - p[i]);
  const x = paddedScale(p, plotX);
  const y = paddedScale([...r, 0], plotY);
  const dots = r.map((v, i) => `<circle cx="${x(p[i])}" cy="${y(v)}" r="3" fill="#117733" fill-opacity="0.6"/>`);
  const body = `${axes(x, y, 'predicted MPG', 'residual (actual − predicted)')}<line x1="${plotX[0]}" x2="${plotX[1]}" y1="${y(0)}" y2="${y(0)}" stroke="#B8440A" stroke-dasharray="5 3"/>${dots.join('')}`;
  return svgDoc(W, H, title, 'Each dot is a car: its residual against its prediction; a pattern (a curve, a funnel) would mean the linear model misses something.', body);
}

/**
 * Stability path: each feature's selection probability over the half-samples against log10 α,
 * with the threshold π; the stable features are drawn in colour, the rest in grey.
 */
export function stabilityChart(alphas: ArrayLike<number>, probabilities: readonly ArrayLike<number>[], names: readonly string[], stable: readonly number[], threshold: number): string {
  const logA = Array.from(alphas, (a) => Math.log10(a));
  const x = paddedScale(logA, plotX, 0).domain([Math.max(...logA), Math.min(...logA)]);
  const y = scaleLinear().domain([0, 1]).range(plotY);
  const kept = new Set(stable);
  const order = names.map((_, j) => j).sort((a, b) => Number(kept.has(a)) - Number(kept.has(b))); // stable lines on top
  const ends = names.map((_, j) => y(probabilities[probabilities.length - 1][j]));
  const labelY = spreadLabels(stable.map((j) => ends[j]), 13, plotY[1], plotY[0]);
  const lines = order.map((j) => {
    const pts = logA.map((la, k) => [x(la), y(probabilities[k][j])] as [number, number]);
    const colour = kept.has(j) ? PALETTE[stable.indexOf(j) % PALETTE.length] : '#bbb';
    const s = stable.indexOf(j);
    const label = s < 0 ? '' : `<text x="${pts[pts.length - 1][0] + 7}" y="${labelY[s]}" dy="0.32em" fill="${colour}">${escapeHtml(names[j])}</text>`;
    return `<path d="${line()(pts) ?? ''}" fill="none" stroke="${colour}" stroke-width="${kept.has(j) ? 2 : 1}"/>${label}`;
  });
  const body = `${axes(x, y, 'alpha (log scale) — the penalty falls to the right', 'selection probability', log10Format)}<line x1="${plotX[0]}" x2="${plotX[1]}" y1="${y(threshold)}" y2="${y(threshold)}" stroke="#B8440A" stroke-dasharray="5 3"/><text x="${plotX[0] + 4}" y="${y(threshold) - 4}" fill="#B8440A">threshold π = ${threshold}</text>${lines.join('\n')}`;
  return svgDoc(W, H, 'Stability selection', `Each line is one feature: the share of random half-samples in which the Lasso keeps it, as alpha falls. Coloured: the ${stable.length} stable features; grey: the rest.`, body);
}
