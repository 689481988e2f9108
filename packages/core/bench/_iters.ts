const { enetPath, alphaGrid } = await import(process.env.DIST ? '../dist/index.js' : '../src/index.js');
import { generate } from './designs.js';
const [n, p, kind, rho, l1, eps, seed, signal] = process.argv.slice(2);
const corr = kind === 'T' ? { kind: 'toeplitz' as const, rho: +rho } : { kind: 'equi' as const, rho: +rho };
const { X, y } = generate(+n, +p, corr, (signal ?? 'sparse') as 'dense' | 'sparse', +seed);
const opts = { fitIntercept: false, standardize: false, l1Ratio: +l1 };
const grid = alphaGrid(enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax, 100, +eps);
const out = enetPath(X, y, { ...opts, alphas: grid });
console.log(Array.from(out.nIter as Int32Array).map((it, k) => (it > 20 ? `${k}:${it}/${out.df[k]}` : '')).filter(Boolean).join(' '));
