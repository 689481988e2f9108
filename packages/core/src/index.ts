export { lasso } from './fit/lasso.js';
export { elasticNet } from './fit/elasticNet.js';
export { lassoPath } from './path/lassoPath.js';
export { enetPath } from './path/enetPath.js';
