import { cscToDense, type CscMatrix, type DenseMatrix } from '@lassokit/core';
import { lasso, predict } from '@lassokit/core';
import { describe, expect, it } from 'vitest';
import { DataError, applyRecipe, buildDesign, buildNumericDesign, compileRecipe, mergeApplied, parseTable, type Table } from '../src/index.js';

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  return expect.fail('expected a DataError');
}

/** A table with p numeric columns and n rows (y first). */
function wideTable(n: number, p: number): Table {
  const columns = ['y', ...Array.from({ length: p }, (_, j) => `x${j}`)];
  const rows = Array.from({ length: n }, (_, i) => columns.map((_, j) => String((i * 7 + j * 3) % 11)));
  return { columns, rows, lines: rows.map((_, i) => i + 2), source: 'wide.csv' };
}

/** One timed run of fn, in ms. */
function timed(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * time(large)/time(small), each the fastest of five runs taken in turns (small, large, small, …)
 * after a warm-up of both, so that both see the same machine: other test files share the cores,
 * this machine's two CPUs run the same code at up to 1.5× different speeds, and garbage
 * collection only ever adds time — the minimum is what the work itself costs. Retried up to five
 * times until it is under `bound`: a linear implementation gets near 2 on a quiet attempt, a
 * quadratic one can never get below 4, so a noisy neighbour cannot fail the test and cannot hide a
 * quadratic cost either. (Timed in two blocks, small after large, one CI run's five attempts all
 * came out at 3.2 for a linear cost.)
 */
function growth(small: () => unknown, large: () => unknown, bound: number): number {
  small();
  large();
  let best = Infinity;
  for (let attempt = 0; attempt < 5 && best >= bound; attempt++) {
    let a = Infinity;
    let b = Infinity;
    for (let k = 0; k < 5; k++) {
      a = Math.min(a, timed(small));
      b = Math.min(b, timed(large));
    }
    best = Math.min(best, b / a);
  }
  return best;
}

describe('work grows linearly with the number of columns', () => {
  it('buildDesign on twice the columns takes about twice as long (ratio well below 4)', () => {
    const small = wideTable(5, 10_000);
    const large = wideTable(5, 20_000);
    expect(growth(() => buildDesign(small, { target: 'y' }), () => buildDesign(large, { target: 'y' }), 3)).toBeLessThan(3);
  });

  it('one-hot encoding grows with the cells it writes (n rows × n levels), not faster', () => {
    const levels = (n: number): Table => {
      const rows = Array.from({ length: n }, (_, i) => [String(i % 5), `level${i}`]);
      return { columns: ['y', 'k'], rows, lines: rows.map((_, i) => i + 2), source: 'levels.csv' };
    };
    const run = (t: Table) => () => {
      const d = buildDesign(t, { target: 'y', categorical: ['k'], maxLevels: 1e6 });
      compileRecipe(d.recipe)(t.rows.slice(0, 200).map((r) => ({ k: r[1] })));
    };
    // n rows × n levels is n² cells: compare the encoding against that, at two sizes.
    expect(growth(run(levels(600)), run(levels(1200)), 6)).toBeLessThan(6);
  });
});

describe('the expanded design is bounded before it is built', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [String(i % 7), `a${i}`, `b${i % 150}`, String(i)]);
  const table: Table = { columns: ['y', 'k1', 'k2', 'x'], rows, lines: rows.map((_, i) => i + 2), source: 'cats.csv' };

  it('refuses a dense design over maxCells, naming the one-hot columns and their level counts', () => {
    const e = dataError(() => buildDesign(table, { target: 'y', categorical: ['k1', 'k2'], maxCells: 50_000, sparse: false }));
    expect(e.code).toBe('DESIGN_TOO_LARGE');
    expect(e.message).toBe('cats.csv: the design would have 300 rows × 451 columns = 135,300 cells; the limit is 50,000 cells; one-hot encoding of "k1" (300 levels), "k2" (150 levels) makes most of them');
    expect(e.details).toMatchObject({ rows: 300, columns: 451, cells: 135_300, categorical: [{ column: 'k1', levels: 300 }, { column: 'k2', levels: 150 }] });
  });

  it('builds the same wide one-hot design sparse, counting its nonzeros (900) against maxCells, and refuses it over a nonzero limit', () => {
    const d = buildDesign(table, { target: 'y', categorical: ['k1', 'k2'], maxCells: 50_000 });
    expect('colPtr' in d.X).toBe(true);
    expect([d.X.rows, d.X.cols]).toEqual([300, 451]);
    expect((d.X as CscMatrix).values.length).toBe(899); // x = 0 on the first row
    const dense = buildDesign(table, { target: 'y', categorical: ['k1', 'k2'], sparse: false }).X as DenseMatrix;
    expect(Array.from(cscToDense(d.X as CscMatrix).data)).toEqual(Array.from(dense.data));
    const e = dataError(() => buildDesign(table, { target: 'y', categorical: ['k1', 'k2'], maxCells: 500 }));
    expect(e.message).toBe('cats.csv: the design would have 900 nonzeros (300 rows × 3 features, sparse over 451 columns); the limit is 500 cells; one-hot encoding of "k1" (300 levels), "k2" (150 levels) makes most of them');
  });

  it('refuses a design over maxFeatures', () => {
    const e = dataError(() => buildDesign(table, { target: 'y', categorical: ['k1'], features: ['k1', 'x'], maxFeatures: 100 }));
    expect(e.code).toBe('DESIGN_TOO_LARGE');
    expect(e.message).toMatch(/301 columns; the limit is 100 columns; one-hot encoding of "k1" \(300 levels\)/);
  });

  it('builds what fits under the limits', () => {
    const d = buildDesign(table, { target: 'y', categorical: ['k2'], features: ['k2', 'x'], maxCells: 50_000, maxFeatures: 200 });
    expect(d.X.cols).toBe(151);
  });
});

