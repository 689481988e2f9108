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

  it('reports bad data as 422', async () => {
    const res = await h.app.request(...post('/v1/cv', { data: TABLE, target: 'c' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/column "c": "x" is not a number/);
  });
});
