import type { DenseMatrix } from '@lassokit/core';
import { lasso, predict } from '@lassokit/core';
import { describe, expect, it } from 'vitest';
import { DataError, applyRecipe, buildDesign, columnStd, loadAutoMpg, mergeApplied, parseTable, parseUci, quantile, parseNumber, tokensOf, levelOf } from '../src/index.js';
import { expectClose } from '@lassokit/testing';

function expectDataError(fn: () => unknown, code: string, message: string | RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe(code);
    if (typeof message === 'string') expect((e as Error).message).toBe(message);
    else expect((e as Error).message).toMatch(message);
    return;
  }
  expect.fail('expected a DataError');
}

describe('parseTable', () => {
  it('reads CSV with a BOM, CRLF line ends, quotes and blank lines', () => {
    const t = parseTable('\ufeffname,weight\r\n"Ford, Pinto",2046\r\n\r\n"a ""quoted"" car",3000\r\n', { source: 'cars.csv' });
    expect(t.columns).toEqual(['name', 'weight']);
    expect(t.rows).toEqual([
      ['Ford, Pinto', '2046'],
      ['a "quoted" car', '3000'],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });

  it('detects TSV and reads given column names without a header', () => {
    expect(parseTable('1\t2\n3\t4\n', { header: false, columns: ['a', 'b'] }).rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseTable('a\tb\n1\t2\n').columns).toEqual(['a', 'b']);
  });

  it('counts lines through quoted newlines', () => {
    const t = parseTable('a,b\n"multi\nline",1\n2,3\n');
    expect(t.lines).toEqual([2, 4]);
  });

  it('a piece of a larger file (firstLine) names the lines of the file', () => {
    const t = parseTable('1,2\n"multi\nline",3\n\n4,5\n', { header: false, columns: ['a', 'b'], firstLine: 1001, source: 'x.csv' });
    expect(t.lines).toEqual([1001, 1002, 1005]);
    expectDataError(() => parseTable('1,2\n3\n', { header: false, columns: ['a', 'b'], firstLine: 1001, source: 'x.csv' }), 'RAGGED_ROWS', 'x.csv:1002: expected 2 fields (as in the header), found 1');
  });

  it('a double quote left open is named by the line it opens on, not read silently to the end (as d3-dsv would)', () => {
    expectDataError(() => parseTable('a,b\n1,2\n3,"x\n4,5\n6,7\n', { source: 'x.csv' }), 'RAGGED_ROWS', 'x.csv:3: a double quote opens a field here that is not closed before the end of the file (the rest of the file would be read as that one field)');
    expectDataError(() => parseTable('a,b\n"multi\nline",1\n"ok ""quoted""",2\n3,"open\n', { source: 'x.csv', firstLine: 10 }), 'RAGGED_ROWS', /^x\.csv:14: a double quote opens a field/);
    // Quotes that open no field: inside a plain field (5'10"), or closed, escaped, across lines, with CRLF and semicolons.
    expect(parseTable('h,name\n1,5\'10" tall\n2,"a ""b"" c"\n').rows).toEqual([['1', '5\'10" tall'], ['2', 'a "b" c']]);
    expect(parseTable('h;name\r\n1;"x\r\ny"\r\n2;"z"\r\n').lines).toEqual([2, 4]);
  });

  it("names a column the header leaves unnamed by its position, as DuckDB does (column0 …), and says which", () => {
    const t = parseTable(',y,x,,\n0,1,2,,\n1,3,4,,\n');
    expect(t.columns).toEqual(['column0', 'y', 'x', 'column3', 'column4']);
    expect(t.unnamed).toEqual(['column0', 'column3', 'column4']);
    expect(parseTable('y,x\n1,2\n').unnamed).toBeUndefined();
    // Padded to the width of the last position, as DuckDB pads them.
    const eleven = Array.from({ length: 11 }, (_, j) => (j === 0 ? '' : `c${j}`));
    expect(parseTable(`${eleven.join(',')}\n${'1,'.repeat(10)}1\n`).unnamed).toEqual(['column00']);
  });

  it('reads missing tokens as null', () => {
    expect(parseTable('a,b\nNA,\n1,2\n').rows[0]).toEqual([null, null]);
  });

  it.each([
    ['an empty file', '', 'EMPTY_INPUT', 'x.csv: is empty (no rows)'],
    ['only blank lines', '\n\n  \n', 'EMPTY_INPUT', 'x.csv: is empty (no rows)'],
    ['a header without rows', 'a,b\n', 'EMPTY_INPUT', 'x.csv:1: has a header but no data rows'],
    ['a ragged row', 'a,b\n1,2\n3\n', 'RAGGED_ROWS', 'x.csv:3: expected 2 fields (as in the header), found 1'],
    ['duplicate column names', 'a,b,a\n1,2,3\n', 'DUPLICATE_COLUMN', 'x.csv:1: column name "a" appears twice (columns 1 and 3)'],
    ['an unnamed column whose name is taken', 'column1,,c\n1,2,3\n', 'DUPLICATE_COLUMN', 'x.csv:1: column name "column1" appears twice (columns 1 and 2)'],
    ['binary content', 'PK\u0003\u0004\u0000\u0000', 'NOT_TEXT', 'x.csv: looks like a binary file, not CSV text (it contains NUL bytes)'],
  ])('refuses %s', (_name, text, code, message) => expectDataError(() => parseTable(text, { source: 'x.csv' }), code, message));

  it('parses in linear time: twice the rows take well under four times as long (speed printed)', () => {
    const row = '18.0,8,307.0,130.0,3504,12.0,70,1\n';
    const text = (rows: number) => 'mpg,cyl,disp,hp,weight,acc,year,origin\n' + row.repeat(rows);
    // The fastest of three runs: garbage collection and neighbours only ever add time.
    const time = (t: string) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const t0 = performance.now();
          expect(parseTable(t).rows.length).toBeGreaterThan(0);
          return performance.now() - t0;
        }),
      );
    const [small, large] = [text(50_000), text(100_000)];
    time(small);
    // Retried until under the bound (five attempts at most): quadratic work can never get there.
    let ratio = Infinity;
    for (let attempt = 0; attempt < 5 && ratio >= 3.3; attempt++) ratio = Math.min(ratio, time(large) / time(small));
    // Quadratic work would give 4; garbage collection puts linear parsing near 2–2.5.
    expect(ratio).toBeLessThan(3.3);
    console.log(`parseTable: ${(large.length / 1e6).toFixed(1)} MB at ${(large.length / 1e3 / time(large)).toFixed(1)} MB/s; 2× rows took ${ratio.toFixed(2)}× the time`);
  });
});