describe('specs that cannot mean what they say are refused', () => {
  const table = parseTable('y,a,b,k\n1,2,3,u\n2,3,1,v\n3,5,2,u\n4,4,4,v\n', { source: 't.csv' });

  it.each([
    ['a repeated feature', { target: 'y', features: ['a', 'a'] }, 't.csv: column "a" is listed twice in features'],
    ['a repeated categorical column', { target: 'y', categorical: ['k', 'k'] }, 't.csv: column "k" is listed twice in categorical'],
    ['the target as categorical', { target: 'y', features: ['a'], categorical: ['y'] }, 't.csv: the target "y" is numeric and cannot be categorical'],
    ['a categorical column that is not a feature', { target: 'y', features: ['a', 'b'], categorical: ['k'] }, 't.csv: categorical column "k" is not among the features'],
    ['features and exclude both', { target: 'y', features: ['a'], exclude: ['k'] }, 't.csv: give the features or the columns to exclude from them, not both'],
    ['the target excluded', { target: 'y', exclude: ['y'] }, 't.csv: the target "y" is never a feature; it cannot be excluded'],
    ['a column excluded twice', { target: 'y', exclude: ['k', 'k'] }, 't.csv: column "k" is listed twice in exclude'],
    ['an excluded column one-hot encoded', { target: 'y', exclude: ['k'], categorical: ['k'] }, 't.csv: categorical column "k" is not among the features'],
    ['every feature excluded', { target: 'y', exclude: ['a', 'b', 'k'] }, 't.csv: no feature columns'],
  ])('%s', (_name, spec, message) => {
    const e = dataError(() => buildDesign(table, spec));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.message).toBe(message);
  });

  it('the numeric fast path leaves a repeated feature to the general path and its error', () => {
    expect(buildNumericDesign('y,a,b\n1,2,3\n2,3,1\n3,5,2\n', { target: 'y', features: ['a', 'a'] })).toBeNull();
  });

  it('an unknown excluded column is named with the columns there are (the fast path leaves it to the general one)', () => {
    const e = dataError(() => buildDesign(table, { target: 'y', exclude: ['name'] }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toBe('t.csv: unknown excluded column "name" (columns: y, a, b, k)');
    for (const exclude of [['name'], ['y'], ['a', 'a']]) expect(buildNumericDesign('y,a,b\n1,2,3\n2,3,1\n3,5,2\n', { target: 'y', exclude })).toBeNull();
  });

  it('exclude leaves its columns out of the default features, on both paths alike', () => {
    const d = buildDesign(table, { target: 'y', exclude: ['k'] });
    expect(d.featureNames).toEqual(['a', 'b']);
    const text = 'y,a,b,c\n1,2,3,4\n2,3,1,5\n3,5,2,1\n4,1,1,1\n';
    const fast = buildNumericDesign(text, { target: 'y', exclude: ['b'] });
    const general = buildDesign(parseTable(text), { target: 'y', exclude: ['b'] });
    expect(fast?.featureNames).toEqual(['a', 'c']);
    expect(fast?.recipe).toEqual(general.recipe);
    expect(Array.from((fast?.X as DenseMatrix).data)).toEqual(Array.from((general.X as DenseMatrix).data));
  });

  it('an unnamed (pandas index) column can be excluded by the name it is read as', () => {
    const pandas = parseTable(',y,a,b,k\n0,1,2,3,u\n1,2,3,1,v\n2,3,5,2,u\n', { source: 'p.csv' });
    expect(() => buildDesign(pandas, { target: 'y', exclude: ['k'] })).toThrow(/the header leaves column 1 unnamed/);
    expect(buildDesign(pandas, { target: 'y', exclude: ['column0', 'k'] }).featureNames).toEqual(['a', 'b']);
    // Beside an unnamed column left out, a name given twice is still refused.
    const sheet = parseTable('y,a,b,k,\n1,2,3,u,\n2,3,1,v,\n3,5,2,u,\n', { source: 's.csv' });
    expect(buildDesign(sheet, { target: 'y', exclude: ['k'] }).featureNames).toEqual(['a', 'b']);
    expect(() => buildDesign(sheet, { target: 'y', exclude: ['k', 'k'] })).toThrow('s.csv: column "k" is listed twice in exclude');
  });
});

describe('problems are reported against the columns the user has', () => {
  it('a missing categorical value names the source column, not an indicator column', () => {
    const t = parseTable('y,a,k\n1,2,a\n2,3,\n3,5,b\n', { source: 'm.csv' });
    for (const missing of ['error', 'mean'] as const) {
      const e = dataError(() => buildDesign(t, { target: 'y', categorical: ['k'], missing }));
      expect(e.code).toBe('MISSING_VALUE');
      expect(e.message).toBe(`m.csv:3: column "k": value is missing (a categorical column needs the 'drop' missing-value policy)`);
    }
    const d = buildDesign(t, { target: 'y', categorical: ['k'], missing: 'drop' });
    const applied = dataError(() => applyRecipe(d.recipe, [{ a: 1, k: 'a' }, { a: 2, k: null }]));
    expect(applied.message).toBe('row 1: column "k": value is missing: the model dropped such rows in training and cannot predict one without it — give a value (a level not seen in training counts as none of them)');
    expect(applied.location.row).toBe(1);
  });

  it('predict-time errors carry the row index of the record', () => {
    const d = buildDesign(parseTable('y,a\n1,2\n2,3\n3,5\n'), { target: 'y' });
    const e = dataError(() => applyRecipe(d.recipe, [{ a: 1 }, { a: 2 }, { a: 'heavy' }]));
    expect(e.location).toMatchObject({ row: 2, column: 'a', value: 'heavy' });
  });
});

describe('messages never echo unbounded input', () => {
  it('a huge cell is cut in the message and the location', () => {
    const big = 'x'.repeat(1_000_000);
    const e = dataError(() => buildDesign(parseTable(`y,a\n1,2\n2,${big}\n`), { target: 'y' }));
    expect(e.code).toBe('NOT_A_NUMBER');
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain('(1000000 characters)');
    expect((e.location.value as string).length).toBeLessThan(100);
  });

  it('a long column list is cut and counted', () => {
    const t = wideTable(2, 1000);
    const e = dataError(() => buildDesign(t, { target: 'nope' }));
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).toMatch(/and 981 more\)$/);
  });

  it('unknown levels in many rows give three located warnings and a count', () => {
    const d = buildDesign(parseTable('y,k\n1,a\n2,b\n3,a\n'), { target: 'y', categorical: ['k'] });
    const { warnings } = applyRecipe(d.recipe, Array.from({ length: 500 }, () => ({ k: 'zzz' })));
    expect(warnings).toHaveLength(4);
    expect(warnings.at(-1)).toBe('k: 497 more rows with a level not seen in training; their indicator columns are all 0');
  });

  it('many columns out of range give at most 100 warnings and a count', () => {
    const columns = Array.from({ length: 60 }, (_, j) => `x${j}`);
    const d = buildDesign(parseTable(`y,${columns.join(',')}\n${[1, 2, 3].map((v) => `${v},${columns.map(() => v).join(',')}`).join('\n')}\n`), { target: 'y' });
    const { warnings } = applyRecipe(d.recipe, Array.from({ length: 5 }, () => Object.fromEntries(columns.map((c) => [c, 9]))));
    // 60 columns × (3 located + 1 count) = 240 lines.
    expect(warnings).toHaveLength(101);
    expect(warnings.at(-1)).toBe('… and 140 more warnings');
  });

  it('the warnings of several pieces of one file are capped once, as one run: 100 and a count of the rest, none counted twice', () => {
    const columns = Array.from({ length: 60 }, (_, j) => `x${j}`);
    const d = buildDesign(parseTable(`y,${columns.join(',')}\n${[1, 2, 3].map((v) => `${v},${columns.map(() => v).join(',')}`).join('\n')}\n`), { target: 'y' });
    const piece = () => applyRecipe(d.recipe, Array.from({ length: 5 }, () => Object.fromEntries(columns.map((c) => [c, 9]))));
    // Each piece alone caps its 240 lines; the two merged are still 60 columns × (3 located + 1 count).
    const merged = mergeApplied([{ tallies: [], others: [] }, piece(), piece()]);
    expect(merged.warnings).toHaveLength(101);
    expect(merged.warnings[3]).toBe('x0: 7 more values outside the training range [1, 3]; their predictions extrapolate');
    expect(merged.warnings.at(-1)).toBe('… and 140 more warnings');
  });
});

