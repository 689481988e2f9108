export { ACCENT, MAIN, PALETTE } from './palette.js';
export { colourDistance, contrastRatio, type Vision } from './contrast.js';
export { spreadLabels } from './spreadLabels.js';
export { fmtAlpha } from './fmtAlpha.js';
export { fmtCoef } from './fmtCoef.js';
export { escapeHtml } from './escapeHtml.js';
export { fmtTicks } from './fmtTicks.js';
