import { describe, expect, it } from 'vitest';
import { elasticNetCVParallel } from '@lassokit/core/parallel';
import { predict, type ModelJSON } from '@lassokit/core';
import { applyRecipe, checkRecipe, type Recipe } from '@lassokit/data';
import { FileProblem, INTERVAL_MIN_ROWS, checkFile, fitCsv, guessTarget, inspectCsv, predictionsCsv, previewCell, stabilityCsv, tokensByColumn, topFeatures } from './csvFit.js';

const csv = `y,a,b,city\n${Array.from({ length: 30 }, (_, i) => `${2 * (i % 5) - ((i * 3) % 4) + (i % 2) * 0.1},${i % 5},${(i * 3) % 4},${i % 3 === 0 ? 'x' : 'z'}`).join('\n')}\n`;

describe('the Your-data page logic', () => {
  it('inspects columns and guesses which are numeric', () => {
    const i = inspectCsv(csv, 'toy.csv');
    expect(i.columns).toEqual(['y', 'a', 'b', 'city']);
    expect(i.numeric).toEqual(['y', 'a', 'b']);
    expect(i.rows).toBe(30);
  });

  it('starts with a column named as targets are (y, Target, label…), else the first named numeric one', () => {
    expect(guessTarget(inspectCsv('a;b;c;y\n1,5;2;x;3,1\n2,5;3;y;5,2\n', 'semi.csv'))).toBe('y');
    expect(guessTarget(inspectCsv('price,size, Target \n1,2,3\n4,5,6\n', 't.csv'))).toBe('Target');
    expect(guessTarget(inspectCsv('mpg,cylinders,name\n18,8,a\n15,8,b\n', 'mpg.csv'))).toBe('mpg');
    // A text column called y is not a target; nor is an unnamed index column.
    expect(guessTarget(inspectCsv('a,y\n1,x\n2,z\n', 'text.csv'))).toBe('a');
    expect(guessTarget(inspectCsv(',x,z\n0,1,2\n1,3,4\n', 'pandas.csv'))).toBe('x');
    expect(guessTarget(inspectCsv(',b\n0,u\n1,v\n', 'nothing.csv'))).toBe(inspectCsv(',b\n0,u\n1,v\n', 'nothing.csv').columns[0]);
  });

  it('a price, a sale price or charges is the target before the first numeric column; a row number or id never is', () => {
    const rows = (f: (i: number) => string) => Array.from({ length: 12 }, (_, i) => f(i)).join('\n');
    const houses = `id,sold_on,neighborhood,sqft,price\n${rows((i) => `${i + 1},2023-0${(i % 9) + 1}-1${i % 9},${i % 2 ? 'North' : 'South'},${900 + 37 * i},${100000 + 977 * i}`)}\n`;
    const i = inspectCsv(houses, 'houses.csv');
    expect([i.numericIds, i.dates, i.identifierLike]).toEqual([['id'], ['sold_on'], []]);
    expect(guessTarget(i)).toBe('price');
    expect(guessTarget(inspectCsv('Id,LotArea,SalePrice\n7,2,3\n3,5,6\n', 'kaggle.csv'))).toBe('SalePrice');
    expect(guessTarget(inspectCsv('age,bmi,charges,y\n19,27.9,16884.9,1\n18,33.8,1725.6,0\n', 'generic-first.csv'))).toBe('y');
    // Without a target's name: the first numeric column that is not an id.
    expect(guessTarget(inspectCsv(`row,a,b\n${rows((k) => `${k},${k % 3},${k % 5}`)}\n`, 'rows.csv'))).toBe('a');
  });

  it('row numbers count from 0 or 1 down the file, over 10 rows or more; ids are distinct whole numbers under an id name', () => {
    const col = (name: string, values: (number | string)[]) => inspectCsv(`${name},x\n${values.map((v, k) => `${v},${k % 4}`).join('\n')}\n`, 'c.csv').numericIds;
    const count = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
    expect(col('n', count(1, 10))).toEqual(['n']);
    expect(col('n', count(0, 12))).toEqual(['n']);
    // Too short to tell, or years (a trend), or not every row.
    expect(col('n', count(1, 9))).toEqual([]);
    expect(col('year', count(1990, 20))).toEqual([]);
    expect(col('n', [...count(1, 5), '', ...count(7, 6)])).toEqual([]);
    // Named as ids: distinct whole numbers in any order, from 3 rows.
    for (const name of ['id', 'ID', 'customer_id', 'Customer ID', 'userId', 'CustomerID', '#']) expect(col(name, [17, 3, 912]), name).toEqual([name]);
    expect(col('id', [17, 3, 17])).toEqual([]);
    expect(col('id', [1.5, 2, 3])).toEqual([]);
    for (const name of ['paid', 'valid', 'idle', 'video']) expect(col(name, [17, 3, 912]), name).toEqual([]);
  });

  it('a text column of dates or times is a date column, not an identifier or a category', () => {
    const i = inspectCsv(`y,when,at,city\n${Array.from({ length: 60 }, (_, k) => `${k % 7},${(k % 28) + 1}-Apr-2021,${k % 12}:${10 + (k % 50)},c${k % 3}`).join('\n')}\n`, 'd.csv');
    expect(i.dates).toEqual(['when', 'at']);
    expect(i.identifierLike).toEqual([]);
    // One cell not a date: text (here identifier-like), as before.
    const mixed = inspectCsv(`y,when\n${Array.from({ length: 60 }, (_, k) => `${k % 7},${k === 5 ? 'soon' : `2021-04-${(k % 28) + 1}`}`).join('\n')}\n`, 'm.csv');
    expect(mixed.dates).toEqual([]);
  });

  it('fits a file with fewer rows than a 90 % interval needs, without intervals (and says why in the CSV)', async () => {
    expect(INTERVAL_MIN_ROWS).toBe(9);
    const r = await fitCsv('y,x\n1,2\n2,4.5\n3,6\n', 'three.csv', { target: 'y', features: ['x'], categorical: [], missing: 'error' });
    expect(r.rowsUsed).toBe(3);
    expect(r.lower).toBeNull();
    expect(r.upper).toBeNull();
    expect(predictionsCsv(r).split('\n')[0]).toBe('actual,prediction');
    expect((r.model as { intervals: { method: string } }).intervals.method).toBe('cv+');
    const nine = await fitCsv(`y,x\n${Array.from({ length: 9 }, (_, i) => `${i},${i * 2 + (i % 3)}`).join('\n')}\n`, 'nine.csv', { target: 'y', features: ['x'], categorical: [], missing: 'error' });
    expect(nine.lower).not.toBeNull();
  });

  it('fits path and CV, refits at alphaMin, reports progress', async () => {
    const calls: number[] = [];
    const r = await fitCsv(csv, 'toy.csv', { target: 'y', features: ['a', 'b', 'city'], categorical: ['city'], missing: 'error' }, (d) => calls.push(d));
    expect(r.featureNames).toEqual(['a', 'b', 'city_z']); // city has two levels: one indicator (x the reference)
    expect(r.alphas).toHaveLength(100);
    expect(calls.at(-1)).toBe(11);
    expect((r.model as { format: string }).format).toBe('lassokit-model');
    expect(predictionsCsv(r).split('\n')[0]).toBe('actual,prediction,lower90,upper90');
    // The model file carries CV+ interval data; the rows' 90 % intervals surround their predictions.
    expect((r.model as { intervals: { method: string } }).intervals.method).toBe('cv+');
    const { lower, upper } = r;
    if (lower === null || upper === null) throw new Error('intervals expected');
    r.predicted.forEach((p, i) => expect(lower[i] <= p && p <= upper[i]).toBe(true));
    // The relaxed Lasso on the same folds: γ = 1 is among its candidates, so it is never worse in CV.
    expect(r.relaxed?.cvError).toBeLessThanOrEqual((r.relaxed?.lassoCvError as number) * (1 + 1e-9));
  });

  it('stability selection of the file, with progress', async () => {
    const calls: number[] = [];
    const s = await stabilityCsv(csv, 'toy.csv', { target: 'y', features: ['a', 'b', 'city'], categorical: ['city'], missing: 'error' }, (d) => calls.push(d));
    expect(calls.at(-1)).toBe(100);
    expect(s.subsamples).toBe(100);
    expect(s.probabilities).toHaveLength(s.alphas.length);
    expect(s.featureNames).toEqual(['a', 'b', 'city_z']);
  });

  it('gives the same fit with CV folds in worker threads (what the fit worker does)', async () => {
    const spec = { target: 'y', features: ['a', 'b', 'city'], categorical: ['city'], missing: 'error' } as const;
    const inPlace = await fitCsv(csv, 'toy.csv', spec);
    const threaded = await fitCsv(csv, 'toy.csv', spec, undefined, (X, y, opts) => elasticNetCVParallel(X, y, { ...opts, workers: 2 }));
    expect(threaded.cvMean).toEqual(inPlace.cvMean);
    expect(threaded.indexMin).toBe(inPlace.indexMin);
  });

  it.each([
    ['an empty file', () => checkFile('e.csv', 0, new Uint8Array()), /e\.csv is empty/],
    ['a huge file', () => checkFile('big.csv', 200 * 1048576, new Uint8Array()), /big\.csv is 200 MB; this page fits files up to 50 MB/],
    ['a binary file', () => checkFile('x.png', 100, Uint8Array.of(137, 80, 0, 1)), /not a text file/],
    ['a Parquet file (by its magic bytes, whatever its name)', () => checkFile('cars.bin', 100, Uint8Array.of(0x50, 0x41, 0x52, 0x31, 0, 0)), /^cars\.bin is a Parquet file; this page reads CSV\. .*`lassokit fit cars\.bin --target …`/],
    ['a Parquet file (by its name)', () => checkFile('cars.parquet', 100, Uint8Array.of(1, 2, 3)), /^cars\.parquet is a Parquet file/],
    ['a non-numeric target', () => fitCsv(csv, 't.csv', { target: 'city', features: ['a'], categorical: [], missing: 'error' }), /"x" is not a number; "city" is the target and must be numbers: choose a numeric column to predict\.$/],
    ['text in a numeric feature', () => fitCsv(csv, 't.csv', { target: 'y', features: ['a', 'city'], categorical: [], missing: 'error' }), /"x" is not a number; if "city" is text \(a category, a name\), tick "categorical" beside it or untick it as a feature\.$/],
    ['a date in a feature', () => fitCsv('y,a,day\n1,2,2021-04-10\n2,3,2021-04-11\n3,5,2021-04-12\n4,4,2021-04-13\n', 'd.csv', { target: 'y', features: ['a', 'day'], categorical: [], missing: 'error' }), /"2021-04-10" is not a number; if "day" holds dates or times, untick it as a feature \(a date is not a number: to use it, add a numeric column made from it to the file, such as the year\)\.$/],
    ['a number written with a currency sign', () => fitCsv('y,a\n"$1,200",2\n"$1,350",3\n"$900",5\n"$2,000",4\n', 'p.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /"\$1,200" is not a number; a currency sign and a thousands separator \(or a decimal comma: 1\.200\) in a number: save the file with it written plainly \(1200\)\.$/],
    ['a missing value under "stop with an error"', () => fitCsv('y,a\n1,2\n2,\n3,5\n4,4\n', 'm.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /value is missing \(choose drop or a fill under Missing values\)/],
    ['a frequent missing-value mark', () => fitCsv('y,a\n1,2\n2,?\n3,?\n4,4\n', 'q.csv', { target: 'y', features: ['a'], categorical: [], missing: 'drop' }), /"\?" .*; if "\?" marks a missing value, leave those cells empty in the file/],
    ['duplicate headers', () => inspectCsv('a,a\n1,2\n', 'd.csv'), /appears twice .* Rename one of the columns/],
    ['a single row', () => fitCsv('y,a\n1,2\n', 's.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /Only 1 usable row/],
    ['an entirely missing column', () => fitCsv('y,a,b\n1,,2\n2,,3\n3,,5\n4,,4\n', 'm.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /every feature column is entirely missing/],
    ['values too small to square', () => fitCsv('y,a\n1,2e-170\n2,3e-170\n3,5e-170\n4,4e-170\n', 't.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /column "a": feature values underflow: they are too small .*; rescale the column\.$/],
    ['values too large to square', () => fitCsv('y,a\n1,2e300\n2,-3e300\n3,5e300\n4,4e300\n', 'l.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /column "a": feature values overflow: .*; rescale the column\.$/],
  ])('explains %s and how to fix it', async (_name, fn, message) => {
    // fitCsv is async (its CV may run in workers); the checks before it are sync: both as promises.
    const outcome = Promise.resolve().then(fn);
    await expect(outcome).rejects.toThrow(FileProblem);
    await expect(outcome).rejects.toThrow(message);
  });

  it('a column ticked categorical but not a feature is not required by the model', async () => {
    const r = await fitCsv(csv, 'toy.csv', { target: 'y', features: ['a', 'b'], categorical: ['city'], missing: 'error' });
    const recipe = (r.model as { preprocessing: { recipe: { inputs: { name: string }[]; steps: { op: string; column?: string }[] } } }).preprocessing.recipe;
    expect(recipe.inputs.map((i) => i.name)).toEqual(['a', 'b']);
    expect(recipe.steps.some((s) => s.column === 'city')).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a column named %s, with levels named like that, fits and predicts', async (name) => {
    const levels = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const text = `y,${name},k\n${Array.from({ length: 16 }, (_, i) => `${2 * i + (i % 3)},${i},${levels[i % 4]}`).join('\n')}\n`;
    const r = await fitCsv(text, 'proto.csv', { target: 'y', features: [name, 'k'], categorical: ['k'], missing: 'error' });
    expect(r.featureNames).toContain(name);
    const model = r.model as { featureNames: string[]; coef: number[]; intercept: number; preprocessing: { recipe: Recipe } };
    const record = JSON.parse(`{${JSON.stringify(name)}: 3, "k": "toString"}`) as Record<string, unknown>;
    const { X, warnings } = applyRecipe(model.preprocessing.recipe, [record]);
    expect(warnings).toEqual([]);
    const coef = (f: string) => model.coef[model.featureNames.indexOf(f)];
    expect(predict(model, X)[0]).toBeCloseTo(model.intercept + 3 * coef(name) + coef('k_toString'), 10);
  });
});

describe('delimiters', () => {
  it('a semicolon-separated file is read as such and fitted with the same delimiter', async () => {
    const text = `y;a;b\n${Array.from({ length: 30 }, (_, i) => `${i % 7};${i % 5};${(i * 3) % 4}`).join('\n')}\n`;
    const ins = inspectCsv(text, 'semi.csv');
    expect(ins.delimiter).toBe(';');
    expect(ins.columns).toEqual(['y', 'a', 'b']);
    const r = await fitCsv(text, 'semi.csv', { delimiter: ';', target: 'y', features: ['a', 'b'], categorical: [], missing: 'error' });
    expect(r.featureNames).toEqual(['a', 'b']);
    expect(inspectCsv(text, 'semi.csv', ',').columns).toEqual(['y;a;b']);
  });

  it("decimal commas (a European spreadsheet's export) are detected, fitted as the same numbers with points, and kept in the model", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [((i * 7) % 11) + 0.5 * (i % 3), (i % 5) + 0.25, ((i * 3) % 4) * 1.5, i % 2 ? 'x' : 'z']);
    const points = `y,a,b,g\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const commas = `y;a;b;g\n${rows.map((r) => r.map((v) => String(v).replace('.', ',')).join(';')).join('\n')}\n`;
    const ins = inspectCsv(commas, 'eu.csv');
    expect([ins.delimiter, ins.decimal, ins.numeric]).toEqual([';', ',', ['y', 'a', 'b']]);
    // A comma-separated file, or one whose numbers use points, reads with a point; the visitor may choose.
    expect(inspectCsv(points, 'p.csv').decimal).toBe('.');
    expect(inspectCsv(points.replaceAll(',', ';'), 'p.csv').decimal).toBe('.');
    expect(inspectCsv(commas, 'eu.csv', 'auto', '.').numeric).toEqual([]);
    // Thousands separators (1,234) are not taken for decimal commas: the visitor may choose.
    const thousands = `y\tsqft\n${rows.map((_, i) => `${i % 7}\t${1 + (i % 9)},${String(100 + i).padStart(3, '0')}`).join('\n')}\n`;
    expect(inspectCsv(thousands, 't.tsv').decimal).toBe('.');
    expect(inspectCsv(thousands, 't.tsv', 'auto', ',').numeric).toEqual(['y', 'sqft']);
    const spec = { target: 'y', features: ['a', 'b', 'g'], categorical: ['g'], missing: 'error' as const };
    const [fromCommas, fromPoints] = await Promise.all([fitCsv(commas, 'eu.csv', { ...spec, delimiter: ';', decimal: ',' }), fitCsv(points, 'p.csv', spec)]);
    expect(fromCommas.coef).toEqual(fromPoints.coef);
    const recipeOf = (o: typeof fromPoints) => (o.model as ModelJSON).preprocessing.recipe as object;
    expect(recipeOf(fromCommas)).toEqual({ ...recipeOf(fromPoints), decimal: ',' });
    // Read with a point, a decimal comma says how to read it.
    await expect(fitCsv(commas, 'eu.csv', { ...spec, delimiter: ';' })).rejects.toThrow(/if the file writes numbers with a decimal comma \(0\.25\), choose "comma" as the decimal mark above/);
  });
});

describe('preview cells', () => {
  it('a number too long for its cell keeps its exponent and its sign; text and short numbers are shown as written', () => {
    expect(previewCell('1.34364244112401e-171', true, '.')).toBe('1.34364244e-171');
    expect(previewCell('-12345678901234567890', true, '.')).toBe('-1.23456789e+19');
    expect(previewCell('0.000000123456789012345', true, '.')).toBe('1.23456789e-7');
    expect(previewCell('0,12345678901234567890', true, ',')).toBe('0,123456789');
    expect(previewCell('25000.00000000000000001', true, '.')).toBe('25000');
    expect(previewCell('1.5e-171', true, '.')).toBe('1.5e-171');
    expect(previewCell('a very long car name indeed', false, '.')).toBe('a very long car name indeed');
    expect(previewCell('not-available-here-at-all', true, '.')).toBe('not-available-here-at-all');
  });
});

describe('identifier-like columns', () => {
  it('are reported with their distinct counts (nearly all distinct, or over 50 levels), codes with few levels are not', () => {
    // hp: numbers with a '?' for missing (Auto-MPG's horsepower) is not an identifier.
    const lines = Array.from({ length: 60 }, (_, i) => `${i % 7},car ${i},grp${i % 4},tag${i % 55},${i === 5 ? '?' : 60 + i}`);
    const r = inspectCsv(`y,name,group,tag,hp\n${lines.join('\n')}\n`, 'cars.csv');
    expect(r.identifierLike).toEqual([
      { column: 'name', distinct: 60 },
      { column: 'tag', distinct: 55 },
    ]);
    expect(r.numeric).toContain('hp');
  });
});

describe('columns the header leaves unnamed', () => {
  it("are named by position and reported, empty or not (pandas' index, a spreadsheet's trailing columns)", () => {
    const lines = Array.from({ length: 12 }, (_, i) => `${i},${2 * i + (i % 3)},${i % 5},,`);
    const r = inspectCsv(`,y,x,,\n${lines.join('\n')}\n`, 'pandas.csv');
    expect(r.columns).toEqual(['column0', 'y', 'x', 'column3', 'column4']);
    expect(r.unnamed).toEqual([
      { column: 'column0', empty: false },
      { column: 'column3', empty: true },
      { column: 'column4', empty: true },
    ]);
    expect(inspectCsv('y,x\n1,2\n', 'f.csv').unnamed).toEqual([]);
  });
});

describe("numbers with an odd missing marker ('?' in Auto-MPG's horsepower)", () => {
  const lines = Array.from({ length: 40 }, (_, i) => `${10 + (i % 9) + 0.1 * (i % 4)},${i % 13 === 2 ? '?' : 60 + ((i * 7) % 23)},${i % 3},${i === 7 ? '-' : i % 5}`);
  const text = `mpg,horsepower,code,x\n${lines.join('\n')}\n`;

  it('reads the marker as missing, so the column is numeric (not a categorical with a level per number), and says so', () => {
    const r = inspectCsv(text, 'cars.csv');
    expect(r.numeric).toEqual(['mpg', 'horsepower', 'code', 'x']);
    expect(r.missingTokens).toEqual([
      { token: '?', columns: ['horsepower'], count: 3 },
      { token: '-', columns: ['x'], count: 1 },
    ]);
    expect(r.identifierLike).toEqual([]);
  });

  it('the fit reads the file the same way: the missing-value policy drops (or fills) those rows', async () => {
    const missingTokens = tokensByColumn(inspectCsv(text, 'cars.csv').missingTokens);
    expect(missingTokens).toEqual({ horsepower: ['?'], x: ['-'] });
    const dropped = await fitCsv(text, 'cars.csv', { missingTokens, target: 'mpg', features: ['horsepower', 'code', 'x'], categorical: [], missing: 'drop' });
    expect(dropped.featureNames).toEqual(['horsepower', 'code', 'x']);
    expect(dropped.rowsUsed).toBe(36);
    // The model's recipe reads each token in its column only, at predict time too.
    expect((dropped.model as { preprocessing: { recipe: Recipe } }).preprocessing.recipe.inputs).toEqual([
      expect.objectContaining({ name: 'horsepower', missing: ['?'] }),
      expect.not.objectContaining({ missing: expect.anything() }),
      expect.objectContaining({ name: 'x', missing: ['-'] }),
    ]);
    const filled = await fitCsv(text, 'cars.csv', { missingTokens, target: 'mpg', features: ['horsepower', 'code', 'x'], categorical: [], missing: 'mean' });
    expect(filled.rowsUsed).toBe(40);
  });

  it('a token with a digit ("5+" bedrooms, "<1") is a value written otherwise, not a missing marker: the column stays text', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i === 5 ? '5+' : (i % 4) + 1},${i === 9 ? '<1' : i % 7}`);
    const r = inspectCsv(`price,beds,km\n${rows.join('\n')}\n`, 'houses.csv');
    expect(r.missingTokens).toEqual([]);
    expect(r.numeric).toEqual(['price']);
  });

  it('numbers written for people ("$2,198", "6.54%") are neither numbers nor categories: not ticked, with the plain spelling', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i * 3},"$${(1000 + 37 * i).toLocaleString('en-US')}",${(2 + i / 10).toFixed(2)}%,${i % 3 === 0 ? 12 : `"1,${200 + i}"`}`);
    const r = inspectCsv(`price,tax,rate,mixed\n${rows.join('\n')}\n`, 'houses.csv');
    expect(r.numeric).toEqual(['price']);
    expect(r.formatted).toEqual([
      { column: 'tax', example: '$1,000', plain: '1000', marks: 'a currency sign and a thousands separator (or a decimal comma: 1.000)' },
      { column: 'rate', example: '2.00%', plain: '2.00', marks: 'a percent sign' },
      { column: 'mixed', example: '1,201', plain: '1201', marks: 'a thousands separator (or a decimal comma: 1.201)' },
    ]);
    expect(r.identifierLike).toEqual([]);
  });

  it('a text column with many odd values is not treated so (only a few rows, at most three short tokens)', () => {
    const words = Array.from({ length: 40 }, (_, i) => `${i},${i % 2 === 0 ? 'red' : 'blue'}`);
    expect(inspectCsv(`y,colour\n${words.join('\n')}\n`, 'c.csv').missingTokens).toEqual([]);
  });
});

describe('wide categorical data on "Your data"', () => {
  it('fits through the sparse path (the design is CSC) and gives the same model as the dense design', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => `${((i * 7) % 11) + (i % 3)},${i % 5},id${(i * 13) % 197},grp${i % 9}`);
    const text = `y,a,code,group\n${lines.join('\n')}\n`;
    const spec = { target: 'y', features: ['a', 'code', 'group'], categorical: ['code', 'group'], missing: 'error' } as const;
    const r = await fitCsv(text, 'wide.csv', spec);
    expect(r.featureNames.length).toBeGreaterThan(200); // 600 rows × 207 columns ≥ 100,000 cells, 1.4 % nonzero: sparse
    const { buildDesign, parseTable } = await import('@lassokit/data');
    const table = parseTable(text, { source: 'wide.csv' });
    expect('colPtr' in buildDesign(table, { ...spec, features: [...spec.features], categorical: [...spec.categorical] }).X).toBe(true);
    const dense = buildDesign(table, { ...spec, features: [...spec.features], categorical: [...spec.categorical], sparse: false });
    const { elasticNetCV } = await import('@lassokit/core');
    const ref = elasticNetCV(dense.X, dense.y, { l1Ratios: [1], nFolds: 10, seed: 0 });
    // Both solved to the default duality-gap tolerance (1e-6 of the objective): the curves agree to about that.
    r.cvMean.forEach((m, k) => expect(Math.abs(m - ref.cvMean[k]) / ref.cvMean[k]).toBeLessThan(1e-4));
    expect(r.indexMin).toBe(ref.indexMin);
  }, 30_000);
});

describe('topFeatures', () => {
  it('keeps the k features with the largest |value| anywhere along the path, in their original order', () => {
    const path = [
      [0, 0, 0, 0],
      [0.1, -3, 0, 0.5],
      [0.2, -2, 0.05, 4],
    ];
    expect(topFeatures(path, 2)).toEqual([1, 3]);
    expect(topFeatures(path, 10)).toEqual([0, 1, 2, 3]);
    expect(topFeatures([[0, 0, 1]], 1)).toEqual([2]);
  });
});

describe('the downloaded model requires exactly the columns it uses', () => {
  it('every combination of feature and categorical ticks: predicting needs only the ticked features', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${(i * 7) % 11},${i % 5},${(i * 3) % 7},c${i % 3},d${i % 4}`);
    const text = `y,a,b,city,kind\n${lines.join('\n')}\n`;
    const columns = ['a', 'b', 'city', 'kind'];
    const subsets = (xs: string[]) => Array.from({ length: 1 << xs.length }, (_, m) => xs.filter((_, k) => m & (1 << k)));
    let fitted = 0;
    for (const features of subsets(columns).filter((f) => f.length > 0)) {
      for (const categorical of subsets(['a', 'city', 'kind'])) {
        // Text columns can only be used as categorical: skip specs that would fail on "c0 is not a number".
        if (features.some((f) => (f === 'city' || f === 'kind') && !categorical.includes(f))) continue;
        const r = await fitCsv(text, 't.csv', { target: 'y', features, categorical, missing: 'error' });
        const recipe = (r.model as { preprocessing: { recipe: unknown } }).preprocessing.recipe;
        checkRecipe(recipe);
        // A row with only the ticked features (no target, nothing else) predicts without error.
        const row = Object.fromEntries(features.map((f) => [f, f === 'city' ? 'c1' : f === 'kind' ? 'd2' : 1]));
        expect(() => applyRecipe(recipe as Recipe, [row]), `features ${features}, categorical ${categorical}`).not.toThrow();
        fitted++;
      }
    }
    expect(fitted).toBeGreaterThan(20);
  }, 60_000);
});
