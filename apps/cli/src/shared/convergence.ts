import type { PathResult } from '@lassokit/core';
import { note, num } from './output.js';

/**
 * Alphas of a path whose fit stopped at maxIter before its duality gap reached tol, counted on
 * stderr with the largest gap (as `fit` warns of its one alpha): their coefficients may be short
 * of the optimum, which a table and a JSON's `converged` alone do not say. `which` names the path
 * (cv's is the all-rows one its model comes from).
 */
export function warnUnconverged(path: PathResult, which = 'alphas'): void {
  const missed = path.converged.flatMap((ok, k) => (ok ? [] : [k]));
  if (missed.length === 0) return;
  const worst = missed.reduce((a, k) => (path.dualGap[k] > path.dualGap[a] ? k : a), missed[0]);
  const gap = Number.isFinite(path.dualGap[worst]) ? `largest duality gap ${num(path.dualGap[worst])}, at alpha ${num(path.alphas[worst])}` : `no duality gap at alpha ${num(path.alphas[worst])}`;
  note(`warning: the solver stopped at maxIter before converging at ${missed.length} of the ${path.alphas.length} ${which} (${gap}); raise --max-iter, or loosen --tol`);
}
