import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CAR, TABLE, harness, post, type Harness } from '../test/harness.js';
import { ModelStore } from './app.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

/** CSV with `rows` rows, a numeric target and `cats` categorical columns of one level per row. */
function oneHotBomb(rows: number, cats: number): string {
  const header = ['y', ...Array.from({ length: cats }, (_, j) => `c${j}`)].join(',');
  const lines = Array.from({ length: rows }, (_, i) => [i % 10, ...Array.from({ length: cats }, () => i.toString(36))].join(','));
  return `${header}\n${lines.join('\n')}\n`;
}

async function predictOk(app: Harness['app']): Promise<void> {
  const res = await app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR] }));
  expect(res.status).toBe(200);
}

describe('work is bounded by the expanded design, not by bytes', () => {
  it('the ~0.9 MB one-hot request (2,703 rows × 100 columns × 2,703 levels) is 413 naming the columns, at once; predict still works', async () => {
    const csv = oneHotBomb(2703, 100);
    expect(csv.length).toBeLessThan(1_000_000);
    const t = performance.now();
    const res = await h.app.request(...post('/v1/models', { data: { csv }, target: 'y', categorical: Array.from({ length: 100 }, (_, j) => `c${j}`), alpha: 0.1 }));
    const ms = performance.now() - t;
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error.code).toBe('DESIGN_TOO_LARGE');
    expect(error.message).toMatch(/the design would have 270,300 columns; the limit is 50,000 columns; one-hot encoding of "c0" \(2,703 levels\), .* and 95 more makes most of them \(LASSOKIT_MAX_FEATURES\)/);
    expect(error.details).toMatchObject({ rows: 2703, columns: 270_300 });
    expect(ms).toBeLessThan(10_000);
    await predictOk(h.app);
  });

  it('a job that exhausts a worker heap is 413 OUT_OF_MEMORY; the worker is replaced and the server keeps answering', async () => {
    const small = await harness({ LASSOKIT_WORKER_HEAP_MB: '64', LASSOKIT_MAX_DESIGN_CELLS: '1000000000', LASSOKIT_MAX_FEATURES: '1000000', LASSOKIT_MAX_LEVELS: '100000' });
    const csv = oneHotBomb(1500, 60);
    const res = await small.app.request(...post('/v1/models', { data: { csv }, target: 'y', categorical: Array.from({ length: 60 }, (_, j) => `c${j}`), alpha: 0.1 }));
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error.code).toBe('OUT_OF_MEMORY');
    expect(error.message).toMatch(/64 MiB, LASSOKIT_WORKER_HEAP_MB/);
    await predictOk(small.app);
    const fit = await small.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.1 }));
    expect(fit.status).toBe(201);
    expect(small.pool.stats()).toMatchObject({ size: 1, busy: 0 });
    await small.close();
  });

  it('a model over LASSOKIT_MAX_MODEL_BYTES is 413 and not stored', async () => {
    const small = await harness({ LASSOKIT_MAX_MODEL_BYTES: '1024' }, {}, false);
    const res = await small.app.request(...post('/v1/models', { data: { csv: oneHotBomb(40, 1) }, target: 'y', categorical: ['c0'], alpha: 0.1 }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/bytes of JSON; the limit is 1024 \(LASSOKIT_MAX_MODEL_BYTES\)/);
    expect((await (await small.app.request('/v1/models')).json()).total).toBe(0);
    await small.close();
  });

  it('too many levels is 413 with its variable', async () => {
    const small = await harness({ LASSOKIT_MAX_LEVELS: '10' }, {}, false);
    const res = await small.app.request(...post('/v1/models', { data: { csv: oneHotBomb(30, 1) }, target: 'y', categorical: ['c0'], alpha: 0.1 }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/column "c0": has 30 distinct values; one-hot encoding allows at most 10 .*\(LASSOKIT_MAX_LEVELS\)/);
    await small.close();
  });
});