describe('parseUci', () => {
  it('reports a malformed line with its number', () => {
    expectDataError(() => parseUci('18.0 8 307.0 130.0 3504. 12.0 70 1\t"ok"\n18.0 8 oops\n'), 'RAGGED_ROWS', 'auto-mpg.data:2: expected 8 numbers and a quoted car name');
  });
});

describe('buildDesign', () => {
  const csv = 'price,size,city,rooms\n100,50,paris,2\n150,70,lyon,3\n,60,paris,2\n200,90,nice,\n120,55,lyon,2\n';
  const table = parseTable(csv, { source: 'homes.csv' });

  it('one-hot encodes categoricals (levels seen in the kept rows), drops rows with missing values when asked, and counts them', () => {
    const d = buildDesign(table, { target: 'price', categorical: ['city'], missing: 'drop' });
    // 'nice' occurs only in a dropped row, so it is not a level; of the two left, lyon is the
    // reference (one indicator for a two-level column).
    expect(d.featureNames).toEqual(['size', 'city_paris', 'rooms']);
    expect(buildDesign(table, { target: 'price', categorical: ['city'], missing: 'mean' }).featureNames).toEqual(['size', 'city_lyon', 'city_nice', 'city_paris', 'rooms']);
    expect(d.report.rowsOut).toBe(3);
    expect(d.report.dropped).toEqual([
      { column: 'price', count: 1, reason: 'missing price' },
      { column: 'rooms', count: 1, reason: 'missing rooms' },
    ]);
  });

  it('a two-level categorical gets one indicator (its second level), fitting as its two indicators do; a given reference wins, and a recipe fitted with both keeps both', () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const smoker = i % 3 === 0 ? 'yes' : 'no';
      const region = ['north', 'south', 'west'][i % 4 === 0 ? 0 : i % 2 === 0 ? 1 : 2];
      const age = 20 + ((i * 7) % 40);
      return `${age},${smoker},${region},${250 * age + (smoker === 'yes' ? 20000 : 0) + ((i * 37) % 11) * 300}`;
    });
    const t = parseTable(`age,smoker,region,charges\n${rows.join('\n')}\n`, { source: 'ins.csv' });
    const d = buildDesign(t, { target: 'charges', categorical: ['smoker', 'region'] });
    // Three levels keep three indicators (a reference would make their penalty depend on which).
    expect(d.featureNames).toEqual(['age', 'smoker_yes', 'region_north', 'region_south', 'region_west']);
    expect(d.recipe.steps.find((s) => s.op === 'oneHot' && s.column === 'smoker')).toMatchObject({ levels: ['no', 'yes'], reference: 'no' });
    expect(Array.from(applyRecipe(d.recipe, [{ age: 30, smoker: 'yes', region: 'west' }, { age: 30, smoker: 'no', region: 'west' }]).X.data.slice(2, 4))).toEqual([1, 0]);
    expect(buildDesign(t, { target: 'charges', categorical: ['smoker'], reference: { smoker: 'yes' }, features: ['age', 'smoker'] }).featureNames).toEqual(['age', 'smoker_no']);
    // The same recipe fitted with both indicators (a model file from before): both stay, and the
    // Lasso over them reaches the same fitted values — centred, the two are exact opposites, so
    // only their difference counts and it costs what the one coefficient does.
    const both = { ...d.recipe, steps: d.recipe.steps.map((s) => (s.op === 'oneHot' && s.column === 'smoker' ? { ...s, reference: null, binaryAsOne: undefined } : s)), features: ['age', 'smoker_no', 'smoker_yes', 'region_north', 'region_south', 'region_west'] };
    const two = applyRecipe(both, t);
    expect(two.featureNames).toEqual(both.features);
    const one = lasso(d.X, d.y, { alpha: 500, tol: 1e-12 });
    const pair = lasso(two.X, d.y, { alpha: 500, tol: 1e-12 });
    expectClose(predict(one, d.X), predict(pair, two.X), { rtol: 1e-7, atol: 1e-6 });
    expect(one.coef[1]).toBeGreaterThan(0);
    expect(one.coef[1]).toBeCloseTo(pair.coef[2] - pair.coef[1], 3);
  });

  it("a column the header leaves unnamed: left out when empty (a spreadsheet's trailing column), refused when it holds values (pandas' index) unless features are listed", () => {
    const trailing = parseTable('y,x,,\n1,2,,\n2,5,,\n3,4,,\n', { source: 'sheet.csv' });
    const d = buildDesign(trailing, { target: 'y' });
    expect(d.featureNames).toEqual(['x']);
    expect(d.report.warnings).toEqual(['columns 3, 4 have no name and no values; left out']);
    expect(buildDesign(parseTable('y,x,\n1,2,\n2,5,\n', { source: 's.csv' }), { target: 'y' }).report.warnings).toEqual(['column 3 has no name and no values; left out']);
    // Many: one warning, the list cut (a header of empty names is a small request).
    const many = buildDesign(parseTable(`y,x${','.repeat(5000)}\n1,2${','.repeat(5000)}\n2,5${','.repeat(5000)}\n`, { source: 's.csv' }), { target: 'y' });
    expect(many.featureNames).toEqual(['x']);
    expect(many.report.warnings).toEqual([`columns ${Array.from({ length: 20 }, (_, i) => i + 3).join(', ')} and 4980 more have no name and no values; left out`]);
    const indexed = parseTable(',y,x\n0,1,2\n1,2,5\n2,3,4\n', { source: 'pandas.csv' });
    expectDataError(() => buildDesign(indexed, { target: 'y' }), 'INVALID_SPEC', `pandas.csv: column "column0": the header leaves column 1 unnamed (read as "column0"), yet it holds values such as "0" — a row index, as pandas' to_csv writes? List the features to leave it out, or name it in the header`);
    expect(buildDesign(indexed, { target: 'y', features: ['x'] }).featureNames).toEqual(['x']);
    // Listed, it is a feature like any other.
    expect(buildDesign(indexed, { target: 'y', features: ['column0', 'x'] }).featureNames).toEqual(['column0', 'x']);
  });

  it('a categorical column with a level for most rows (over 50, one per two rows) is fitted with a warning', () => {
    const rows = (n: number, level: (i: number) => string) => parseTable(`y,x,k\n${Array.from({ length: n }, (_, i) => `${i % 7},${i % 5},${level(i)}`).join('\n')}\n`, { source: 'k.csv' });
    const near = buildDesign(rows(120, (i) => `id${i}`), { target: 'y', categorical: ['k'] });
    expect(near.report.warnings).toEqual(['column "k" has 120 levels in 120 rows: one-hot encoding gives nearly every row a feature of its own, which rarely predicts new rows (an identifier, a name or a measurement?)']);
    // 60 levels in 200 rows, or 40 in 60: no warning.
    expect(buildDesign(rows(200, (i) => `g${i % 60}`), { target: 'y', categorical: ['k'] }).report.warnings).toEqual([]);
    expect(buildDesign(rows(60, (i) => `g${i % 40}`), { target: 'y', categorical: ['k'] }).report.warnings).toEqual([]);
  });

  it('imputes the training median, drops a reference level, logs and clips', () => {
    const d = buildDesign(table, {
      target: 'price',
      categorical: ['city'],
      reference: { city: 'paris' },
      missing: 'median',
      log: ['size'],
      clip: { rooms: [0, 0.5] },
    });
    expect(d.featureNames).toEqual(['log_size', 'city_lyon', 'city_nice', 'rooms']);
    expect(d.report.imputed).toEqual([{ column: 'rooms', count: 1, value: 2 }]);
    expectClose((d.X as DenseMatrix).data.subarray(0, 4), [50, 70, 90, 55].map(Math.log), { rtol: 1e-15 });
  });

  it.each([
    ['an unknown target', { target: 'cost' }, 'UNKNOWN_COLUMN', 'homes.csv: unknown target column "cost" (columns: price, size, city, rooms)'],
    ['an unknown feature', { target: 'price', features: ['size', 'garden'] }, 'UNKNOWN_COLUMN', /unknown feature column "garden"/],
    ['a non-numeric feature', { target: 'price', features: ['city'], missing: 'drop' as const }, 'NOT_A_NUMBER', 'homes.csv:2: column "city": "paris" is not a number'],
    ['a missing value under the default policy', { target: 'price', features: ['size'] }, 'MISSING_VALUE', 'homes.csv:4: column "price": target value is missing'],
    ['too many levels', { target: 'price', features: ['size'], categorical: ['size'], missing: 'drop' as const, maxLevels: 2 }, 'TOO_MANY_LEVELS', /column "size": has 4 distinct values; one-hot encoding allows at most 2/],
  ])('refuses %s', (_name, spec, code, message) => expectDataError(() => buildDesign(table, spec as never), code, message));

  it('names the line and column of a bad number in a non-numeric target', () => {
    const t = parseTable('y,x\n1,2\n"3,504",4\n', { source: 'data.csv' });
    expectDataError(() => buildDesign(t, { target: 'y' }), 'NOT_A_NUMBER', 'data.csv:3: column "y": "3,504" is not a number');
  });

  it('says a number too large for a double is one, not "not a number"', () => {
    const t = parseTable('y,x\n1,2\n2,-1e400\n', { source: 'data.csv' });
    expectDataError(() => buildDesign(t, { target: 'y' }), 'NOT_A_NUMBER', 'data.csv:3: column "x": "-1e400" is beyond the range of a double (±1.8e308)');
  });

  it('warns about a column that is entirely missing or constant, and keeps going', () => {
    const t = parseTable('y,a,b,c\n1,,5,1\n2,,5,2\n3,,5,4\n');
    const d = buildDesign(t, { target: 'y' });
    expect(d.featureNames).toEqual(['b', 'c']);
    expect(d.report.warnings).toEqual(['column "a" is entirely missing; left out', 'column "b" is constant (5); it cannot help a model with an intercept']);
  });

  it('warns about a constant target on both the numeric fast path and the recipe path', () => {
    const warning = 'target "y" is constant (2): there is nothing to learn; every model predicts 2';
    const t = parseTable('y,a,k\n2,1,u\n2,3,v\n2,4,u\n');
    expect(buildDesign(t, { target: 'y', features: ['a'] }).report.warnings).toEqual([warning]);
    expect(buildDesign(t, { target: 'y', features: ['a', 'k'], categorical: ['k'] }).report.warnings).toEqual([warning]);
    expect(buildDesign(parseTable('y,a\n2,1\n3,2\n'), { target: 'y' }).report.warnings).toEqual([]);
  });
});

