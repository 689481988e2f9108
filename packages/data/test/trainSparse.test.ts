import { createRng, fromModelJSON, predictInterval, relaxedLassoCV } from '@lassokit/core';
import { describe, expect, it } from 'vitest';
import { readSvmlight, trainSparse } from '../src/index.js';

// A sparse file as svmlight writes it: 200 rows, 300 features, ~5 % nonzero, y from three of them.
const rand = createRng(3);
const lines = Array.from({ length: 200 }, () => {
  const cells: string[] = [];
  let y = 0;
  for (let j = 1; j <= 300; j++) {
    if (rand() < 0.05 || (j <= 3 && rand() < 0.5)) {
      const v = Math.round((2 * rand() - 1) * 1000) / 1000;
      cells.push(`${j}:${v}`);
      if (j <= 3) y += [3, -2, 1][j - 1] * v;
    }
  }
  return `${(y + 0.1 * (rand() - 0.5)).toFixed(4)} ${cells.join(' ')}`;
});
const data = readSvmlight(`${lines.join('\n')}\n`, { source: 'd.svm' });

describe('trainSparse: the relaxed Lasso on a sparse file, X kept sparse', () => {
  it('fits relax (with CV+ intervals from the relaxed folds), packed as the relaxed Lasso; the model is relaxedLassoCV on the CSC design', () => {
    const { model, relaxed } = trainSparse(data, { relax: true, cv: { nFolds: 5, seed: 1 }, intervals: 'cv+' });
    expect(model.kind).toBe('relaxedLasso');
    expect(model.schemaVersion).toBe(2);
    const direct = relaxedLassoCV(data.X, data.y, { nFolds: 5, seed: 1 });
    expect(relaxed?.gammaMin).toBe(direct.gammaMin);
    expect(model.training.gamma).toBe(direct.model.gamma);
    const back = fromModelJSON(JSON.stringify(model));
    expect(back.intervals?.method).toBe('cv+');
    expect(back.intervals?.models).toHaveLength(5);
    const iv = predictInterval(back, data.X, { level: 0.9 });
    const covered = Array.from(data.y).filter((v, i) => iv.lower[i] <= v && v <= iv.upper[i]).length / data.y.length;
    expect(covered).toBeGreaterThan(0.8); // its own training rows: a sanity check, not the guarantee
  });

  it('split intervals from sparse calibration rows: the model refitted on the rest (CV again), its residuals there', () => {
    const { model } = trainSparse(data, { intervals: 'split', cv: { nFolds: 5, seed: 1 } });
    const back = fromModelJSON(JSON.stringify(model));
    expect(back.intervals?.method).toBe('split');
    // A seeded quarter calibrates (trainTestSplit, as for a CSV): 50 of the 200 rows.
    expect(back.intervals?.models[0].residuals).toHaveLength(50);
    const iv = predictInterval(back, data.X, { level: 0.9 });
    expect(Array.from(iv.upper, (u, i) => u - iv.lower[i]).every((w) => w > 0)).toBe(true);
    expect(() => trainSparse(data, { relax: true, alpha: 0.1 })).toThrow(/relax chooses α and γ by cross-validation: leave alpha out/);
  });
});
