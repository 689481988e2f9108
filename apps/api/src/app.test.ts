import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE, harness, post, type Harness } from '../test/harness.js';
import { VERSION } from '@lassokit/core';
import { createApp } from './app.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({}, {}, false);
});
afterAll(() => h.close());

describe('the app shell', () => {
  it('GET /health answers status, version and worker load', async () => {
    const body = await (await h.app.request('/health')).json();
    expect(body).toMatchObject({ status: 'ok', version: VERSION, workers: { size: 1 } });
  });

  it('serves an OpenAPI 3.1 document generated from the validating schemas, every status declared', async () => {
    const doc = await (await h.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health', '/v1/cv', '/v1/models', '/v1/models/{id}', '/v1/models/{id}/predict', '/v1/path', '/v1/stability']);
    expect(Object.keys(doc.paths['/v1/models'].post.responses).sort()).toEqual(['201', '400', '401', '404', '413', '415', '422', '502', '503', '504']);
    expect(doc.components.schemas.Source).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('serves interactive docs from the npm package, not a CDN', async () => {
    const html = await (await h.app.request('/docs')).text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await h.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toContain('javascript');
    expect((await h.app.request('/docs/assets/evil.js')).status).toBe(404);
  });

  it('answers browser CORS preflights from the configured origins only', async () => {
    const ok = await h.app.request('/v1/models', { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000');
    const other = await h.app.request('/health', { headers: { Origin: 'http://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('logs one line per request with a request id, echoed in X-Request-Id', async () => {
    const res = await h.app.request('/health');
    const id = res.headers.get('X-Request-Id');
    expect(id).toBeTruthy();
    expect(h.logs.at(-1)).toMatchObject({ reqId: id, method: 'GET', path: '/health', status: 200 });
  });
});

describe('bad requests get the one error shape', () => {
  it('malformed JSON is 400', async () => {
    const res = await h.app.request(...post('/v1/models', '{"data": '));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('MALFORMED_JSON');
  });

  it('schema violations are 400 with the field paths', async () => {
    const res = await h.app.request(...post('/v1/models', { data: TABLE, l1Ratio: 2 }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details.map((d: { path: string }) => d.path).sort()).toEqual(['l1Ratio', 'target']);
  });

  it.each([
    ['a cell of another type', { columns: ['y', 'a'], rows: [[1, true]] }, 'rows.0.1: a cell must be a number, a string or null'],
    ['a row that is not an array', { columns: ['y', 'a'], rows: [[1, 2], 3] }, /^rows\.1: .*expected array/],
    ['svmlight that is not text', { svmlight: 5 }, /^svmlight: .*expected string/],
    ['none of the three forms', { foo: 1 }, 'give data as { columns, rows }, { csv } or { svmlight }'],
  ])('data with %s are 400 naming the problem inside the form, not "Invalid input"', async (_name, data, message) => {
    const res = await h.app.request(...post('/v1/models', { data, target: 'y' }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.details[0].path).toBe('data');
    expect(error.details[0].message).toMatch(message);
  });

  it('a number beyond the range of a double (JSON 1e400) is named as such', async () => {
    const res = await h.app.request('/v1/models', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"data":{"columns":["y","a"],"rows":[[1,2],[2,1e400]]},"target":"y"}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toEqual([{ path: 'data', message: 'rows.1.1: a number beyond the range of a double (±1.8e308)' }]);
  });

  it.each([
    [{ file: 'cars.csv' }, 'source', 'a source is { "path": a file under the data directory } or { "table": a table name'],
    ['cars.csv', 'source', 'a source is { "path"'],
    [{ path: '' }, 'source.path', 'Too small: expected string to have >=1 characters'],
    [{ path: 'cars.csv', table: 'cars' }, 'source', 'unknown field "table"; the fields here are path'],
    [{ table: 'cars', engine: 'mysql' }, 'source', 'engine: Invalid option: expected one of "clickhouse"|"postgres"'],
  ])('a source of neither shape, or a bad field of one, is 400 saying which (%j)', async (source, path, message) => {
    const res = await h.app.request(...post('/v1/models', { source, target: 'y', alpha: 0.1 }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details[0].path).toBe(path);
    expect(error.details[0].message).toContain(message);
  });

  it('alpha together with cv is 400', async () => {
    const res = await h.app.request(...post('/v1/models', { data: TABLE, target: 'y', alpha: 1, cv: { folds: 3 } }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/give either alpha or cv, not both/);
  });

  it.each([
    ['/v1/models', { data: TABLE, target: 'y', alhpa: 0.1 }, '', 'unknown field "alhpa" (did you mean "alpha"?); the fields here are data, target,'],
    ['/v1/models', { data: TABLE, target: 'y', cv: { fold: 3 } }, 'cv', 'unknown field "fold" (did you mean "folds"?); the fields here are folds, seed, select'],
    ['/v1/models', { data: { csv: 'y,a\n1,2\n', sep: ';' }, target: 'y', alpha: 0.1 }, 'data', 'unknown field "sep"; the fields here are csv'],
    ['/v1/path', { data: TABLE, target: 'y', nAlpha: 5 }, '', 'unknown field "nAlpha" (did you mean "nAlphas"?)'],
  ])('%s: a field it does not know is 400 naming it and the nearest known one, never silently ignored', async (route, body, path, message) => {
    const res = await h.app.request(...post(route, body));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details[0].path).toBe(path);
    expect(error.details[0].message).toContain(message);
  });

  it.each([
    ['/v1/models', { cv: { folds: 10 } }, 'cv.folds', '7 rows are too few for 10-fold cross-validation: give cv.folds ≤ 7, or give alpha to fit without cross-validation'],
    ['/v1/cv', { folds: 10 }, 'folds', '7 rows are too few for 10-fold cross-validation: give folds ≤ 7'],
    ['/v1/cv', { folds: 3 }, 'folds', null],
  ])('%s: more folds than rows is 422 naming the field and the most folds the rows allow', async (route, extra, field, message) => {
    const rows = { columns: TABLE.columns, rows: TABLE.rows.slice(0, 7) };
    const res = await h.app.request(...post(route, { data: rows, target: 'y', features: ['a', 'b'], ...extra }));
    if (message === null) return expect(res.status).toBe(200);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER', message, details: { field, rows: 7, folds: 10 } });
  });

  it('cv takes the grid path takes (nAlphas, eps, alphas); ridge without alphas is 400 naming the field', async () => {
    const given = await h.app.request(...post('/v1/cv', { data: TABLE, target: 'y', features: ['a', 'b'], l1Ratio: 0, alphas: [1, 0.1, 0.01], folds: 3 }));
    expect(given.status).toBe(200);
    const cv = await given.json();
    expect(cv.alphas).toEqual([1, 0.1, 0.01]);
    expect(cv.alphas).toContain(cv.alphaMin);
    const five = await (await h.app.request(...post('/v1/cv', { data: TABLE, target: 'y', features: ['a', 'b'], nAlphas: 5, folds: 3 }))).json();
    expect(five.alphas).toHaveLength(5);
    // Where each fit converged: the all-rows path's per alpha, each fold's per fold and alpha.
    expect(five.converged).toEqual([true, true, true, true, true]);
    expect(five.foldConverged).toEqual([0, 1, 2].map(() => [true, true, true, true, true]));
    for (const [route, body, path] of [
      ['/v1/path', { l1Ratio: 0 }, 'alphas'],
      ['/v1/cv', { l1Ratios: [0, 0.5] }, 'alphas'],
      ['/v1/models', { l1Ratio: 0 }, 'alpha'],
    ] as const) {
      const res = await h.app.request(...post(route, { data: TABLE, target: 'y', ...body }));
      expect(res.status, route).toBe(400);
      const { error } = await res.json();
      expect(error.details[0]).toMatchObject({ path, message: expect.stringMatching(/^l1Ratio 0 \(ridge\) has no alphaMax to start an automatic alpha grid from/) });
    }
  });

  it('stability selection with ridge is 400: without the L1 penalty nothing is selected', async () => {
    const res = await h.app.request(...post('/v1/stability', { data: TABLE, target: 'y', l1Ratio: 0 }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toEqual({ path: 'l1Ratio', message: 'stability selection needs the L1 penalty to select features (ridge keeps them all): l1Ratio must be above 0' });
  });

  it('GET / says where to start: the docs, the OpenAPI document and every route', async () => {
    const res = await h.app.request('/');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ name: 'lassokit API', version: VERSION, docs: '/docs', openapi: '/openapi.json' });
    expect(body.routes).toEqual(expect.arrayContaining(['GET /health', 'POST /v1/models', 'GET /v1/models/:id', 'DELETE /v1/models/:id', 'POST /v1/models/:id/predict', 'POST /v1/cv', 'GET /openapi.json', 'GET /docs']));
    expect(body.routes.some((r: string) => r.includes('/docs/assets'))).toBe(false);
  });

  it('an unknown route is 404; a known route with the wrong method is 405 with Allow', async () => {
    expect((await h.app.request('/v2/nothing')).status).toBe(404);
    const res = await h.app.request('/v1/models', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, POST');
    expect((await res.json()).error.code).toBe('METHOD_NOT_ALLOWED');
    const param = await h.app.request('/v1/models/some-id', { method: 'POST' });
    expect(param.status).toBe(405);
    expect(param.headers.get('Allow')).toBe('DELETE, GET');
  });

  it('an unexpected error is 500 without internals, logged with the request id', async () => {
    const broken = Object.create(h.store, { list: { value: () => { throw new Error('disk on fire at /secret/path'); } } });
    const logs: Record<string, unknown>[] = [];
    const app = createApp({ config: (await import('./config.js')).loadConfig({ LASSOKIT_DB: ':memory:' }), store: broken, pool: h.pool }, (l) => logs.push(l));
    const res = await app.request('/v1/models');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
    const logged = logs.find((l) => l.level === 'error');
    expect(logged?.reqId).toBe(res.headers.get('X-Request-Id'));
    expect(String(logged?.error)).toContain('disk on fire');
  });
});

describe('limits', () => {
  it('a body over the limit is 413', async () => {
    const small = await harness({ LASSOKIT_MAX_BODY_BYTES: '2048' }, {}, false);
    const res = await small.app.request(...post('/v1/models', { data: TABLE, target: 'y', pad: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/2048-byte limit/);
    await small.close();
  });

  it('more cells than allowed is 413 with the limit named', async () => {
    const small = await harness({ LASSOKIT_MAX_CELLS: '50' }, {}, false);
    const res = await small.app.request(...post('/v1/models', { data: TABLE, target: 'y', alpha: 1 }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/40 rows × 4 columns = 160 cells; the limit is 50/);
    await small.close();
  });

  it('a prediction batch over the limit is 413', async () => {
    const small = await harness({ LASSOKIT_MAX_PREDICT_ROWS: '2' });
    const res = await small.app.request(...post('/v1/models/auto-mpg/predict', { rows: [{}, {}, {}] }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('TOO_MANY_ROWS');
    await small.close();
  });
});

describe('fits never block the server', () => {
  const big = { columns: ['y', ...Array.from({ length: 30 }, (_, j) => `x${j}`)], rows: Array.from({ length: 3000 }, (_, i) => Array.from({ length: 31 }, (_, j) => Math.sin(i * (j + 1) * 0.37) + (j === 0 ? 0 : 0))) };

  it('a fit past the time limit is 504 and the pool recovers', async () => {
    const slow = await harness({ LASSOKIT_FIT_TIMEOUT_MS: '2' }, {}, false);
    // One path, not a CV or a stability selection: those stop themselves once their pace says they
    // cannot finish in time (src/fitting/jobs.test.ts); this is the pool's timer.
    const res = await slow.app.request(...post('/v1/path', { data: big, target: 'y', nAlphas: 1000, eps: 1e-4 }));
    expect(res.status).toBe(504);
    const { error } = await res.json();
    expect(error.code).toBe('FIT_TIMEOUT');
    expect(error.message).toContain('took longer than the 2 ms limit');
    expect(slow.pool.stats()).toMatchObject({ size: 1, busy: 0 });
    await slow.close();
  });

  it('a full queue is 503 with Retry-After; health answers while the fit runs', async () => {
    const busy = await harness({ LASSOKIT_MAX_QUEUE: '0' }, {}, false);
    const running = Promise.resolve(busy.app.request(...post('/v1/cv', { data: big, target: 'y', folds: 10 })));
    await new Promise((r) => setTimeout(r, 50));
    const refused = await busy.app.request(...post('/v1/path', { data: TABLE, target: 'y' }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toBe('5');
    let finished = false;
    void running.then(() => (finished = true));
    const health = await busy.app.request('/health');
    expect((await health.json()).workers.busy).toBe(1);
    expect(finished).toBe(false);
    expect((await running).status).toBe(200);
    await busy.close();
  });
});

describe('API key', () => {
  it('mutating routes need the bearer key; reads stay open', async () => {
    const keyed = await harness({ LASSOKIT_API_KEY: 's3cret' }, {}, false);
    const body = { data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.1 };
    const none = await keyed.app.request(...post('/v1/models', body));
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect((await keyed.app.request(...post('/v1/models', body, { Authorization: 'Bearer wrong' }))).status).toBe(401);
    expect((await keyed.app.request(...post('/v1/models', body, { Authorization: 'Bearer s3cret' }))).status).toBe(201);
    expect((await keyed.app.request('/v1/models')).status).toBe(200);
    await keyed.close();
  });
});
