import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE, harness, post, type Harness } from '../../../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({}, {}, false);
});
afterAll(() => h.close());

describe('POST /v1/path and /v1/cv', () => {
  it('returns the path as JSON without storing anything', async () => {
    const res = await h.app.request(...post('/v1/path', { data: TABLE, target: 'y', features: ['a', 'b'], nAlphas: 15 }));
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.featureNames).toEqual(['a', 'b']);
    expect(p.alphas).toHaveLength(15);
    expect(p.coef[0]).toEqual([0, 0]);
    expect(h.store.list(10, 0).total).toBe(0);
  });

  it('returns the CV curve with alphaMin and alpha1se', async () => {
    const res = await h.app.request(...post('/v1/cv', { data: TABLE, target: 'y', features: ['a', 'b'], folds: 4, seed: 1 }));
    expect(res.status).toBe(200);
    const cv = await res.json();
    expect(cv.cvMean).toHaveLength(100);
    expect(cv.alpha1se).toBeGreaterThanOrEqual(cv.alphaMin);
  });

  it('weights: integer weights give the path of the rows repeated that many times; the weights column is not a feature', async () => {
    const counts = TABLE.rows.map((_, i) => i % 3);
    const weighted = { columns: [...TABLE.columns, 'w'], rows: TABLE.rows.map((r, i) => [...r, counts[i]]) };
    const repeated = { columns: TABLE.columns, rows: TABLE.rows.flatMap((r, i) => Array.from({ length: counts[i] }, () => r)) };
    const a = await (await h.app.request(...post('/v1/path', { data: weighted, target: 'y', categorical: ['c'], weights: 'w', nAlphas: 20 }))).json();
    const b = await (await h.app.request(...post('/v1/path', { data: repeated, target: 'y', categorical: ['c'], nAlphas: 20 }))).json();
    const plain = await (await h.app.request(...post('/v1/path', { data: TABLE, target: 'y', categorical: ['c'], nAlphas: 20 }))).json();
    expect(a.featureNames).toEqual(b.featureNames);
    a.alphas.forEach((v: number, k: number) => expect(Math.abs(v - b.alphas[k]) / b.alphas[k]).toBeLessThan(1e-12));
    a.coef.forEach((row: number[], k: number) => row.forEach((v, j) => expect(Math.abs(v - b.coef[k][j])).toBeLessThan(1e-8 * (1 + Math.abs(b.coef[k][j])))));
    // The weights matter: the unweighted path is elsewhere.
    expect(Math.abs(plain.alphas[0] - a.alphas[0])).toBeGreaterThan(1e-6);
    const cv = await h.app.request(...post('/v1/cv', { data: weighted, target: 'y', categorical: ['c'], weights: 'w', folds: 4, seed: 1 }));
    expect(cv.status).toBe(200);
  });

  it.each([
    ['a negative weight', { columns: ['y', 'a', 'w'], rows: [[1, 2, 1], [2, 4, -1], [3, 7, 1]] }, 'w', /rows:1: column "w": "-1" is not a weight \(a finite number ≥ 0\)/],
    ['a missing weight', { columns: ['y', 'a', 'w'], rows: [[1, 2, 1], [2, 4, null], [3, 7, 1]] }, 'w', /rows:1: column "w": the weight is missing \(every row needs a weight ≥ 0\)$/],
    ['an unknown weights column', { columns: ['y', 'a'], rows: [[1, 2], [2, 4], [3, 7]] }, 'w', /unknown weights column "w"/],
    ['weights that are also a feature', { columns: ['y', 'a'], rows: [[1, 2], [2, 4], [3, 7]] }, 'a', /column "a": it is the weights column; it cannot also be the target or a feature/],
  ])('refuses %s with 422, located', async (_name, data, weights, message) => {
    const res = await h.app.request(...post('/v1/path', { data, target: 'y', ...(weights === 'a' ? { features: ['a'] } : {}), weights }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(message);
  });

  it('reports bad data as 422', async () => {
    const res = await h.app.request(...post('/v1/cv', { data: TABLE, target: 'c' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/column "c": "x" is not a number/);
  });

  it('refuses fewer rows than folds in terms of its own field', async () => {
    const res = await h.app.request(...post('/v1/cv', { data: { csv: 'y,a\n1,2\n2,4.5\n3,6\n' }, target: 'y', folds: 5 }));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toEqual({ code: 'INVALID_PARAMETER', message: '3 rows are too few for 5-fold cross-validation: give folds ≤ 3', details: { field: 'folds', rows: 3, folds: 5 } });
  });
});

describe('POST /v1/stability', () => {
  it('returns selection probabilities, the stable set and the error bound', async () => {
    const res = await h.app.request(...post('/v1/stability', { data: TABLE, target: 'y', features: ['a', 'b'], pairs: 10, seed: 1, q: 2, threshold: 0.9 }));
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.stable).toEqual(['a', 'b']);
    expect(s.errorBound).toBeCloseTo(4 / (0.8 * 2), 12);
    expect(s.subsamples).toBe(20);
    expect(s.probabilities).toHaveLength(s.alphas.length);
    expect(s.probabilities[0]).toHaveLength(2);
  });

  it.each([
    ['fewer than 10 pairs', { pairs: 5 }, /pairs/],
    ['more than 100 pairs', { pairs: 1000 }, /pairs/],
    ['a threshold of 0.5', { threshold: 0.5 }, /threshold/],
    ['q with pfer', { q: 1, pfer: 1 }, /give q or pfer, not both/],
  ])('refuses %s with 400', async (_name, extra, message) => {
    const res = await h.app.request(...post('/v1/stability', { data: TABLE, target: 'y', features: ['a', 'b'], ...extra }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(message);
  });
});