describe('specs that cannot mean what they say are 422', () => {
  it.each([
    ['duplicate features', { features: ['a', 'a'] }, /column "a" is listed twice in features/],
    ['the target as categorical', { features: ['a'], categorical: ['y'] }, /the target "y" is numeric and cannot be categorical/],
  ])('%s', async (_name, spec, message) => {
    const res = await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', alpha: 0.1, ...spec }));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toMatch(message);
  });

  it('a missing categorical value is reported under the column the user has', async () => {
    const res = await h.app.request(...post('/v1/models', { data: { csv: 'y,a,k\n1,1,u\n2,2,\n3,3,v\n' }, target: 'y', categorical: ['k'], alpha: 0.1 }));
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'MISSING_VALUE', details: { line: 3, column: 'k' } });
    expect(error.message).toMatch(/^csv:3: column "k": value is missing/);
  });

  it("na: a file's own mark is missing in the used columns (then the policy applies), and the model keeps it for predictions", async () => {
    const csv = 'y,x,z\n1,2,?\n2,?,3\n3,4,5\n4,5,4\n5,7,6\n6,6,8\n';
    const res = await h.app.request(...post('/v1/models', { data: { csv }, target: 'y', features: ['x'], na: ['?'], missing: 'mean', alpha: 0.1 }));
    expect(res.status, await res.clone().text()).toBe(201);
    const model = await res.json();
    const id = model.id;
    expect(model.preprocessing.recipe.inputs).toEqual([expect.objectContaining({ name: 'x', missing: ['?'] })]);
    const predicted = await h.app.request(...post(`/v1/models/${id}/predict`, { rows: [{ x: '?' }, { x: 5.2 }] }));
    expect(predicted.status).toBe(200);
    expect((await predicted.json()).predictions).toHaveLength(2);
    // Not for svmlight, nor for a table.
    expect((await h.app.request(...post('/v1/models', { data: { svmlight: '1 1:2\n2 1:3\n' }, na: ['?'], alpha: 0.1 }))).status).toBe(400);
    const table = await h.app.request(...post('/v1/models', { source: { table: 'cars' }, target: 'y', na: ['?'], alpha: 0.1 }));
    expect(table.status).toBe(400);
    expect((await table.json()).error.message).toMatch(/na reads a file's marks as missing; a table turns them into NULL in a view/);
  });

  it('data errors name the request field that fixes them', async () => {
    const cases: [unknown, string][] = [
      [{ csv: 'y,x,name\n1,2,ford pinto\n2,3,vw rabbit\n3,4,amc gremlin\n' }, 'csv:2: column "name": "ford pinto" is not a number; if "name" is text (a category, a name), list it in "categorical" or leave it out with "exclude": ["name"]'],
      [{ columns: ['y', 'x'], rows: [[1, 2], [2, '?'], [3, 4]] }, 'rows:1: column "x": "?" is not a number; if "?" marks a missing value, send "na": ["?"] (and "missing": "drop", "mean" or "median")'],
      [{ csv: 'y,x\n1,2\n2,\n3,4\n' }, 'csv:3: column "x": value is missing (choose a policy: "missing": "drop", "mean" or "median")'],
      [{ csv: 'y,x\n1,2\n,3\n3,4\n' }, 'csv:3: column "y": target value is missing; set "missing": "drop" (rows without a target cannot be used)'],
      [{ csv: 'y,x\n1,2\nlots,3\n3,4\n' }, 'csv:3: column "y": "lots" is not a number; "y" is the target and must be numbers: send a numeric column as "target"'],
      [{ csv: 'y,x\n1,2021-04-10\n2,2021-04-11\n3,2021-04-12\n' }, 'csv:2: column "x": "2021-04-10" is not a number; if "x" holds dates or times, leave it out with "exclude": ["x"] (a date is not a number: to use it, send a number made from it, such as the year or the days since a start)'],
      [{ columns: ['y', 'x'], rows: [[1, 2], ['12.5 %', 3], [3, 4]] }, 'rows:1: column "y": "12.5 %" is not a number; a percent sign in a number: send it plainly (12.5)'],
    ];
    for (const [data, message] of cases) {
      const res = await h.app.request(...post('/v1/models', { data, target: 'y', alpha: 0.1 }));
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toBe(message);
    }
  });

  it('a text column is left out with the "exclude" the error names, or out of "features" where they were given', async () => {
    const data = { csv: 'y,x,name\n1,2,ford pinto\n2,3,vw rabbit\n3,5,amc gremlin\n4,4,dodge dart\n' };
    const refused = await h.app.request(...post('/v1/models', { data, target: 'y', alpha: 0.1 }));
    const hint = /leave it out with ("exclude": \[.*?\])/.exec((await refused.json()).error.message)?.[1];
    expect(hint).toBe('"exclude": ["name"]');
    const fitted = await h.app.request(...post('/v1/models', { data, target: 'y', alpha: 0.1, ...JSON.parse(`{${hint}}`) }));
    expect(fitted.status).toBe(201);
    expect((await fitted.json()).featureNames).toEqual(['x']);
    const listed = await h.app.request(...post('/v1/models', { data, target: 'y', features: ['x', 'name'], alpha: 0.1 }));
    expect((await listed.json()).error.message).toMatch(/list it in "categorical" or leave it out of "features"$/);
  });

  it('exclude is refused with features, for svmlight, for the target, and for a column the data do not have', async () => {
    const data = { csv: 'y,x,name\n1,2,a\n2,3,b\n3,5,c\n' };
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ data, target: 'y', features: ['x'], exclude: ['name'] }, 400, /^invalid request: exclude: give features or exclude, not both/],
      [{ data: { svmlight: '1 1:2\n2 1:3\n' }, exclude: ['1'] }, 400, /leave out target, features, exclude, categorical/],
      [{ data, target: 'y', exclude: ['y'] }, 422, /the target "y" is never a feature; it cannot be excluded/],
      [{ data, target: 'y', exclude: ['nmae'] }, 422, /unknown excluded column "nmae" \(columns: y, x, name\)/],
      [{ data, target: 'y', exclude: ['name', 'name'] }, 422, /"name" is listed twice in exclude/],
      [{ data, target: 'y', exclude: [] }, 400, /exclude/],
    ];
    for (const [body, status, message] of cases) {
      const res = await h.app.request(...post('/v1/models', { alpha: 0.1, ...body }));
      const error = (await res.json()).error;
      expect([res.status, error.message]).toEqual([status, expect.stringMatching(message)]);
    }
  });
});

