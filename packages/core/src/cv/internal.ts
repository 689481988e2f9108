/**
 * What the worker-thread cross-validation (`parallel/`) shares with the sequential one, and
 * nothing else: the plan, the grid, one fold's error, the assembly — so both compute the same.
 */
export { planCV, prepareFull, cvAlphas, releasePlan } from './planCV.js';
export { foldError } from './foldError.js';
export { assembleCV } from './assembleCV.js';
export type { CvData, CvPlan, Fold, FoldScores } from './CVResult.js';