describe('overflowing or underflowing data are refused with the column named', () => {
  it.each([
    ['a feature near the float64 limit', 'y,a\n1,1e308\n2,-1e308\n3,0\n', 'NON_FINITE', 'big.csv: column "a": feature values overflow'],
    ['the target near the float64 limit', 'y,a\n1e308,1\n1e308,2\n0,3\n', 'NON_FINITE', 'big.csv: column "y": target values overflow'],
    // Too small to square: such a column had been fitted as constant, coefficient 0.
    ['a feature too small in magnitude to square', 'y,a\n1,1e-170\n2,-3e-171\n3,0\n', 'OUT_OF_DOMAIN', 'big.csv: column "a": feature values underflow'],
    ['the target too small in magnitude to square', 'y,a\n1e-170,1\n-2e-170,2\n0,3\n', 'OUT_OF_DOMAIN', 'big.csv: column "y": target values underflow'],
  ])('%s', (_name, csv, code, start) => {
    for (const build of [() => buildDesign(parseTable(csv, { source: 'big.csv' }), { target: 'y' }), () => buildNumericDesign(csv, { target: 'y', source: 'big.csv' })]) {
      const e = dataError(build);
      expect(e.code).toBe(code);
      expect(e.message.startsWith(start)).toBe(true);
    }
  });

  it('large but representable data still fit', () => {
    const d = buildDesign(parseTable('y,a\n1,1e150\n2,-1e150\n3,0\n4,2e150\n'), { target: 'y' });
    const fit = lasso(d.X, d.y, { alpha: 0.01 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.coef[0])).toBe(true);
  });
});

