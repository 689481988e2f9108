import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAR, TABLE, harness, post, type Harness } from '../../../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('POST /v1/models', () => {
  it('fits at a given alpha, stores, and answers 201 with Location, coefficients by name and metrics', async () => {
    const res = await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', categorical: ['c'], alpha: 0.01, name: 'toy' }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('Location')).toBe(`/v1/models/${body.id}`);
    expect(body.format).toBe('lassokit-model');
    expect(body.name).toBe('toy');
    expect(body.coefficients.a).toBeCloseTo(2, 1);
    expect(body.coefficients.b).toBeCloseTo(-1, 1);
    expect(body.metrics.r2).toBeGreaterThan(0.99);
    expect(body.preprocessing.recipe.kind).toBe('lassokit-recipe');
  });

  it('says in training.report what reading the data found: rows dropped, a column left out, a constant column', async () => {
    const csv = 'y,a,b,k,z\n1,1,,7,\n2,2,5,7,\n3,3.5,1,7,\n4,4,2,7,\n5,5.5,0,7,\n6,6,4,7,\n';
    const res = await h.app.request(...post('/v1/models', { data: { csv }, target: 'y', missing: 'drop', alpha: 0.01 }));
    expect(res.status).toBe(201);
    const { training } = await res.json();
    expect(training.rowsDropped).toBe(1);
    expect(training.report).toEqual({
      dropped: [{ column: 'b', count: 1, reason: 'missing b' }],
      imputed: [],
      warnings: ['column "z" is entirely missing; left out', 'column "k" is constant (7); it cannot help a model with an intercept'],
    });
    // Nothing to say: no report.
    const clean = await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', categorical: ['c'], alpha: 0.01 }))).json();
    expect(clean.training.report).toBeUndefined();
  });

  it('cross-validates CSV data when no alpha is given', async () => {
    const csv = ['y,a,b', ...TABLE.rows.map((r) => r.slice(0, 3).join(','))].join('\n');
    const res = await h.app.request(...post('/v1/models', { data: { csv }, target: 'y', cv: { folds: 5, seed: 2, select: '1se' } }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.training.cv).toMatchObject({ nFolds: 5, seed: 2, select: '1se' });
    expect(body.alpha).toBe(body.training.cv.alpha1se);
  });

  it.each([
    ['an unknown target', { data: TABLE, target: 'price' }, 'UNKNOWN_COLUMN', /unknown target column "price"/, undefined],
    ['a non-numeric value', { data: { columns: ['y', 'a'], rows: [[1, 2], [2, 'heavy'], [3, 4]] }, target: 'y' }, 'NOT_A_NUMBER', /rows:1: column "a": "heavy" is not a number/, { row: 1, column: 'a', value: 'heavy' }],
    ['a non-finite value', { data: { columns: ['y', 'a'], rows: [[1, 2], [2, 'Infinity'], [3, 4]] }, target: 'y' }, 'NOT_A_NUMBER', /"Infinity" is not a number/, { row: 1, column: 'a', value: 'Infinity' }],
    ['a ragged row', { data: { columns: ['y', 'a'], rows: [[1, 2], [2], [3, 4]] }, target: 'y' }, 'RAGGED_ROWS', /rows:1: has 1 values; there are 2 columns/, { row: 1 }],
    ['duplicate columns', { data: { columns: ['y', 'a', 'a'], rows: [[1, 2, 3]] }, target: 'y' }, 'DUPLICATE_COLUMN', /column name "a" appears twice \(columns 2 and 3\)/, undefined],
    ['a bad number in CSV', { data: { csv: 'y,a\n1,2\n2,"3,504"\n' }, target: 'y' }, 'NOT_A_NUMBER', /csv:3: column "a": "3,504" is not a number/, { line: 3, column: 'a', value: '3,504' }],
    // Named by the request's fields: the library's own message names `nFolds`, no field of a request.
    ['fewer rows than CV folds', { data: { csv: 'y,a\n1,2\n2,4.5\n3,6\n' }, target: 'y' }, 'INVALID_PARAMETER', /^3 rows are too few for 10-fold cross-validation: give cv\.folds ≤ 3, or give alpha to fit without cross-validation$/, { field: 'cv.folds', rows: 3, folds: 10 }],
    ['fewer rows than CV+ folds', { data: { csv: 'y,a\n1,2\n2,4.5\n3,6\n' }, target: 'y', alpha: 0.1, intervals: 'cv+' }, 'INVALID_PARAMETER', /: CV\+ interval data with alpha use 10 folds; drop alpha and give cv\.folds ≤ 3, or use intervals: 'split'$/, { field: 'cv.folds', rows: 3, folds: 10 }],
    ['fewer rows than CV folds (svmlight)', { data: { svmlight: '1 1:2\n2 1:4.5\n' } }, 'INVALID_PARAMETER', /^2 rows are too few for 10-fold/, { field: 'cv.folds', rows: 2, folds: 10 }],
  ])('answers 422 naming row and column for %s', async (_name, body, code, message, details) => {
    const res = await h.app.request(...post('/v1/models', body));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    if (details) expect(error.details).toEqual(details);
  });
});

