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

/**
 * Fold fits of a cross-validation (one fold at one alpha, of every curve) that stopped at maxIter
 * before converging, counted on stderr: their held-out errors score models short of the optimum,
 * so the curve there, and the alpha it chooses, may be off. Nothing where every fold fit converged.
 */
export function warnFoldsUnconverged(curves: readonly { readonly foldConverged: readonly Uint8Array[] }[]): void {
  let fits = 0;
  let missed = 0;
  const at = new Set<number>();
  for (const { foldConverged } of curves) {
    for (const fold of foldConverged) {
      fits += fold.length;
      fold.forEach((ok, k) => {
        if (ok === 1) return;
        missed++;
        at.add(k);
      });
    }
  }
  if (missed === 0) return;
  note(`warning: ${missed} of the ${fits} fold fits (one fold at one alpha) stopped at maxIter before converging, at ${at.size} alphas of the grid: the held-out errors there score unconverged models, so the curve and the alpha it chooses may be off; raise --max-iter, or loosen --tol`);
}
