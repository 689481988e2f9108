import { describe, expect, it } from 'vitest';
import { DataError, POLICY_ASKED, buildDesign, buildNumericDesign, dataFix, parseTable, withFix, type DataFix, type FixWords } from '../src/index.js';

/** The fix for the error a training CSV raises (the numeric fast path leaves every error report to this one). */
function fixOf(csv: string, target = 'y'): DataFix | undefined {
  const caught = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      return dataFix(e, { target });
    }
    return expect.fail('expected a DataError');
  };
  expect(buildNumericDesign(csv, { target, missing: 'error', source: 'f.csv' })).toBeNull();
  return caught(() => buildDesign(parseTable(csv, { source: 'f.csv' }), { target }));
}

describe('dataFix: what would fix a training table, for each front end to word', () => {
  it('text in a numeric feature: one-hot encode it (or leave it out)', () => {
    expect(fixOf('y,x,name\n1,2,ford pinto\n2,3,vw rabbit\n')).toEqual({ kind: 'categorical', column: 'name' });
  });

  it("a file's own missing mark ('?', 'n/a', '-')", () => {
    for (const mark of ['?', 'n/a', '-']) expect(fixOf(`y,x\n1,2\n2,${mark}\n`)).toEqual({ kind: 'missingMark', column: 'x', mark });
  });

  it('a missing feature value: a missing-value policy; a missing target: dropping the row', () => {
    expect(fixOf('y,x\n1,2\n2,\n')).toEqual({ kind: 'missingPolicy', column: 'x' });
    expect(fixOf('y,x\n1,2\n,3\n')).toEqual({ kind: 'dropMissingTarget', column: 'y' });
  });

  it('text in the target: choose a numeric column (a regression target must be numbers)', () => {
    expect(fixOf('y,x\n1,2\nlots,3\n')).toEqual({ kind: 'numericTarget', column: 'y' });
    expect(fixOf('name,x\nford pinto,2\n', 'name')).toEqual({ kind: 'numericTarget', column: 'name' });
  });

  it("an engine's column of a text type (no cell to show) is a categorical fix too, or a numeric-target one", () => {
    const e = new DataError('NOT_A_NUMBER', "is VARCHAR in the engine's type inference, not a number", { source: 'source', column: 'city' }, { engineType: 'VARCHAR' });
    expect(dataFix(e, { target: 'y' })).toEqual({ kind: 'categorical', column: 'city' });
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'y' }, { engineType: 'VARCHAR' }), { target: 'y' })).toEqual({ kind: 'numericTarget', column: 'y' });
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'w' }, { engineType: 'VARCHAR' }), { target: 'y', weights: 'w' })).toBeUndefined();
  });

  it('the data library asks for a policy in the words front ends replace', () => {
    expect(() => buildDesign(parseTable('y,x\n1,2\n2,\n', { source: 'f.csv' }), { target: 'y' })).toThrow(`f.csv:3: column "x": value is missing ${POLICY_ASKED}`);
  });

  it('no fix to suggest: a thousands separator (in a feature or the target), infinity, errors without a column', () => {
    expect(fixOf('y,x\n1,2\n2,"3,504"\n')).toBeUndefined();
    expect(fixOf('y,x\n1,2\n"3,504",3\n')).toBeUndefined();
    expect(fixOf('y,x\n1,2\n2,inf\n')).toBeUndefined();
    expect(dataFix(new DataError('EMPTY_INPUT', 'is empty', { source: 'f.csv' }), { target: 'y' })).toBeUndefined();
    expect(dataFix(new Error('not a data error'), { target: 'y' })).toBeUndefined();
  });

  it("withFix says the fix in a front end's words: appended, or in place of the library's request for a policy", () => {
    const words: FixWords = { categorical: (c) => `CAT ${c}`, missingMark: (m) => `NA ${m}`, missingPolicy: '(POLICY)', dropMissingTarget: 'DROP', numericTarget: (c) => `NUM ${c}` };
    const said = (csv: string) => {
      try {
        buildDesign(parseTable(csv, { source: 'f.csv' }), { target: 'y' });
      } catch (e) {
        return (withFix(e, { target: 'y' }, words) as Error).message;
      }
      return expect.fail('expected a DataError');
    };
    expect(said('y,x,name\n1,2,ford pinto\n')).toBe('f.csv:2: column "name": "ford pinto" is not a number; CAT name');
    expect(said('y,x\n1,?\n')).toBe('f.csv:2: column "x": "?" is not a number; NA ?');
    expect(said('y,x\n1,\n2,3\n')).toBe('f.csv:2: column "x": value is missing (POLICY)');
    expect(said('y,x\n,2\n')).toBe('f.csv:2: column "y": target value is missing; DROP');
    expect(said('y,x\nlots,2\n')).toBe('f.csv:2: column "y": "lots" is not a number; NUM y');
    expect(said('y,x\n1,"3,504"\n')).toBe('f.csv:2: column "x": "3,504" is not a number');
    const other = new Error('not a data error');
    expect(withFix(other, { target: 'y' }, words)).toBe(other);
  });
});
