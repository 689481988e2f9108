// Node entry of `@lassokit/core/parallel` (the `browser` condition maps to browser.ts): CV folds in
// worker threads, and paths whose Gram is made in them.
export { defaultThreads, elasticNetCVParallel, enetPathParallel, lassoCVParallel, lassoPathParallel, relaxedLassoCVParallel, stabilitySelectionParallel } from './elasticNetCVParallel.js';
export type { ParallelOptions } from './runParallelCV.js';
