import { enetPath, alphaGrid } from '../src/index.js';
import { generate } from './designs.js';
const { X, y } = generate(100_000, 20, { kind: 'toeplitz', rho: 0.5 }, 'sparse', 77);
const opts = { l1Ratio: 1 } as const;
const alphaMax = enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax;
const grid = Float64Array.from({ length: 100 }, (_, k) => alphaMax * 1e-3 ** (k / 99));
for (let r = 0; r < 30; r++) enetPath(X, y, { ...opts, alphas: grid });
const t = [];
for (let r = 0; r < 20; r++) { const t0 = performance.now(); enetPath(X, y, { ...opts, alphas: grid }); t.push(performance.now() - t0); }
t.sort((a, b) => a - b); console.log('path ms median', t[10].toFixed(2), 'min', t[0].toFixed(2));
const t2 = [];
for (let r = 0; r < 20; r++) { const t0 = performance.now(); enetPath(X, y, { ...opts, nAlphas: 1 }); t2.push(performance.now() - t0); }
t2.sort((a, b) => a - b); console.log('1-alpha ms median', t2[10].toFixed(2));
