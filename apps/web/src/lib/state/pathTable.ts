import { escapeHtml, fmtAlpha, fmtCoef } from '@lassokit/viz';
import type { ExploreData } from './explore.js';

/**
 * The Explore page's path and CV curve as an HTML table: every fifth α and the chosen one (row
 * class `chosen`). Built as one string and placed with `{@html}`: the server still sends it (it
 * works without JavaScript), and hydration takes its ~250 cells over whole instead of visiting
 * each one — per-cell hydration was about a third of the page's largest task at load.
 */
export function pathTableHtml(d: Pick<ExploreData, 'alphas' | 'featureNames' | 'metrics' | 'cv' | 'stdCoef'>, index: number): string {
  const head = ['α', 'kept', 'test R²', 'CV MSE', '± SE', ...d.featureNames].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows: string[] = [];
  d.alphas.forEach((a, k) => {
    if (k % 5 !== 0 && k !== index) return;
    const cells = [fmtAlpha(a), String(d.metrics[k].kept), d.metrics[k].testR2.toFixed(3), d.cv.mean[k].toFixed(2), d.cv.se[k].toFixed(2), ...d.stdCoef[k].map(fmtCoef)];
    rows.push(`<tr${k === index ? ' class="chosen"' : ''}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
