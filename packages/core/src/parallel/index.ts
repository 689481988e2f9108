// Node-only entry (`@lassokit/core/parallel`): work spread over worker threads.
export { elasticNetCVParallel, lassoCVParallel } from './elasticNetCVParallel.js';
export type { ParallelOptions } from './elasticNetCVParallel.js';
