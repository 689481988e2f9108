import { describe, expect, it } from 'vitest';
import { foldsShortfall } from '../src/index.js';

describe('foldsShortfall', () => {
  it('says why k folds cannot run on so few rows, and whether fewer folds would do', () => {
    expect(foldsShortfall(10, 10)).toBeNull();
    expect(foldsShortfall(7, 10)).toEqual({ message: '7 rows are too few for 10-fold cross-validation', fixable: true });
    expect(foldsShortfall(1, 5)).toEqual({ message: '1 row is too few for cross-validation (it needs at least 2)', fixable: false });
    expect(foldsShortfall(0, 5)).toEqual({ message: '0 rows are too few for cross-validation (it needs at least 2)', fixable: false });
  });
});