describe('non-finite results never reach a client or the store', () => {
  const extreme = (where: 'y' | 'a') => ({
    columns: ['y', 'a'],
    rows: [[1, 2], [2, 5], [3, 1], [4, 3]].map(([y, a], i) => (where === 'y' ? [i % 2 ? 1e308 : -1e308, a] : [y, i % 2 ? 1e308 : -1e308])),
  });

  it.each([
    ['/v1/models', 'y', /column "y": target values overflow/],
    ['/v1/path', 'y', /column "y": target values overflow/],
    ['/v1/models', 'a', /column "a": feature values overflow/],
    ['/v1/cv', 'a', /column "a": feature values overflow/],
  ] as const)('%s with ±1e308 in %s is 422 NON_FINITE naming the column', async (path, where, message) => {
    const res = await h.app.request(...post(path, { data: extreme(where), target: 'y', ...(path === '/v1/models' ? { alpha: 0.1 } : {}) }));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('NON_FINITE');
    expect(error.message).toMatch(message);
  });
});

describe('error bodies stay small whatever the input', () => {
  it('a 1 MB cell is cut in the message and details', async () => {
    const big = 'x'.repeat(1_000_000);
    const res = await h.app.request(...post('/v1/models', { data: { columns: ['y', 'a'], rows: [[1, 2], [2, big]] }, target: 'y', alpha: 0.1 }));
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text).error.message).toMatch(/\(1000000 characters\)/);
  });

  it('an unknown target among 100,000 columns lists twenty and counts the rest', async () => {
    const columns = ['y', ...Array.from({ length: 99_999 }, (_, j) => `column_${j}`)];
    const res = await h.app.request(...post('/v1/models', { data: { columns, rows: [columns.map(() => 1)] }, target: 'nope', alpha: 0.1 }));
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text.length).toBeLessThan(1000);
    expect(text).toMatch(/and 99980 more\)/);
  });

  it('a thousand schema problems give twenty details and a count', async () => {
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: Array.from({ length: 1000 }, () => ({ a: [1] })) }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.details).toHaveLength(20);
    expect(error.message).toMatch(/and 999 more problems/);
  });
});

describe('predict', () => {
  it('422 details carry the row index', async () => {
    const res = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR, CAR, { ...CAR, weight: 'heavy' }] }));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'NOT_A_NUMBER', message: 'row 2: column "weight": "heavy" is not a number', details: { row: 2, column: 'weight', value: 'heavy' } });
  });

  it('a large body is predicted in a worker, with the same answers and the same errors as a small one', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ ...CAR, weight: 2000 + i, note: 'x'.repeat(30) }));
    const large = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows }))).json();
    const small = await (await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: rows.slice(0, 10) }))).json();
    expect(large.predictions).toHaveLength(2000);
    expect(large.predictions.slice(0, 10)).toEqual(small.predictions);
    const bad = await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [...rows, { ...CAR, weight: 'heavy' }] }));
    expect((await bad.json()).error).toMatchObject({ code: 'NOT_A_NUMBER', details: { row: 2000 } });
  });
});