describe('column names and levels that look like object internals are ordinary names', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it.each(names)('a column named %s fits and predicts, through applyRecipe and the compiled recipe', (name) => {
    const csv = `y,${name},k\n` + Array.from({ length: 12 }, (_, i) => `${2 * i + (i % 3)},${i},${names[i % 4]}\n`).join('');
    const d = buildDesign(parseTable(csv), { target: 'y', categorical: ['k'] });
    expect(d.featureNames).toEqual([name, ...names.map((l) => `k_${l}`).sort()]);
    const fit = lasso(d.X, d.y, { alpha: 0.01 });
    const record = JSON.parse(`{${JSON.stringify(name)}: 3, "k": "${names[1]}"}`) as Record<string, unknown>;
    const viaApply = applyRecipe(d.recipe, [record]);
    expect(viaApply.warnings).toEqual([]);
    const viaCompiled = compileRecipe(d.recipe)([record]);
    expect(viaCompiled).not.toBeNull();
    expect(Array.from(predict(fit, viaCompiled!))).toEqual(Array.from(predict(fit, viaApply.X)));
    // The level is matched, not mistaken for an unknown one.
    expect(viaApply.X.data[viaApply.featureNames.indexOf(`k_${names[1]}`)]).toBe(1);
  });

  it('a record without such a column is reported missing, not read from the prototype', () => {
    const d = buildDesign(parseTable('y,toString\n1,2\n2,3\n3,5\n'), { target: 'y' });
    expect(compileRecipe(d.recipe)([{}])).toBeNull();
    expect(dataError(() => applyRecipe(d.recipe, [{}])).code).toBe('UNKNOWN_COLUMN');
  });
});
