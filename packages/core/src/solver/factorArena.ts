import type { FactorArena } from '../math/UpdatableCholesky.js';
import type { CdProblem } from './CdProblem.js';

/**
 * Where a factor of the problem's solver takes its memory up to `UpdatableCholesky`'s own-memory
 * size: the problem's WebAssembly workspace (room for two factors is reserved there per solver),
 * so solves of factors from 16 rows run as SIMD kernels, without a memory made per factor.
 *
 * Measured (100-α paths, ρ 0.5, median of 9–25, builds alternating, two runs each): 1000 × 100
 * Lasso 4.5–5.0 → 3.7–4.2 ms and Elastic Net 6.5 → 5.9–6.4; 1500 × 150 9.9–11.2 → 8.0–8.8;
 * 5000 × 100 7.3–7.6 → 6.5–6.9; 100 × 1,000 24.6–25.4 → 21.6–23.1; paths from statistics,
 * 1000 × 100 4.1–4.2 → 3.2–3.4 and 5000 × 100 3.44–3.48 → 2.78–2.81; 200 × 50, 2000 × 50 Elastic
 * Net and 300 × 1,000 within noise, as is a first path or CV in a fresh process (1000 × 100, five
 * processes each). Kernels from 8 or 32 rows instead of 16: within noise.
 */
export function factorArena(problem: CdProblem): FactorArena | undefined {
  const ws = problem.workspace;
  return ws?.simd ? { ws, p: problem.p } : undefined;
}
