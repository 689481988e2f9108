export { PALETTE } from './palette.js';
export { spreadLabels } from './spreadLabels.js';
export { fmtAlpha } from './fmtAlpha.js';
export { fmtCoef } from './fmtCoef.js';
