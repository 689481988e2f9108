// A short tour of @lassokit/core from plain Node (imports the built package by name).
// Run: pnpm --filter @lassokit/core start   (after pnpm build)
import { createRng, lassoCV, lassoPath, ols, r2, predict } from '@lassokit/core';

const rand = createRng(7);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const names = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'];
const truth = [3, -2, 0, 0, 1.5, 0, 0, 0];
const X = Array.from({ length: 200 }, () => names.map(gauss));
const y = X.map((row) => row.reduce((s, v, j) => s + v * truth[j], 10) + gauss());

const path = lassoPath(X, y, { nAlphas: 50 });
console.log(`lasso path: ${path.alphas.length} alphas from ${path.alphaMax.toFixed(3)} down; all converged: ${path.converged.every(Boolean)}`);
console.log('features kept along the path:', [...new Set(path.df)].join(' → '));

const cv = lassoCV(X, y, { nFolds: 10, seed: 1, select: '1se' });
console.log(`\n10-fold CV: alphaMin ${cv.alphaMin.toFixed(4)}, alpha1se ${cv.alpha1se.toFixed(4)} (model refit at alpha1se)`);
console.log('feature   truth    lasso      ols');
const full = ols(X, y);
names.forEach((name, j) => {
  const l = cv.model.coef[j];
  console.log(`${name.padEnd(8)} ${truth[j].toFixed(2).padStart(6)} ${(l === 0 ? '0' : l.toFixed(3)).padStart(8)} ${full.coef[j].toFixed(3).padStart(8)}`);
});
console.log(`\nR² lasso ${r2(y, predict(cv.model, X)).toFixed(4)}, ols ${r2(y, predict(full, X)).toFixed(4)}`);