describe('GET, list and DELETE /v1/models', () => {
  it('lists with pagination, gets by id, deletes, then 404s', async () => {
    const created = await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.1 }))).json();
    const page = await (await h.app.request('/v1/models?limit=1')).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0].id).toBe('auto-mpg');
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.next).toBe('/v1/models?limit=1&offset=1');
    const got = await h.app.request(`/v1/models/${created.id}`);
    expect(got.status).toBe(200);
    expect((await got.json()).coef).toEqual(created.coef);
    expect((await h.app.request(`/v1/models/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await h.app.request(`/v1/models/${created.id}`);
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.code).toBe('NOT_FOUND');
    expect((await h.app.request(`/v1/models/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a bad page size with 400', async () => {
    const res = await h.app.request('/v1/models?limit=1000');
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('limit');
  });
});

describe('POST /v1/models/:id/predict', () => {
  it('a misspelt field is 400 naming the one meant, not a prediction without the interval asked for', async () => {
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR], intervals: 0.9 }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toEqual({ path: '', message: 'unknown field "intervals" (did you mean "interval"?); the fields here are rows, svmlight, interval, skipMissing' });
  });

  it('predicts MPG from raw specs with the built-in auto-mpg model', async () => {
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR, { ...CAR, weight: 4000, cylinders: 8, displacement: 350, horsepower: 165 }] }));
    expect(res.status).toBe(200);
    const { predictions, warnings } = await res.json();
    expect(predictions[0]).toBeGreaterThan(24);
    expect(predictions[0]).toBeLessThan(34);
    expect(predictions[1]).toBeLessThan(predictions[0]);
    expect(warnings).toBeUndefined();
  });

  it('warns about unknown levels and out-of-range values', async () => {
    const { warnings } = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [{ ...CAR, cylinders: 7 }] }))).json();
    expect(warnings).toEqual(['row 0: cylinders = 7 was not seen in training (levels 3, 4, 5, 6, 8); its indicator columns are all 0']);
  });

  it('a missing value stops the request naming skipMissing; with skipMissing the row gets null, the others their predictions (intervals too)', async () => {
    const rows = [CAR, { ...CAR, horsepower: null }, { ...CAR, weight: 3000 }, { ...CAR, horsepower: null, weight: null }];
    const refused = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows }));
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ code: 'MISSING_VALUE', message: expect.stringMatching(/or send "skipMissing": true to predict the other rows$/) });
    const all = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR, rows[2]], interval: 0.9 }))).json();
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows, skipMissing: true, interval: 0.9 }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.predictions).toEqual([all.predictions[0], null, all.predictions[1], null]);
    expect(body.lower).toEqual([all.lower[0], null, all.lower[1], null]);
    expect(body.upper).toEqual([all.upper[0], null, all.upper[1], null]);
    expect(body.skipped.rows).toEqual([1, 3]);
    expect(body.skipped.reasons.reduce((a: number, r: { count: number }) => a + r.count, 0)).toBe(2);
    // Nothing to skip: the answer is the plain one; every row skipped: all null.
    expect(await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR], skipMissing: true }))).json()).toEqual({ predictions: [all.predictions[0]] });
    expect((await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [rows[1]], skipMissing: true }))).json()).predictions).toEqual([null]);
    // Large bodies are predicted in a worker: the same answer.
    const many = Array.from({ length: 3000 }, (_, i) => rows[i % 4]);
    const big = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: many, skipMissing: true }))).json();
    expect(big.predictions.slice(0, 4)).toEqual([all.predictions[0], null, all.predictions[1], null]);
    expect(big.skipped.rows).toHaveLength(1500);
  });

  it.each([
    ['skipMissing with svmlight text', '/v1/models/auto-mpg/predict', { svmlight: '0 1:1\n', skipMissing: true }, 400, 'INVALID_REQUEST'],
    ['an unknown model', '/v1/models/nope/predict', { rows: [CAR] }, 404, 'NOT_FOUND'],
    ['a missing column', '/v1/models/auto-mpg/predict', { rows: [{ cylinders: 4 }] }, 422, 'UNKNOWN_COLUMN'],
    ['a non-number', '/v1/models/auto-mpg/predict', { rows: [{ ...CAR, weight: 'heavy' }] }, 422, 'NOT_A_NUMBER'],
    ['no rows', '/v1/models/auto-mpg/predict', { rows: [] }, 400, 'INVALID_REQUEST'],
  ])('answers %s', async (_name, path, body, status, code) => {
    const res = await h.app.request(...post(path, body));
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });
});

