const { enetPath, alphaGrid } = await import(process.env.DIST ? '../dist/index.js' : '../src/index.js');
import { generate } from './designs.js';
const [n, p, kind, rho, l1, eps, signal, seeds] = process.argv.slice(2);
for (const seed of (seeds ?? '1,2,3,4').split(',').map(Number)) {
  const corr = kind === 'T' ? { kind: 'toeplitz' as const, rho: +rho } : { kind: 'equi' as const, rho: +rho };
  const { X, y } = generate(+n, +p, corr, (signal ?? 'sparse') as 'dense' | 'sparse', seed);
  const opts = { fitIntercept: false, standardize: false, l1Ratio: +l1 };
  const grid = alphaGrid(enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax, 100, +eps);
  const t = performance.now();
  const out = enetPath(X, y, { ...opts, alphas: grid });
  const passes = Array.from(out.nIter as Int32Array).reduce((a, v) => a + v, 0);
  console.log(`${n}x${p} ${kind}${rho} l1=${l1} ${signal} seed ${seed}: ${(performance.now() - t).toFixed(0)} ms, passes ${passes}, not converged ${out.converged.filter((c: boolean) => !c).length}, max df ${Math.max(...out.df)}`);
}