describe('applyRecipe at predict time', () => {
  const design = loadAutoMpg();
  const car = { cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 };

  it('transforms raw specs into the ten features', () => {
    const { X, featureNames, warnings } = applyRecipe(design.recipe, [car]);
    expect(featureNames).toHaveLength(10);
    expect(warnings).toEqual([]);
    expectClose(Array.from(X.data), [0, 1, 0, 0, 0, 15, 16, Math.log(2500), Math.log(120), Math.log(90)], { rtol: 1e-15 });
    const fit = lasso(design.X, design.y, { alpha: 0.01 });
    const mpg = predict(fit, X)[0];
    expect(mpg).toBeGreaterThan(20);
    expect(mpg).toBeLessThan(40);
  });

  it('gives an unknown level all-zero indicators and out-of-range values a warning', () => {
    const { X, warnings } = applyRecipe(design.recipe, [{ ...car, cylinders: 7, weight: 9000, horsepower: 400 }]);
    expect(Array.from(X.data.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(warnings).toEqual([
      'row 0: horsepower = 400 is outside the training range [46, 230]; the prediction extrapolates',
      'row 0: weight = 9000 is outside the training range [1613, 5140]; the prediction extrapolates',
      'row 0: cylinders = 7 was not seen in training (levels 3, 4, 5, 6, 8); its indicator columns are all 0',
      'row 0: horsepower = 400 is clipped to [48, 220.45], the training 1st–99th percentile range',
    ]);
  });

  it('values outside a training range: the first three located per input, then one line counting the rest; pieces merge as one run', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ ...car, weight: i < 8 ? 9000 + i : 2500, acceleration: i === 9 ? 99 : 16 }));
    const applied = applyRecipe(design.recipe, rows);
    expect(applied.warnings).toEqual([
      'row 0: weight = 9000 is outside the training range [1613, 5140]; the prediction extrapolates',
      'row 1: weight = 9001 is outside the training range [1613, 5140]; the prediction extrapolates',
      'row 2: weight = 9002 is outside the training range [1613, 5140]; the prediction extrapolates',
      'weight: 5 more values outside the training range [1613, 5140]; their predictions extrapolate',
      'row 9: acceleration = 99 is outside the training range [8, 24.8]; the prediction extrapolates',
      'row 9: acceleration = 99 is clipped to [9.455, 22.317], the training 1st–99th percentile range',
    ]);
    expect(applied.tallies.map((t) => [t.key, t.count])).toEqual([['range:weight', 8], ['range:acceleration', 1], ['clip:acceleration', 1]]);
    // Two pieces of 5 rows each read as the 10 rows at once (rows are numbered per piece here).
    const [a, b] = [applyRecipe(design.recipe, rows.slice(0, 5)), applyRecipe(design.recipe, rows.slice(5))];
    const merged = mergeApplied([{ tallies: [], others: [] }, a, b]);
    expect(merged.tallies.map((t) => [t.key, t.count])).toEqual([['range:weight', 8], ['range:acceleration', 1], ['clip:acceleration', 1]]);
    expect(merged.warnings.filter((w) => !/^row \d: weight = 900\d/.test(w))).toEqual([
      'weight: 5 more values outside the training range [1613, 5140]; their predictions extrapolate',
      'row 4: acceleration = 99 is outside the training range [8, 24.8]; the prediction extrapolates',
      'row 4: acceleration = 99 is clipped to [9.455, 22.317], the training 1st–99th percentile range',
    ]);
    expect(merged.warnings).toHaveLength(6);
    // Other warnings (an unknown level) are kept beside them, as one run's.
    const level = applyRecipe(design.recipe, [{ ...car, cylinders: 7 }]);
    expect(mergeApplied([merged, level]).warnings).toContain('row 0: cylinders = 7 was not seen in training (levels 3, 4, 5, 6, 8); its indicator columns are all 0');
  });

  it('clipped values and unknown levels are tallied alike: three located, then a count', () => {
    const { warnings } = applyRecipe(design.recipe, Array.from({ length: 6 }, () => ({ ...car, cylinders: 7, horsepower: 225 })));
    expect(warnings.filter((w) => !/^row [012]: /.test(w))).toEqual([
      'cylinders: 3 more rows with a level not seen in training; their indicator columns are all 0',
      'horsepower: 3 more values clipped to [48, 220.45], the training 1st–99th percentile range',
    ]);
    expect(warnings).toHaveLength(8);
  });

  it.each([
    ['a missing input column', [{ cylinders: 4 }], 'UNKNOWN_COLUMN', /missing columns "displacement", "horsepower", "weight", "acceleration", "model_year"/],
    ['a missing value', [{ ...car, weight: null }], 'MISSING_VALUE', "row 0: column \"weight\": value is missing: the model dropped such rows in training and cannot predict one without it — give a value, or fit with the 'mean' or 'median' missing-value policy"],
    ['a non-number', [{ ...car, weight: 'heavy' }], 'NOT_A_NUMBER', 'row 0: column "weight": "heavy" is not a number'],
    ['a non-positive value under a log', [{ ...car, weight: -5 }], 'OUT_OF_DOMAIN', 'row 0: column "weight": log needs values > 0; got -5'],
    ['an unfitted recipe', [car], 'INVALID_RECIPE', /not fitted/],
  ])('refuses %s', (name, rows, code, message) => {
    const recipe = name === 'an unfitted recipe' ? { ...design.recipe, fitted: false } : design.recipe;
    expectDataError(() => applyRecipe(recipe, rows), code, message);
  });

  it('a file without a column the recipe needs is named with the columns', () => {
    const table = parseTable('cylinders,weight\n4,2000\n', { source: 'few.csv' });
    expectDataError(() => applyRecipe(design.recipe, table), 'UNKNOWN_COLUMN', /^few\.csv: missing columns "displacement", "horsepower", "acceleration", "model_year" \(needed by the recipe; have "cylinders", "weight"\)$/);
  });

  it('skipMissing drops the rows a drop-policy model dropped in training, and says which rows X holds', () => {
    const raw = loadAutoMpg({ raw: true });
    const all = applyRecipe(design.recipe, raw, { skipMissing: true });
    // The six cars without horsepower, counted as in training; X is the training design itself.
    expect(all.dropped).toEqual(design.report.dropped);
    expect(all.rows).toHaveLength(392);
    expect(all.rows.every((r) => raw.rows[r][raw.columns.indexOf('horsepower')] !== null)).toBe(true);
    expect(Array.from(all.X.data)).toEqual(Array.from((design.X as DenseMatrix).data));
    // Records too (the target absent, as at predict time): row indices are the records'.
    const records = applyRecipe(design.recipe, [car, { ...car, weight: null }, car], { skipMissing: true });
    expect(records.rows).toEqual([0, 2]);
    expect(records.dropped).toEqual([{ column: 'weight', count: 1, reason: 'missing weight' }]);
    expectDataError(() => applyRecipe(design.recipe, [{ ...car, weight: null }], { skipMissing: true }), 'MISSING_VALUE', 'no rows left after dropping rows with missing values');
    // Without it nothing is dropped, and every row is there.
    expect(applyRecipe(design.recipe, [car, car]).rows).toEqual([0, 1]);
  });
});

