import type { DenseMatrix } from '@lassokit/core';
import { describe, expect, it } from 'vitest';
import { DataError, applyRecipe, buildDesign, checkRecipe, compileRecipe, designWeights, parseDecimalComma, parseTable, pointUnderDecimalComma } from '../src/index.js';

// The same rows written twice: with decimal points and commas, and with decimal commas and semicolons.
const points = 'mpg,cyl,weight,accel,w\n18.5,8,3504,12.25,1\n15,8,3693,11.5,2\n18,8,3436,11,1.5\n16.25,8,3433,12,1\n24.5,4,2372,15.5,0.5\n27,4,2130,14.5,1\n26.125,4,1835,20.5,2\n';
const commas = points.replaceAll(',', ';').replaceAll('.', ',');

describe('numbers written with a decimal comma (DesignSpec.decimal)', () => {
  it('pointUnderDecimalComma names the cell refused for its point by a decimal-comma recipe, and nothing else', () => {
    const recipe = buildDesign(parseTable(commas), { target: 'mpg', features: ['weight', 'accel'], decimal: ',' }).recipe;
    const refused = (text: string, r = recipe) => {
      try {
        applyRecipe(r, parseTable(text));
      } catch (e) {
        return e;
      }
      throw new Error('not refused');
    };
    expect(pointUnderDecimalComma(refused('weight;accel\n3504;12.5\n'), recipe)).toBe('12.5');
    expect(pointUnderDecimalComma(refused('weight;accel\n3504;heavy\n'), recipe)).toBeUndefined();
    expect(pointUnderDecimalComma(refused('weight\n3504\n'), recipe)).toBeUndefined();
    expect(pointUnderDecimalComma(new Error('12.5'), recipe)).toBeUndefined();
    const pointRecipe: typeof recipe = { ...recipe, decimal: undefined };
    expect(pointUnderDecimalComma(refused('weight,accel\n3504,heavy.5\n', pointRecipe), pointRecipe)).toBeUndefined();
  });

  it('parseDecimalComma reads one comma as the decimal mark and refuses a point (3.504 may be 3504)', () => {
    expect(parseDecimalComma('18,5')).toBe(18.5);
    expect(parseDecimalComma('-0,25')).toBe(-0.25);
    expect(parseDecimalComma('3504')).toBe(3504);
    expect(parseDecimalComma('1,5e3')).toBe(1500);
    expect(parseDecimalComma('18,')).toBe(18); // as '18.' reads with a point
    for (const text of ['3.504', '1.234,5', '1,2,3', ',', '', 'Infinity', '0x1F']) expect(parseDecimalComma(text), text).toBeNaN();
  });

  it('a design from decimal commas equals the one from the same numbers with points; the recipe records the comma', () => {
    const spec = { target: 'mpg', features: ['cyl', 'weight', 'accel'], categorical: ['cyl'] };
    const fromPoints = buildDesign(parseTable(points, { source: 'p.csv' }), spec);
    const fromCommas = buildDesign(parseTable(commas, { source: 'c.csv' }), { ...spec, decimal: ',' });
    expect(parseTable(commas).delimiter).toBe(';');
    expect(fromCommas.X).toEqual(fromPoints.X);
    expect(fromCommas.y).toEqual(fromPoints.y);
    expect(fromCommas.recipe).toEqual({ ...fromPoints.recipe, decimal: ',' });
    expect(buildDesign(parseTable(points), { ...spec, decimal: '.' }).recipe).toEqual(fromPoints.recipe);
    // Weights are read with the design's mark.
    const table = parseTable(commas);
    expect(Array.from(designWeights(table, fromCommas, 'w'))).toEqual([1, 2, 1.5, 1, 0.5, 1, 2]);
  });

  it('predict-time rows are read with the recipe’s comma, compiled or interpreted alike; a point is refused, located', () => {
    const { recipe } = buildDesign(parseTable(commas), { target: 'mpg', features: ['weight', 'accel'], decimal: ',' });
    const rows = [{ weight: '3000', accel: '12,5' }, { weight: 2500, accel: 15 }];
    const applied = applyRecipe(recipe, rows);
    expect(Array.from((applied.X as DenseMatrix).data)).toEqual([3000, 2500, 12.5, 15]);
    expect(compileRecipe(recipe)(rows)).toEqual(applied.X);
    expect(compileRecipe(recipe)([{ weight: '3.000', accel: '12' }])).toBeNull();
    expect(() => applyRecipe(recipe, [{ weight: '3.000', accel: '12' }])).toThrow('row 0: column "weight": "3.000" is not a number written with a decimal comma (no point, at most one comma)');
  });

  it('a point in a training file read with a decimal comma is refused at its line, not read either way', () => {
    const mixed = commas.replace('3504', '3.504');
    let error: unknown;
    try {
      buildDesign(parseTable(mixed, { source: 'eu.csv' }), { target: 'mpg', decimal: ',' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe('eu.csv:2: column "weight": "3.504" is not a number written with a decimal comma (no point, at most one comma)');
  });

  it('an unknown mark is refused in a spec and in a recipe read from a file', () => {
    expect(() => buildDesign(parseTable(points), { target: 'mpg', decimal: ';' as ',' })).toThrow('decimal must be "." or ","; got ";"');
    const { recipe } = buildDesign(parseTable(points), { target: 'mpg' });
    expect(() => checkRecipe({ ...recipe, decimal: '.' })).toThrow('recipe decimal must be "," when given (a decimal comma); got "."');
  });
});