describe('one rule for request bodies: JSON', () => {
  it.each([
    ['/v1/models/auto-mpg/predict', 'text/plain'],
    ['/v1/models/auto-mpg/predict', undefined],
    ['/v1/models', 'text/csv'],
    ['/v1/path', 'application/x-www-form-urlencoded'],
  ])('POST %s with Content-Type %s is 415', async (path, type) => {
    const headers: Record<string, string> = type === undefined ? {} : { 'Content-Type': type };
    const res = await h.app.request(path, { method: 'POST', body: JSON.stringify({ rows: [CAR] }), headers });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('application/json with a charset is accepted', async () => {
    const res = await h.app.request('/v1/models/auto-mpg/predict', { method: 'POST', body: JSON.stringify({ rows: [CAR] }), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(200);
  });
});

describe('security headers', () => {
  it('every API response says nosniff, no framing, no referrer, and a deny-all CSP', async () => {
    for (const res of [await h.app.request('/health'), await h.app.request('/v1/nope'), await h.app.request(...post('/v1/models/auto-mpg/predict', { rows: [CAR] }))]) {
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('/docs has a CSP that allows its own scripts and no inline script', async () => {
    const res = await h.app.request('/docs');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await res.text()).not.toMatch(/<script>/);
    expect((await h.app.request('/docs/assets/init.js')).status).toBe(200);
  });
});

describe('built-in models are read-only', () => {
  it('DELETE auto-mpg is 403 and the model stays', async () => {
    const res = await h.app.request('/v1/models/auto-mpg', { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'READ_ONLY', message: 'model "auto-mpg" is built in and read-only; it cannot be deleted' });
    await predictOk(h.app);
  });
});

describe('names that look like object internals', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it.each(names)('a column named %s, and levels named like that, fit (201) and predict', async (name) => {
    const columns = ['y', name, 'k'];
    const rows = Array.from({ length: 16 }, (_, i) => [2 * i + (i % 3), i, names[i % 4]]);
    const res = await h.app.request(...post('/v1/models', { data: { columns, rows }, target: 'y', categorical: ['k'], alpha: 0.01 }));
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(Object.hasOwn(created.coefficients, name)).toBe(true);
    const body = `{"rows":[{${JSON.stringify(name)}: 3, "k": ${JSON.stringify(names[2])}}]}`;
    const predicted = await h.app.request(`/v1/models/${created.id}/predict`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(predicted.status).toBe(200);
    const { predictions, warnings } = await predicted.json();
    expect(warnings).toBeUndefined();
    expect(predictions[0]).toBeCloseTo(created.intercept + created.coefficients[name] * 3 + created.coefficients[`k_${names[2]}`], 10);
  });
});

describe('listing reads stored columns, never model JSON', () => {
  it('lists a row whose JSON is not a model (it would fail to parse as one)', async () => {
    const store = new ModelStore(':memory:');
    store.insertRow({ id: 'raw', name: null, created_at: '2026-01-01T00:00:00.000Z', builtin: 0, model_json: '{"not":"a model"}', kind: 'lasso', target: 'y', alpha: 0.5, n_features: 3, nonzero: 2, bytes: 17 });
    expect(store.list(10, 0).items).toEqual([{ id: 'raw', name: null, createdAt: '2026-01-01T00:00:00.000Z', builtin: false, kind: 'lasso', target: 'y', alpha: 0.5, nFeatures: 3, nonzero: 2 }]);
    store.close();
  });

  it('a version-1 database gets its summary columns filled in by the migration', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lassokit-migrate-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'v1.db');
    const created = await (await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.1 }))).json();
    const { id, name, createdAt, builtin, coefficients, metrics, ...model } = created;
    void builtin;
    void coefficients;
    void metrics;
    const v1 = new Database(path);
    v1.exec(`CREATE TABLE models (id TEXT PRIMARY KEY, name TEXT, created_at TEXT NOT NULL, builtin INTEGER NOT NULL DEFAULT 0, model_json TEXT NOT NULL CHECK (json_valid(model_json)));
             CREATE INDEX models_created_at ON models (created_at DESC, id);
             PRAGMA user_version = 1;`);
    v1.prepare('INSERT INTO models VALUES (?, ?, ?, 0, ?)').run(id, name, createdAt, JSON.stringify(model));
    v1.close();
    const store = new ModelStore(path);
    expect(store.version()).toBe(2);
    expect(store.list(10, 0).items[0]).toMatchObject({ id, kind: 'lasso', target: 'y', alpha: 0.1, nFeatures: 2, nonzero: 2 });
    store.close();
  });
});