describe('helpers', () => {
  it('quantile interpolates linearly like pandas', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
  });
  it('parseNumber accepts exactly the strict decimal forms (against the grammar as a regular expression, on tricky and random strings)', () => {
    const grammar = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const reference = (t: string) => (grammar.test(t) ? Number(t) : NaN);
    const tricky = ['0', '-0', '+0', '00012', '1.', '.5', '-.5', '+.5', '1e5', '1E+5', '1e-5', '1.5e3', '1e400', '-1e400', '5e', 'e5', '.e5', '.', '-', '+', '', ' ', ' 1', '1 ', '\t1', '1\n', '1 2', '0x1F', '0X1f', '-0x1', '0o17', '0O17', '0b11', '0B1', 'Infinity', '-Infinity', '+Infinity', 'NaN', '1_000', '1,5', '١٢', '1e5.5', '--1', '+-1', '1..2', '..1', '0.', '0.0e0', '9'.repeat(400)];
    const alphabet = '0123456789+-.eExXbBoO _';
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const random = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    for (const t of [...tricky, ...random]) expect(Object.is(parseNumber(t), reference(t)), JSON.stringify(t)).toBe(true);
  });

  it('levelOf: a categorical cell is its number in canonical form, other text trimmed — in records (the interpreter and the compiled path) as in a CSV', () => {
    expect(['02134', ' 4.0 ', '4', '1e3', ' M', 'M ', 'ford pinto', '5+'].map(levelOf)).toEqual(['2134', '4', '4', '1000', 'M', 'M', 'ford pinto', '5+']);
    const rows = [' M', 'M', '010', '10', 'S', '4.0'].map((size, i) => ({ y: i, x: (i * 3) % 5, size }));
    const fromCsv = buildDesign(parseTable(`y,x,size\n${rows.map((r) => `${r.y},${r.x},"${r.size}"`).join('\n')}\n`, { source: 'f.csv' }), { target: 'y', categorical: ['size'] });
    expect(fromCsv.featureNames).toEqual(['x', 'size_10', 'size_4', 'size_M', 'size_S']);
    // Records, with and without the compiled path (a level the compiled path reads differently would disagree).
    const applied = applyRecipe(fromCsv.recipe, rows);
    expect(applied.warnings).toEqual([]);
    expect(Array.from((applied.X as DenseMatrix).data)).toEqual(Array.from((fromCsv.X as DenseMatrix).data));
  });

  it('parseNumber is strict', () => {
    expect(parseNumber('3504.')).toBe(3504);
    expect(parseNumber('-1.5e3')).toBe(-1500);
    for (const bad of ['3,504', '12 kg', '0x1F', 'Infinity', '', '.']) expect(parseNumber(bad)).toBeNaN();
  });
});

