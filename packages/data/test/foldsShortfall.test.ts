import { describe, expect, it } from 'vitest';
import { foldsShortfall } from '../src/index.js';

describe('foldsShortfall', () => {
  it('says why k folds cannot run on so few rows, with the front end\'s fix where fewer folds would do', () => {
    const fix = (k: number) => `use ${k} folds or fewer`;
    expect(foldsShortfall(10, 10, fix)).toBeNull();
    expect(foldsShortfall(7, 10, fix)).toBe('7 rows are too few for 10-fold cross-validation: use 7 folds or fewer');
    expect(foldsShortfall(1, 5, fix)).toBe('1 row is too few for cross-validation (it needs at least 2)');
    expect(foldsShortfall(0, 5, fix)).toBe('0 rows are too few for cross-validation (it needs at least 2)');
  });
});