describe('prediction intervals and the relaxed Lasso', () => {
  it('the built-in Auto-MPG model predicts with a 90 % interval around the prediction', async () => {
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR], interval: 0.9 }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.interval).toEqual({ level: 0.9, method: 'cv+' });
    expect(body.lower[0]).toBeLessThan(body.predictions[0]);
    expect(body.upper[0]).toBeGreaterThan(body.predictions[0]);
    const wider = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR], interval: 0.95 }))).json();
    expect(wider.upper[0] - wider.lower[0]).toBeGreaterThanOrEqual(body.upper[0] - body.lower[0]);
  });

  it("fits with intervals: 'split' and relax: true; the stored files say so", async () => {
    const split = await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], intervals: 'split' }))).json();
    expect(split.intervals.method).toBe('split');
    expect(split.schemaVersion).toBe(2);
    const iv = await (await h.app.request(...post(`/v1/models/${split.id}/predict`, { rows: [{ a: 1, b: 0 }], interval: 0.8 }))).json();
    expect(iv.lower[0]).toBeLessThan(iv.upper[0]);
    const relaxed = await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], relax: true, cv: { folds: 5 } }));
    expect(relaxed.status).toBe(201);
    const r = await relaxed.json();
    expect(r.kind).toBe('relaxedLasso');
    expect([0, 0.25, 0.5, 0.75, 1]).toContain(r.training.gamma);
    // Intervals from the relaxed fold models.
    const both = await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], relax: true, cv: { folds: 5 }, intervals: 'cv+' }))).json();
    expect(both.kind).toBe('relaxedLasso');
    expect(both.intervals.models).toHaveLength(5);
    const around = await (await h.app.request(...post(`/v1/models/${both.id}/predict`, { rows: [{ a: 1, b: 0 }], interval: 0.8 }))).json();
    expect(around.lower[0]).toBeLessThan(around.predictions[0]);
    expect(around.upper[0]).toBeGreaterThan(around.predictions[0]);
    // Refits bounded to one feature: recorded in the model file.
    const bounded = await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], relax: true, maxRefitFeatures: 1, cv: { folds: 5 } }));
    expect(bounded.status).toBe(201);
    expect((await bounded.json()).training.maxRefitFeatures).toBe(1);
    expect(r.training.maxRefitFeatures).toBeUndefined();
  });

  it.each([
    ['intervals from a model fitted without them', async () => (await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.1 }))).json()).id, { rows: [{ a: 1, b: 0 }], interval: 0.9 }, 422, 'NO_INTERVALS', /refit it with \\"intervals\\": \\"cv\+\\"/],
    ['a level of 1', async () => 'auto-mpg', { rows: [CAR], interval: 1 }, 400, 'INVALID_REQUEST', /interval/],
    ['a level of 0', async () => 'auto-mpg', { rows: [CAR], interval: 0 }, 400, 'INVALID_REQUEST', /interval/],
  ])('refuses %s', async (_name, id, body, status, code, message) => {
    const res = await h.app.request(...post(`/v1/models/${await id()}/predict`, body));
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.code).toBe(code);
    expect(JSON.stringify(error)).toMatch(message);
  });

  it("refuses cv+ intervals or relax on a server-side source (naming 'split'), and relax with alpha", async () => {
    for (const [body, message] of [
      [{ source: { path: 'x.parquet' }, target: 'y', intervals: 'cv+' }, /intervals 'cv\+' needs every row's held-out residual, not only statistics: use 'split'/],
      [{ source: { path: 'x.parquet' }, target: 'y', relax: true }, /relax needs the rows \(least-squares refits on each support\), not only statistics: send data in the body/],
      [{ data: TABLE, target: 'y', relax: true, alpha: 0.1 }, /relax chooses alpha by cross-validation/],
      [{ data: TABLE, target: 'y', maxRefitFeatures: 1 }, /maxRefitFeatures bounds the relaxed Lasso's least-squares refits: it needs relax: true/],
      [{ data: TABLE, target: 'y', relax: true, maxRefitFeatures: -1 }, /maxRefitFeatures/],
      [{ data: TABLE, target: 'y', relax: true, maxRefitFeatures: 1.5 }, /maxRefitFeatures/],
    ] as const) {
      const res = await h.app.request(...post('/v1/models', body));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
  });
});

describe('sparse (svmlight) data', () => {
  // y ≈ 2·x1 − x3: forty rows, five features, mostly zeros.
  const svm = Array.from({ length: 40 }, (_, i) => {
    const x1 = i % 3 === 0 ? 1 + (i % 4) : 0;
    const x3 = i % 5 === 0 ? 2 : 0;
    const feats = [[1, x1], [3, x3], [5, i % 2 ? 0.5 : 0]].filter(([, v]) => v !== 0);
    return `${2 * x1 - x3 + ((i % 4) - 1.5) * 0.01} ${feats.map(([j, v]) => `${j}:${v}`).join(' ')}`;
  }).join('\n');

  it('fits svmlight text as a sparse design and predicts svmlight rows, with intervals', async () => {
    const res = await h.app.request(...post('/v1/models', { data: { svmlight: svm }, cv: { folds: 5 }, intervals: 'cv+' }));
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    expect(m.coefficients.x1).toBeGreaterThan(1.5);
    const p = await (await h.app.request(...post(`/v1/models/${m.id}/predict`, { svmlight: '0 1:2\n0 3:1\n', interval: 0.9 }))).json();
    expect(p.predictions[0]).toBeGreaterThan(p.predictions[1]);
    expect(p.lower[0]).toBeLessThan(p.upper[0]);
    const wrong = await h.app.request(...post(`/v1/models/${m.id}/predict`, { rows: [{ x1: 1 }] }));
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.message).toMatch(/fitted on svmlight data .* send its rows as "svmlight" text/);
  });

  it('fits the relaxed Lasso on svmlight text (kept sparse), with CV+ from its folds', async () => {
    const res = await h.app.request(...post('/v1/models', { data: { svmlight: svm }, cv: { folds: 5 }, relax: true, intervals: 'cv+' }));
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m.kind).toBe('relaxedLasso');
    expect([0, 0.25, 0.5, 0.75, 1]).toContain(m.training.gamma);
    expect(m.coefficients.x1).toBeGreaterThan(1.5);
    const p = await (await h.app.request(...post(`/v1/models/${m.id}/predict`, { svmlight: '0 1:2\n0 3:1\n', interval: 0.9 }))).json();
    expect(p.lower[0]).toBeLessThan(p.predictions[0]);
    expect(p.upper[0]).toBeGreaterThan(p.predictions[0]);
  });

  it('reads 1-based indices unless data.zeroBased says 0-based; an index 0 in a 1-based body is located', async () => {
    const zero = svm.replace(/(\d+):/g, (_, j) => `${Number(j) - 1}:`);
    const a = await (await h.app.request(...post('/v1/models', { data: { svmlight: svm }, alpha: 0.05 }))).json();
    const res = await h.app.request(...post('/v1/models', { data: { svmlight: zero, zeroBased: true }, alpha: 0.05 }));
    expect(res.status).toBe(201);
    const b = await res.json();
    expect(b.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    expect(b.intercept).toBeCloseTo(a.intercept, 12);
    const pa = await (await h.app.request(...post(`/v1/models/${a.id}/predict`, { svmlight: '0 1:2\n0 3:1\n' }))).json();
    const pb = await (await h.app.request(...post(`/v1/models/${b.id}/predict`, { svmlight: '0 0:2\n0 2:1\n' }))).json();
    expect(pb.predictions).toEqual(pa.predictions);
    const bad = await h.app.request(...post('/v1/models', { data: { svmlight: zero }, alpha: 0.05 }));
    expect(bad.status).toBe(422);
    const e = (await bad.json()).error;
    expect(e.message).toMatch(/^svmlight:1: token "0:\d+": feature index 0 in a 1-based file \(indices start at 1; send "zeroBased": true beside "svmlight" if the text counts from 0\)$/);
    expect(e.details).toMatchObject({ line: 1, value: expect.stringMatching(/^0:/) });
    // Predict reads rows in the model's base and width: the model, not an option, decides them.
    const zeroRow = await h.app.request(...post(`/v1/models/${a.id}/predict`, { svmlight: '0 1:2\n0 0:1\n' }));
    expect(zeroRow.status).toBe(422);
    expect((await zeroRow.json()).error.message).toBe('svmlight:2: token "0:1": feature index 0 in a 1-based file (the model was fitted on a 1-based file: its features are x1 … x5)');
    const past = await h.app.request(...post(`/v1/models/${b.id}/predict`, { svmlight: '0 5:1\n' }));
    expect(past.status).toBe(422);
    expect((await past.json()).error).toMatchObject({ message: 'svmlight:1: token "5:1": feature index 5 is past the 5 features (indices 0 … 4)', details: { line: 1, nFeatures: 5 } });
  });

  it('counts nonzeros, not rows × columns, against the cell limit', async () => {
    const small = await harness({ LASSOKIT_MAX_CELLS: '30' }, {}, false);
    try {
      const res = await small.app.request(...post('/v1/models', { data: { svmlight: svm }, alpha: 0.1 }));
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toMatch(/svmlight:\d+: more than 30 nonzeros \(the limit\) by this line \(LASSOKIT_MAX_CELLS\)/);
      // 40 rows × 1,000,000 columns would be 4e7 cells dense; as 2 nonzeros it fits.
      const wide = await small.app.request(...post('/v1/path', { data: { svmlight: '1 1:1\n2 1000000:1\n3 1:2\n' }, nAlphas: 3 }));
      expect(wide.status).toBe(413); // the default LASSOKIT_MAX_FEATURES (50,000) bounds the columns
      expect((await wide.json()).error.message).toMatch(/feature index 1000000 is beyond the limit of 50000 features \(LASSOKIT_MAX_FEATURES\)/);
    } finally {
      await small.close();
    }
  });

  it('path, cv and stability take svmlight data; target and CSV fields are refused with it', async () => {
    expect((await h.app.request(...post('/v1/path', { data: { svmlight: svm }, nAlphas: 5 }))).status).toBe(200);
    expect((await h.app.request(...post('/v1/cv', { data: { svmlight: svm }, folds: 4 }))).status).toBe(200);
    expect((await h.app.request(...post('/v1/stability', { data: { svmlight: svm }, pairs: 10 }))).status).toBe(200);
    const bad = await h.app.request(...post('/v1/models', { data: { svmlight: svm }, target: 'y' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/svmlight data carry their labels/);
    const noTarget = await h.app.request(...post('/v1/models', { data: TABLE }));
    expect(noTarget.status).toBe(400);
    expect(JSON.stringify(await noTarget.json())).toMatch(/target is required/);
  });
});

describe('wide categorical data', () => {
  it('fits 400 rows × 20 categorical columns of ~400 levels (≈ 7,600 one-hot columns) sparse: its nonzeros, not 3M dense cells, count', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [((i * 7) % 13) - 6, ...Array.from({ length: 20 }, (_, c) => `c${c}_${(i * (c + 3) + c * c) % 397}`)]);
    const columns = ['y', ...Array.from({ length: 20 }, (_, c) => `k${c}`)];
    const small = await harness({ LASSOKIT_MAX_DESIGN_CELLS: '100000' }, {}, false);
    try {
      const res = await small.app.request(...post('/v1/models', { data: { columns, rows }, target: 'y', categorical: columns.slice(1), alpha: 0.05 }));
      expect(res.status).toBe(201);
      const m = await res.json();
      expect(m.featureNames.length).toBeGreaterThan(7000);
      // The same design built dense is over the limit: 400 × 7,000+ cells.
      expect(m.featureNames.length * 400).toBeGreaterThan(100_000);
    } finally {
      await small.close();
    }
  });
});