describe('columnStd', () => {
  it('gives the 1/n standard deviation of each column', () => {
    expect(columnStd({ rows: 4, cols: 2, data: Float64Array.of(1, 3, 1, 3, 5, 5, 5, 5) })).toEqual([1, 0]);
  });
});

describe('delimiter detection', () => {
  it('reads semicolon- and tab-separated files as such and says which it used; quoted commas do not count', () => {
    const semi = parseTable('price;rooms;city\n"1,5";3;"Lyon, FR"\n2;4;Nice\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.columns).toEqual(['price', 'rooms', 'city']);
    expect(semi.rows[0]).toEqual(['1,5', '3', 'Lyon, FR']);
    expect(parseTable('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(parseTable('"a;b",c\n1,2\n').delimiter).toBe(',');
    expect(parseTable('a;b\n1;2\n', { delimiter: ',' }).columns).toEqual(['a;b']);
  });
});

describe('per-column missing tokens (DesignSpec.missingTokens)', () => {
  // '?' means missing in hp only; in the text column it is a level like any other.
  const text = 'y,hp,code\n10,100,a\n12,?,?\n14,140,b\n16,160,?\n18,?,a\n20,200,b\n';

  it('are read as missing in their column only, then follow the policy, and are recorded in the recipe', () => {
    const table = parseTable(text, { source: 'cars.csv' });
    const d = buildDesign(table, { target: 'y', categorical: ['code'], missing: 'mean', missingTokens: { hp: ['?'] } });
    expect(d.report.imputed).toEqual([{ column: 'hp', count: 2, value: 150 }]);
    expect(d.featureNames).toEqual(['hp', 'code_?', 'code_a', 'code_b']);
    expect(d.recipe.inputs).toEqual([
      { name: 'hp', type: 'numeric', range: [100, 200], missing: ['?'] },
      { name: 'code', type: 'categorical' },
    ]);
    const dropped = buildDesign(table, { target: 'y', categorical: ['code'], missing: 'drop', missingTokens: { hp: ['?'] } });
    expect(dropped.report.dropped).toEqual([{ column: 'hp', count: 2, reason: 'missing hp' }]);
  });

  it('predict-time rows are read with the recipe’s tokens: imputed under mean, refused (located) under drop', () => {
    const table = parseTable(text, { source: 'cars.csv' });
    const mean = buildDesign(table, { target: 'y', categorical: ['code'], missing: 'mean', missingTokens: { hp: ['?'] } });
    const applied = applyRecipe(mean.recipe, [{ hp: '?', code: 'a' }, { hp: 150, code: 'b' }]);
    expect(Array.from((applied.X as DenseMatrix).data.slice(0, 1))).toEqual([150]);
    // Compared trimmed, as the CSV reader compares its cells (a JSON record may carry the spaces).
    const spaced = applyRecipe(mean.recipe, [{ hp: ' ? ', code: 'a' }]);
    expect(Array.from((spaced.X as DenseMatrix).data.slice(0, 1))).toEqual([150]);
    const drop = buildDesign(table, { target: 'y', categorical: ['code'], missing: 'drop', missingTokens: { hp: ['?'] } });
    expectDataError(() => applyRecipe(drop.recipe, [{ hp: '?', code: 'a' }]), 'MISSING_VALUE', /hp/);
    // Without the tokens in the recipe, '?' is what it always was: not a number.
    const plain = buildDesign(parseTable('y,hp\n1,2\n2,3\n3,5\n', { source: 'p.csv' }), { target: 'y' });
    expectDataError(() => applyRecipe(plain.recipe, [{ hp: '?' }]), 'NOT_A_NUMBER', /"\?" is not a number/);
  });

  it('na marks every used column (target and features, not the weights), added to the per-column tokens', () => {
    const marked = 'y,hp,w,code\n10,100,1,a\n?,110,1,b\n14,?,?,b\n16,160,1,NA?\n18,170,1,a\n';
    const table = parseTable(marked, { source: 'cars.csv' });
    expect(tokensOf({ target: 'y', weights: 'w', na: ['?'], missingTokens: { code: ['NA?'] } }, table.columns)).toEqual({ y: ['?'], hp: ['?'], code: ['NA?', '?'] });
    expect(tokensOf({ target: 'y', features: ['hp', 'nope'], na: ['?'] }, table.columns)).toEqual({ y: ['?'], hp: ['?'] });
    const withNa = buildDesign(table, { target: 'y', features: ['hp'], missing: 'drop', na: ['?'] });
    expect(withNa).toEqual(buildDesign(table, { target: 'y', features: ['hp'], missing: 'drop', missingTokens: { y: ['?'], hp: ['?'] } }));
    expect(withNa.report.dropped).toEqual([{ column: 'y', count: 1, reason: 'missing y' }, { column: 'hp', count: 1, reason: 'missing hp' }]);
    expect(withNa.recipe.inputs).toEqual([{ name: 'hp', type: 'numeric', range: [100, 170], missing: ['?'] }]);
  });

  it('tokens for a column that is not there are refused, naming it', () => {
    expectDataError(() => buildDesign(parseTable(text, { source: 'cars.csv' }), { target: 'y', features: ['hp'], missingTokens: { horsepower: ['?'] } }), 'UNKNOWN_COLUMN', /missing tokens are given for "horsepower", which is not a column/);
  });
});

describe('compiled recipes and missing tokens', () => {
  it('a token of a categorical input falls back to applyRecipe (missing, not a level)', async () => {
    const { compileRecipe } = await import('../src/index.js');
    const table = parseTable('y,hp,code\n10,100,a\n12,110,?\n14,140,b\n16,160,a\n', { source: 'c.csv' });
    const d = buildDesign(table, { target: 'y', categorical: ['code'], missing: 'drop', missingTokens: { code: ['?'] } });
    expect(d.featureNames).toEqual(['hp', 'code_b']);
    const transform = compileRecipe(d.recipe);
    expect(transform([{ hp: 120, code: '?' }])).toBeNull();
    expect(transform([{ hp: 120, code: 'a' }])).not.toBeNull();
    expectDataError(() => applyRecipe(d.recipe, [{ hp: 120, code: '?' }]), 'MISSING_VALUE', /code/);
  });
});
