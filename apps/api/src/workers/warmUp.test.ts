import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_URL } from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { runJob, type Job, type JobResult } from '../fitting/jobs.js';
import { WorkerPool, type WarmUpInfo } from './WorkerPool.js';
import { jobBody, warmUp, warmUpJobs } from './warmUp.js';

const config = loadConfig({ LASSOKIT_DB: ':memory:' });
const pools: WorkerPool[] = [];

function pool(warm: boolean, onWarmUp?: (info: WarmUpInfo) => void): WorkerPool {
  const p = new WorkerPool({ size: 1, timeoutMs: 60_000, maxQueue: 4, limits: config, heapMb: 512, workerUrl: WORKER_URL, warmUp: warm, onWarmUp });
  pools.push(p);
  return p;
}

/** A fit of the warm-up's own kind on other data (a job's body is moved to the worker: one per run). */
function fitJob(): Job {
  const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 2 ? 'u' : 'v'},${(i % 7) + 0.5 * ((i * 3) % 11) + (i % 5) / 10}`);
  const body = jobBody({ data: { csv: ['a,b,c,y', ...rows].join('\n') }, target: 'y', categorical: ['c'] });
  return { kind: 'fit', body, id: 'test', createdAt: new Date(0).toISOString() };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('fit workers warm up before their first job', () => {
  it('the warm-up runs a fit, a path and a CV through runJob, each of them passing (bodies as requests send them)', async () => {
    expect(warmUpJobs().map((j) => j.kind)).toEqual(['fit', 'path', 'cv']);
    for (const job of warmUpJobs()) {
      const result = await runJob(job, config);
      expect(result.ok ? 'ok' : result.error).toBe('ok');
    }
    expect(await warmUp(config)).toEqual([]);
  });

  it('a warming worker gets no job (its time limit would run meanwhile); then the job is answered as by a cold worker', async () => {
    const told: WarmUpInfo[] = [];
    const warm = pool(true, (info) => told.push(info));
    expect(warm.stats()).toMatchObject({ size: 1, warming: 1, busy: 0 });
    const answer = warm.run(fitJob());
    // Held in the pool's queue, not sent to the worker.
    expect(warm.stats()).toMatchObject({ warming: 1, busy: 0, queued: 1 });
    const warmed: JobResult = await answer;
    expect(told).toHaveLength(1);
    expect(told[0].failed).toEqual([]);
    expect(told[0].ms).toBeGreaterThan(0);
    expect(warm.stats()).toMatchObject({ warming: 0, busy: 0, queued: 0 });

    const cold = pool(false);
    expect(cold.stats()).toMatchObject({ warming: 0 });
    const coldAnswer = await cold.run(fitJob());
    // The same model, byte for byte but for the time it was made at: the warm-up leaves nothing
    // behind that a job could see.
    const timeless = (r: JobResult) => JSON.stringify(r).replace(/\\"createdAt\\":\\"[^\\]*\\"/g, '');
    expect(warmed.ok).toBe(true);
    expect(JSON.stringify(warmed)).toMatch(/createdAt/);
    expect(timeless(warmed)).toBe(timeless(coldAnswer));
  });

  it('a worker that dies warming up is replaced by one that does not warm up, and jobs are answered', async () => {
    const dying = new WorkerPool({ size: 1, timeoutMs: 60_000, maxQueue: 4, limits: config, heapMb: 512, workerUrl: new URL('../../test/fixtures/warmUpDies.mjs', import.meta.url), warmUp: true });
    pools.push(dying);
    const answer = await dying.run(fitJob());
    expect(answer).toEqual({ ok: true, body: '"answered"' });
    expect(dying.stats()).toMatchObject({ size: 1, warming: 0 });
  }, 20_000);

  it('is on by default in the server configuration, off with LASSOKIT_WARMUP=0, and refuses other values', () => {
    expect(loadConfig({}).warmUp).toBe(true);
    expect(loadConfig({ LASSOKIT_WARMUP: '0' }).warmUp).toBe(false);
    expect(loadConfig({ LASSOKIT_WARMUP: '1' }).warmUp).toBe(true);
    expect(() => loadConfig({ LASSOKIT_WARMUP: 'yes' })).toThrow(/LASSOKIT_WARMUP must be an integer in \[0, 1\]/);
  });
});
