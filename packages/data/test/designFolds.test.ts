import { describe, expect, it } from 'vitest';
import { elasticNetCV } from '@lassokit/core';
import { DataError, buildDesign, designFolds, parseTable, trainModel } from '../src/index.js';

describe('designFolds', () => {
  it('one fold per distinct value of the kept rows, numbered in the values’ order (numbers numerically)', () => {
    const table = parseTable('y,a,f\n1,2,10\n2,,9\n3,7,2\n4,9,10\n5,1,2\n', { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'], missing: 'drop' });
    const folds = designFolds(table, design.lines, 'f');
    expect(folds.values).toEqual(['2', '10']); // "9" was on the dropped row
    expect(Array.from(folds.ids)).toEqual([1, 0, 1, 0]);
  });

  it('text values too', () => {
    const table = parseTable('y,a,f\n1,2,north\n2,3,east\n3,7,north\n', { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'] });
    expect(Array.from(designFolds(table, design.lines, 'f').ids)).toEqual([1, 0, 1]);
  });

  it('a value is its label as a level: one number spelled twice is one fold, 0x1 is a word (in any row order)', () => {
    for (const order of [['1', '1.0', '0x1', ' 2'], ['0x1', ' 2', '1.0', '1']]) {
      const table = parseTable(`y,a,f\n${order.map((f, i) => `${i},${i * 2},"${f}"`).join('\n')}\n`, { source: 'd.csv' });
      const design = buildDesign(table, { target: 'y', features: ['a'] });
      const folds = designFolds(table, design.lines, 'f');
      expect(folds.values).toEqual(['0x1', '1', '2']);
      expect(Array.from(folds.ids)).toEqual(order.map((f) => ({ '1': 1, '1.0': 1, '0x1': 0, ' 2': 2 })[f]));
    }
  });

  it.each([
    ['a blank label as no fold', 'y,a,f\n1,2,"  "\n2,4,1\n3,5,2\n', 'MISSING_VALUE', /^d\.csv: column "f": 1 row has no fold$/],
    ['more than 1,000 folds', `y,a,f\n${Array.from({ length: 1001 }, (_, i) => `${i},${i % 7},${i}`).join('\n')}\n`, 'INVALID_SPEC', /^d\.csv: column "f": the fold column has more than 1000 distinct values; is it really a fold\?$/],
    ['rows without a fold, counted', 'y,a,f\n1,2,\n2,4,1\n3,5,\n4,1,2\n', 'MISSING_VALUE', /^d\.csv: column "f": 2 rows have no fold$/],
    ['a single fold', 'y,a,f\n1,2,1\n2,4,1\n', 'INVALID_SPEC', /^d\.csv: the fold column "f" gives 1 distinct value; cross-validation needs at least 2$/],
  ])('refuses %s', (_name, csv, code, message) => {
    const table = parseTable(csv, { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'] });
    let e: unknown;
    try {
      designFolds(table, design.lines, 'f');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe(code);
    expect((e as Error).message).toMatch(message);
  });

  it('refuses an unknown column, naming the columns there are', () => {
    const table = parseTable('y,a\n1,2\n2,3\n', { source: 'd.csv' });
    expect(() => designFolds(table, [2, 3], 'fold')).toThrow(/unknown fold column "fold" \(columns: y, a\)/);
  });

  it('trainModel cross-validates over the given folds and records them as such, not by a seed', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.sin(i) + 0.1 * i},${Math.sin(i)},${Math.cos(3 * i)},${['a', 'b', 'c'][i % 3]}`);
    const table = parseTable(`y,x1,x2,f\n${rows.join('\n')}\n`, { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['x1', 'x2'] });
    const { ids } = designFolds(table, design.lines, 'f');
    const { model, cv } = trainModel(design, { cv: { foldIds: ids, foldsBy: 'folds from column "f"' } });
    const direct = elasticNetCV(design.X, design.y, { foldIds: ids, l1Ratios: [1] });
    expect(cv?.nFolds).toBe(3);
    expect(Array.from(cv?.foldIds ?? [])).toEqual(Array.from(ids));
    expect(cv?.alphaMin).toBe(direct.alphaMin);
    expect(model.training.cv).toMatchObject({ nFolds: 3, foldsBy: 'folds from column "f"' });
    expect(model.training.cv).not.toHaveProperty('seed');
    // The relaxed Lasso and both kinds of interval data use the given folds too.
    expect(trainModel(design, { relax: true, cv: { foldIds: ids, foldsBy: 'f' } }).relaxed?.nFolds).toBe(3);
    expect(trainModel(design, { intervals: 'cv+', cv: { foldIds: ids } }).intervals?.models).toHaveLength(3);
    expect(trainModel(design, { alpha: 0.01, intervals: 'cv+', cv: { foldIds: ids } }).intervals?.models).toHaveLength(3);
    expect(trainModel(design, { intervals: 'split', cv: { foldIds: ids } }).intervals?.method).toBe('split');
  });
});
