import type { FactorArena } from '../math/UpdatableCholesky.js';
import type { CdProblem } from './CdProblem.js';

/**
 * Where a factor of the problem's solver takes its memory up to `UpdatableCholesky`'s own-memory
 * size: the problem's WebAssembly workspace (room for two factors is reserved there per solver),
 * so solves of factors from 16 rows run as SIMD kernels, without a memory made per factor: paths
 * on supports of tens to hundreds of coordinates take a tenth to a fifth less time, the smallest
 * ones the same (README: "Measurements behind the constants").
 */
export function factorArena(problem: CdProblem): FactorArena | undefined {
  const ws = problem.workspace;
  return ws?.simd ? { ws, p: problem.p } : undefined;
}
