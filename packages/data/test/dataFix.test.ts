import { describe, expect, it } from 'vitest';
import { DataError, POLICY_ASKED, buildDesign, buildNumericDesign, dataFix, formattedNumber, isDateCell, parseTable, withFix, type DataFix, type FixWords } from '../src/index.js';

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

  it('a label written with numbers (an open class "5+", a bound "<1", a range "10-20") is a category too, not a number in another format', () => {
    for (const label of ['5+', '<1', '>= 65', '≤ 0.5', '10-20', '1–2', '18 to 24', '2,5-3,5']) {
      expect(fixOf(`y,beds\n1,2\n2,${label.includes(',') ? `"${label}"` : label}\n`), label).toEqual({ kind: 'categorical', column: 'beds' });
      expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'beds', value: label }, { engineType: 'VARCHAR' }), { target: 'y' }), label).toEqual({ kind: 'categorical', column: 'beds' });
    }
    expect(fixOf('y,x\n1,2\n5+,3\n')).toEqual({ kind: 'numericTarget', column: 'y' });
    // Numbers malformed, not labels: no fix is guessed.
    for (const cell of ['1..5', '3.5.', '+-2', '5++', '1/2']) expect(fixOf(`y,x\n1,2\n2,${cell}\n`), cell).toBeUndefined();
  });

  it('formattedNumber: a number written for people, and how it reads plainly; undefined for plain numbers, text and dates', () => {
    expect(formattedNumber('$2,198')).toEqual({ plain: '2198', marks: 'a currency sign and a thousands separator (or a decimal comma: 2.198)' });
    expect(formattedNumber('6.54%')).toEqual({ plain: '6.54', marks: 'a percent sign' });
    expect(formattedNumber('-€1.234.567,5')).toEqual({ plain: '-1234567.5', marks: 'a currency sign, thousands separators and a decimal comma' });
    for (const cell of ['2198', '6.54', 'ford', '2023-08-09', '5+', '$', '%']) expect(formattedNumber(cell), cell).toBeUndefined();
  });

  it('isDateCell: the dates and times the date fix knows, not numbers or words', () => {
    for (const cell of ['2023-08-09', ' 2021-04-10T12:30:00Z ', '04/10/2021', '10.04.2021', '10-Apr-2021', 'Apr 10, 2021', '12:30', '9:05 pm']) expect(isDateCell(cell), cell).toBe(true);
    for (const cell of ['2023', '18.5', '1,234', 'ford pinto', 'April', '', `2023-08-09${' '.repeat(40)}x`]) expect(isDateCell(cell), cell).toBe(false);
  });

  it("a file's own missing mark ('?', 'n/a', '-')", () => {
    for (const mark of ['?', 'n/a', '-']) expect(fixOf(`y,x\n1,2\n2,${mark}\n`)).toEqual({ kind: 'missingMark', column: 'x', mark });
  });

  it('a mark a CSV reads as missing by default, met as text elsewhere (a JSON row\'s "NaN"): a missing mark, not a category', () => {
    for (const mark of ['NaN', 'NA', 'null']) {
      const e = new DataError('NOT_A_NUMBER', `${JSON.stringify(mark)} is not a number`, { source: 'rows', column: 'x', value: mark });
      expect(dataFix(e, { target: 'y' })).toEqual({ kind: 'missingMark', column: 'x', mark });
    }
  });

  it('a missing feature value: a missing-value policy; a missing target: dropping the row', () => {
    expect(fixOf('y,x\n1,2\n2,\n')).toEqual({ kind: 'missingPolicy', column: 'x' });
    expect(fixOf('y,x\n1,2\n,3\n')).toEqual({ kind: 'dropMissingTarget', column: 'y' });
  });

  it('a missing weight: none (no policy drops or fills a weight; "drop the rows without a target" was suggested)', () => {
    const e = new DataError('MISSING_VALUE', '1 weight is missing in the rows kept (every row needs a weight ≥ 0)', { source: 'source', column: 'w' });
    expect(dataFix(e, { target: 'y', weights: 'w' })).toBeUndefined();
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
    // Numbers the engine typed as text: a cast, which the message asks for, not one-hot encoding.
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'x' }, { engineType: 'VARCHAR', numbersAsText: true }), { target: 'y' })).toBeUndefined();
    // Its example cell decides as a cell in memory does: a number in no known format has no fix; text is a category.
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'x', value: '3.504' }, { engineType: 'VARCHAR' }), { target: 'y' })).toBeUndefined();
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'x', value: 'inf' }, { engineType: 'VARCHAR' }), { target: 'y' })).toBeUndefined();
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'x', value: '18,5' }, { engineType: 'VARCHAR' }), { target: 'y' })).toEqual({ kind: 'decimalComma', column: 'x', plain: '18.5' });
    expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'x', value: 'ford pinto' }, { engineType: 'VARCHAR' }), { target: 'y' })).toEqual({ kind: 'categorical', column: 'x' });
  });

  it('the data library asks for a policy in the words front ends replace', () => {
    expect(() => buildDesign(parseTable('y,x\n1,2\n2,\n', { source: 'f.csv' }), { target: 'y' })).toThrow(`f.csv:3: column "x": value is missing ${POLICY_ASKED}`);
  });

  it('a number written for people (currency, thousands separators, decimal comma, percent): how it reads plainly, in any column', () => {
    const formatted = (cell: string, plain: string, marks: string, column = 'x') => {
      const csv = column === 'x' ? `y,x\n1,2\n2,"${cell}"\n` : `y,x\n1,2\n"${cell}",3\n`;
      expect(fixOf(csv), cell).toEqual({ kind: 'formattedNumber', column, plain, marks });
    };
    formatted('$461,720', '461720', 'a currency sign and a thousands separator (or a decimal comma: 461.720)');
    formatted('$1,234,567.50', '1234567.50', 'a currency sign and thousands separators', 'y');
    formatted('-$1,234,567', '-1234567', 'a currency sign and thousands separators');
    formatted('$-12.5', '-12.5', 'a currency sign');
    formatted('3,504', '3504', 'a thousands separator (or a decimal comma: 3.504)', 'y');
    formatted('1.234.567,89 €', '1234567.89', 'a currency sign, thousands separators and a decimal comma');
    formatted('1 234,5', '1234.5', 'spaces between digits and a decimal comma');
    formatted('1 234 567', '1234567', 'spaces between digits');
    // A decimal comma alone: the file may be read with one (its own kind of fix).
    expect(fixOf('y,x\n1,2\n2,"4,5"\n')).toEqual({ kind: 'decimalComma', column: 'x', plain: '4.5' });
    expect(fixOf('y,x\n1,2\n"-18,25",3\n')).toEqual({ kind: 'decimalComma', column: 'y', plain: '-18.25' });
    // A lone 0 before the comma is no thousands group: 0,241 is a decimal comma, not 241.
    expect(fixOf('y,x\n1,2\n2,"-0,241"\n')).toEqual({ kind: 'decimalComma', column: 'x', plain: '-0.241' });
    formatted('12 %', '12', 'a percent sign');
    formatted('£7', '7', 'a currency sign');
  });

  it('a date or time in a feature: leave it out or derive a number (not a category); in the target, choose a numeric column', () => {
    for (const cell of ['2021-04-10', '2021-04-10T12:30:00Z', '2021-04-10 12:30:00.123+02:00', '04/10/2021', '10.04.2021', '10-Apr-2021', 'Apr 10, 2021', 'September 3 2020', '12:30', '9:05 pm'])
      expect(fixOf(`y,x\n1,2\n2,${JSON.stringify(cell)}\n`), cell).toEqual({ kind: 'date', column: 'x' });
    expect(fixOf('y,x\n1,2\n2021-04-10,3\n')).toEqual({ kind: 'numericTarget', column: 'y' });
    // An engine's date and time types.
    for (const engineType of ['DATE', 'TIMESTAMP WITH TIME ZONE', 'DateTime64(3)', 'timestamp without time zone', 'interval'])
      expect(dataFix(new DataError('NOT_A_NUMBER', '…', { source: 'source', column: 'day' }, { engineType }), { target: 'y' }), engineType).toEqual({ kind: 'date', column: 'day' });
  });

  it('no fix to suggest: infinity, numbers that are no format (1,23,45; 12,345.6.7), errors without a column', () => {
    expect(fixOf('y,x\n1,2\n2,inf\n')).toBeUndefined();
    expect(fixOf('y,x\n1,2\n2,"1,23,45"\n')).toBeUndefined();
    expect(fixOf('y,x\n1,2\n2,"12,345.6.7"\n')).toBeUndefined();
    expect(dataFix(new DataError('EMPTY_INPUT', 'is empty', { source: 'f.csv' }), { target: 'y' })).toBeUndefined();
    expect(dataFix(new Error('not a data error'), { target: 'y' })).toBeUndefined();
  });

  it("withFix says the fix in a front end's words: appended, or in place of the library's request for a policy", () => {
    const words: FixWords = { categorical: (c) => `CAT ${c}`, missingMark: (m) => `NA ${m}`, missingPolicy: '(POLICY)', dropMissingTarget: 'DROP', numericTarget: (c) => `NUM ${c}`, date: (c) => `DATE ${c}`, formattedNumber: (plain, marks) => `PLAIN ${plain} (${marks})` };
    const thrown = (csv: string): unknown => {
      try {
        buildDesign(parseTable(csv, { source: 'f.csv' }), { target: 'y' });
      } catch (e) {
        return e;
      }
      return expect.fail('expected a DataError');
    };
    const said = (csv: string) => (withFix(thrown(csv), { target: 'y' }, words) as Error).message;
    expect(said('y,x,name\n1,2,ford pinto\n')).toBe('f.csv:2: column "name": "ford pinto" is not a number; CAT name');
    expect(said('y,x\n1,?\n')).toBe('f.csv:2: column "x": "?" is not a number; NA ?');
    expect(said('y,x\n1,\n2,3\n')).toBe('f.csv:2: column "x": value is missing (POLICY)');
    expect(said('y,x\n,2\n')).toBe('f.csv:2: column "y": target value is missing; DROP');
    expect(said('y,x\nlots,2\n')).toBe('f.csv:2: column "y": "lots" is not a number; NUM y');
    expect(said('y,x\n1,"3,504"\n')).toBe('f.csv:2: column "x": "3,504" is not a number; PLAIN 3504 (a thousands separator (or a decimal comma: 3.504))');
    // Words without decimalComma say it as a formatted number; with it, in their own way.
    expect(said('y,x\n1,"4,5"\n')).toBe('f.csv:2: column "x": "4,5" is not a number; PLAIN 4.5 (a decimal comma)');
    expect((withFix(thrown('y,x\n1,"4,5"\n'), { target: 'y' }, { ...words, decimalComma: (plain) => `COMMA ${plain}` }) as Error).message).toBe('f.csv:2: column "x": "4,5" is not a number; COMMA 4.5');
    expect(said('y,x\n1,2021-04-10\n')).toBe('f.csv:2: column "x": "2021-04-10" is not a number; DATE x');
    expect(said('y,x\n1,"1,2,3"\n')).toBe('f.csv:2: column "x": "1,2,3" is not a number');
    const other = new Error('not a data error');
    expect(withFix(other, { target: 'y' }, words)).toBe(other);
  });
});
