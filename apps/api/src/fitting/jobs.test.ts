import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { jobBody } from '../workers/warmUp.js';
import { CV, paced, runJob, type Job, type JobResult } from './jobs.js';

const config = loadConfig({ LASSOKIT_DB: ':memory:' });

/** 600 rows of y ≈ 2a − b + noise over eight columns, as CSV. */
function csv(): string {
  const rows = Array.from({ length: 600 }, (_, i) => {
    const x = Array.from({ length: 8 }, (_, j) => Math.sin(i * (j + 1) * 0.37));
    return [2 * x[0] - x[1] + Math.cos(i) * 0.1, ...x].join(',');
  });
  return ['y,a,b,c,d,e,f,g,h', ...rows].join('\n');
}

function failure(result: JobResult) {
  if (result.ok) throw new Error('the job passed');
  return result.error;
}

describe('work of many paths that its own pace says cannot finish in the fit limit', () => {
  // Without the pool's timer (runJob itself), a FIT_TIMEOUT can come only from the pace.
  const limits = { ...config, fitTimeoutMs: 1 };

  it.each<[string, () => Job]>([
    ['/v1/cv', () => ({ kind: 'cv', body: jobBody({ data: { csv: csv() }, target: 'y', folds: 10 }) })],
    ['a fit that chooses alpha by CV', () => ({ kind: 'fit', body: jobBody({ data: { csv: csv() }, target: 'y', cv: { folds: 10 } }), id: 'paced', createdAt: new Date(0).toISOString() })],
    ['a relaxed fit', () => ({ kind: 'fit', body: jobBody({ data: { csv: csv() }, target: 'y', relax: true, cv: { folds: 10 } }), id: 'paced', createdAt: new Date(0).toISOString() })],
    ['an svmlight fit', () => ({ kind: 'fit', body: jobBody({ data: { svmlight: svmlight() }, cv: { folds: 10 } }), id: 'paced', createdAt: new Date(0).toISOString() })],
  ])('%s stops after its second path (the first is no pace): 504 FIT_TIMEOUT naming its estimate', async (name, job) => {
    const error = failure(await runJob(job(), limits));
    expect(error).toMatchObject({ status: 504, code: 'FIT_TIMEOUT', details: { pathsDone: 2, paths: 11, limitMs: 1 } });
    expect(error.message).toMatch(/^the cross-validation would take about [\d.]+ s \(2 of its 11 paths done, the last in [\d.]+ s\), past the 1 ms limit \(LASSOKIT_FIT_TIMEOUT_MS\); stopped early: give fewer /);
    // What to change, in the request's own words.
    const fix = { '/v1/cv': 'give fewer alphas (nAlphas) or folds', 'a relaxed fit': 'give fewer cv.folds or a maxRefitFeatures (refit only narrower supports), or leave relax out and give alpha' }[name] ?? 'give fewer cv.folds, or alpha to fit without cross-validation';
    expect(error.message).toContain(fix);
  });

  it('a stability selection likewise, after its second half-sample path', async () => {
    const error = failure(await runJob({ kind: 'stability', body: jobBody({ data: { csv: csv() }, target: 'y', pairs: 10 }) }, limits));
    expect(error).toMatchObject({ status: 504, code: 'FIT_TIMEOUT', details: { pathsDone: 2, paths: 20, limitMs: 1 } });
    expect(error.message).toMatch(/^the stability selection would take about [\d.]+ s \(2 of its 20 half-sample paths done, the last in [\d.]+ s\), past the 1 ms limit \(LASSOKIT_FIT_TIMEOUT_MS\); stopped early: give fewer pairs or alphas \(nAlphas\)$/);
  });

  it('within the limit the same jobs pass', async () => {
    const result = await runJob({ kind: 'cv', body: jobBody({ data: { csv: csv() }, target: 'y', folds: 10 }) }, config);
    expect(result.ok ? 'ok' : result.error).toBe('ok');
    const fit = await runJob({ kind: 'fit', body: jobBody({ data: { svmlight: svmlight() }, cv: { folds: 10 } }), id: 'paced', createdAt: new Date(0).toISOString() }, config);
    expect(fit.ok ? 'ok' : fit.error).toBe('ok');
    const stable = await runJob({ kind: 'stability', body: jobBody({ data: { csv: csv() }, target: 'y', pairs: 10 }) }, config);
    expect(stable.ok ? 'ok' : stable.error).toBe('ok');
  });
});

/** 300 rows of an svmlight file over 40 features, 5 a row. */
function svmlight(): string {
  return Array.from({ length: 300 }, (_, i) => {
    const cols = [...new Set(Array.from({ length: 5 }, (_, k) => ((i * 7 + k * 13) % 40) + 1))].sort((a, b) => a - b);
    const label = cols.reduce((s, c) => s + (c % 3) - 1, 0) + Math.sin(i) * 0.1;
    return `${label.toFixed(4)} ${cols.map((c) => `${c}:${(((i + c) % 5) + 1) / 5}`).join(' ')}`;
  }).join('\n');
}

describe('the pace', () => {
  /** Ticks at the given times (ms from the job's start) through `paced`; the path at which it refused, or null. */
  function refusedAt(limitMs: number, times: readonly number[]): number | null {
    let clock = 0;
    const tick = paced({ fitTimeoutMs: limitMs }, 0, CV, 'fix', () => clock);
    for (const [k, t] of times.entries()) {
      clock = t;
      try {
        tick(k + 1, times.length);
      } catch {
        return k + 1;
      }
    }
    return null;
  }

  it('is the last path, not the first: a slow first path (one-time costs) then quick ones finishes in time', () => {
    // 900 ms to the first path, 10 ms each after: 1 s in all, under a 1 s limit's 1.25 s margin.
    // (From the first path alone it would have been 11 × 900 ms.)
    expect(refusedAt(1000, [900, ...Array.from({ length: 10 }, (_, k) => 910 + 10 * k)])).toBeNull();
  });

  it('refuses at the second path where every path is slow, and at the first path that makes the estimate pass the margin', () => {
    expect(refusedAt(1000, Array.from({ length: 11 }, (_, k) => 300 * (k + 1)))).toBe(2);
    // 100 ms paths until the sixth, then 400 ms: 900 + 400 × 5 = 2,900 ms > 1,250 at path 6.
    expect(refusedAt(1000, [100, 200, 300, 400, 500, 900, 1000, 1100, 1200, 1300, 1400])).toBe(6);
  });
});
