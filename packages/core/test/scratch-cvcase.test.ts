import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { elasticNetCV, elasticNetCVFromStats, sufficientStats, subtractStats } from '../src/index.js';
it('case', () => {
  const c = JSON.parse(readFileSync('/tmp/s3/cv-case.json', 'utf8'));
  const { X, y, seed: _s, kind: _k, free: _f, shared: _sh, dup: _d, shift: _shift, weighted: _w, ...rest } = c;
  const opts = { ...rest, tol: 1e-12, maxIter: 100_000, seed: c.seed };
  const a = elasticNetCV(X, y, opts);
  console.log('folds', Array.from(a.foldIds).join(','));
  const stats = sufficientStats(X, y, { foldIds: a.foldIds, weights: c.weights });
  const st = elasticNetCVFromStats(stats, { ...opts, nFolds: undefined, seed: undefined } as never);
  for (let k = 0; k < a.nFolds; k++) {
    console.log(k, Array.from(a.curves[0].foldErrors[k], (v) => v.toPrecision(6)).join(' '), '|', Array.from(st.curves[0].foldErrors[k], (v) => v.toPrecision(6)).join(' '));
    const tr = subtractStats(stats, stats.folds[k]);
    console.log('  train diag', Array.from({ length: c.p }, (_, j) => tr.xtx[j * c.p + j].toExponential(2)).join(' '), 'held diag', Array.from({ length: c.p }, (_, j) => stats.folds[k].xtx[j * c.p + j].toExponential(2)).join(' '));
  }
});
