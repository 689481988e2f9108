import { describe, expect, it } from 'vitest';
import { loadFixture } from '@lassokit/testing';
import { dataFix, readMatrixMarket, readSvmlight, readSvmlightForModel, readTarget, withFix } from '../src/index.js';

interface FileCase {
  kind: 'svmlight' | 'mtx';
  name: string;
  text: string;
  rows: number;
  cols: number;
  colPtr: number[];
  rowIdx: number[];
  values: number[];
  y?: number[];
  qid?: number[] | null;
}
const { cases } = loadFixture<{ cases: FileCase[] }>(new URL('./fixtures/sparseFiles.json', import.meta.url));

describe('sparse files read as scikit-learn / scipy read them', () => {
  for (const c of cases) {
    it(`${c.kind} ${c.name}`, () => {
      // The fixtures were read with scikit-learn's zero_based="auto".
      const r = c.kind === 'svmlight' ? readSvmlight(c.text, { zeroBased: 'auto' }) : readMatrixMarket(c.text);
      expect([r.X.rows, r.X.cols]).toEqual([c.rows, c.cols]);
      expect(Array.from(r.X.colPtr)).toEqual(c.colPtr);
      expect(Array.from(r.X.rowIdx)).toEqual(c.rowIdx);
      expect(Array.from(r.X.values)).toEqual(c.values);
      if (c.kind === 'svmlight') {
        expect(Array.from((r as unknown as { y: Float64Array }).y)).toEqual(c.y);
        if (c.qid) expect(Array.from((r as unknown as { qid?: Int32Array }).qid ?? [])).toEqual(c.qid);
      }
    });
  }
  it('svmlight feature names follow the file (1-based x1 …, 0-based x0 …), and a target file pairs with Matrix Market', () => {
    expect(readSvmlight('1 1:2 3:4\n').featureNames).toEqual(['x1', 'x2', 'x3']);
    expect(readSvmlight('1 0:2 2:4\n', { zeroBased: true }).featureNames).toEqual(['x0', 'x1', 'x2']);
    expect(readSvmlight('1 0:2 2:4\n', { zeroBased: 'auto' }).featureNames).toEqual(['x0', 'x1', 'x2']);
    expect(readSvmlight('1 1:2 2:4\n', { zeroBased: 'auto' }).featureNames).toEqual(['x1', 'x2']);
    const m = readMatrixMarket('%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 3\n');
    expect(Array.from(m.X.colPtr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(readTarget('1\n# c\n2.5\n-3\n', 3))).toEqual([1, 2.5, -3]);
  });
});

describe('bad sparse files are refused, located by line and token', () => {
  it.each([
    ['a value that is not a number', '1 1:2\n-1 2:x 3:1\n', /^data\.svm:2: token "2:x": "x" is not a number/],
    ['a value beyond the range of a double', '1 1:2\n-1 2:1e999\n', /^data\.svm:2: token "2:1e999": "1e999" is beyond the range of a double \(±1\.8e308\)/],
    ['a token without a colon', '1 1:2 7\n', /^data\.svm:1: token "7" is not index:value/],
    ['indices out of order', '1 3:1 2:1\n', /^data\.svm:1: token "2:1": indices must increase within a line \(2 after 3\)/],
    ['a zero index in a 1-based file', '1 1:2\n-1 0:1 3:1\n', /^data\.svm:2: token "0:1": feature index 0 in a 1-based file \(indices start at 1; read 0-based files with zeroBased: true\)$/],
    ['a label that is not a number', 'yes 1:1\n', /^data\.svm:1: the label "yes" is not a number/],
    ['an index beyond the feature limit (work, not bytes)', '1 999999999:1\n', /^data\.svm:1: token "999999999:1": feature index 999999999 is beyond the limit of 16777216 features/],
    ['no data', '# only a comment\n\n', /^data\.svm: has no data lines/],
  ])('svmlight: %s', (_name, text, message) => {
    expect(() => readSvmlight(text, { source: 'data.svm' })).toThrow(message);
  });
  it('svmlight at a given width: an index past it is located at its token; a model reads in its own base', () => {
    expect(() => readSvmlight('1 1:2\n2 2:1 4:1\n', { source: 'd.svm', nFeatures: 3 })).toThrow(/^d\.svm:2: token "4:1": feature index 4 is past the 3 features \(indices 1 … 3\)$/);
    expect(() => readSvmlight('1 0:2 3:1\n', { source: 'd.svm', nFeatures: 3, zeroBased: true })).toThrow(/^d\.svm:1: token "3:1": feature index 3 is past the 3 features \(indices 0 … 2\)$/);
    expect(() => readSvmlight('1 0:2 3:1\n', { source: 'd.svm', nFeatures: 3, zeroBased: 'auto' })).toThrow(/^d\.svm: feature index 3 is past the 3 features given$/);
    expect(readSvmlightForModel('0 2:1\n', 'r.svm', ['x1', 'x2', 'x3']).X.cols).toBe(3);
    expect(readSvmlightForModel('0 0:1\n', 'r.svm', ['x0', 'x1']).X.cols).toBe(2);
    expect(() => readSvmlightForModel('0 0:1\n', 'r.svm', ['x1', 'x2'])).toThrow(/^r\.svm:1: token "0:1": feature index 0 in a 1-based file \(the model was fitted on a 1-based file: its features are x1 … x2\)$/);
  });

  it('svmlight: an index 0 is a fix each front end words (its flag or field in place of the option)', () => {
    let error: unknown;
    try {
      readSvmlight('1 0:1\n', { source: 'z.svm' });
    } catch (e) {
      error = e;
    }
    expect(dataFix(error, {})).toEqual({ kind: 'zeroBased' });
    const words = { categorical: () => '', missingMark: () => '', missingPolicy: '', dropMissingTarget: '', numericTarget: () => '', date: () => '', formattedNumber: () => '', zeroBased: '(give --zero-based)' };
    expect((withFix(error, {}, words) as Error).message).toBe('z.svm:1: token "0:1": feature index 0 in a 1-based file (give --zero-based)');
  });
  it('svmlight: more nonzeros than allowed stops at the line that crosses the limit', () => {
    expect(() => readSvmlight('1 1:1 2:1\n1 1:1 2:1\n', { source: 'd.svm', maxNonzeros: 3 })).toThrow(/^d\.svm:2: more than 3 nonzeros/);
  });
  it.each([
    ['not Matrix Market', 'rows cols\n', /^m\.mtx:1: is not a Matrix Market file/],
    ['a dense array file', '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n', /only coordinate \(sparse\) Matrix Market files/],
    ['a row that is not a whole number', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1.5 1 5\n', /^m\.mtx:3: row "1\.5" is not a whole number/],
    ['a row outside the size', '%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 5\n', /^m\.mtx:3: row "3" is outside 1 … 2/],
    ['fewer entries than declared', '%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 5\n', /^m\.mtx: has 1 entries; the size line declares 2/],
    ['a bad value', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 five\n', /^m\.mtx:3: value "five" is not a number/],
  ])('Matrix Market: %s', (_name, text, message) => {
    expect(() => readMatrixMarket(text, { source: 'm.mtx' })).toThrow(message);
  });
  it('a target file of the wrong length', () => {
    expect(() => readTarget('1\n2\n', 3, 'y.txt')).toThrow(/^y\.txt: has 2 values; the matrix has 3 rows/);
  });
});
