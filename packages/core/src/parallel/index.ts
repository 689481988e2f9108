// Node entry of `@lassokit/core/parallel` (the `browser` condition maps to browser.ts): CV folds in
// worker threads.
export { defaultThreads, elasticNetCVParallel, lassoCVParallel, stabilitySelectionParallel } from './elasticNetCVParallel.js';
export type { ParallelOptions } from './runParallelCV.js';
