import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flood, type FloodResult } from './flood.js';
import { fuzzRequests } from './fuzz.js';
import { CAR } from './harness.js';
import { killServers, startServer, stopServer, type RealServer } from './realServer.js';

const BODY_LIMIT = 4 * 1024 * 1024;
let server: RealServer;

beforeAll(async () => {
  server = await startServer({ LASSOKIT_DB: ':memory:' });
});
afterAll(async () => {
  await stopServer(server.child);
  killServers();
});

const json = { 'Content-Type': 'application/json' };

async function predictOk(): Promise<void> {
  const res = await fetch(`${server.url}/v1/models/auto-mpg/predict`, { method: 'POST', body: JSON.stringify({ rows: [CAR] }), headers: json });
  expect(res.status).toBe(200);
}

function report(label: string, r: FloodResult): void {
  const f = (s: FloodResult['health']) => `p50 ${s.p50.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.count} requests)`;
  process.stdout.write(`${label}: /health ${f(r.health)}; predict ${f(r.predict)}; flood answers ${JSON.stringify(r.statuses)}\n`);
}

describe('a real server under hostile load', () => {
  it('the one-hot request that once killed the process is refused at once, and the server keeps serving', async () => {
    const header = ['y', ...Array.from({ length: 100 }, (_, j) => `c${j}`)].join(',');
    const csv = `${header}\n${Array.from({ length: 2703 }, (_, i) => [i % 10, ...Array.from({ length: 100 }, () => i.toString(36))].join(',')).join('\n')}\n`;
    const t = performance.now();
    const res = await fetch(`${server.url}/v1/models`, { method: 'POST', body: JSON.stringify({ data: { csv }, target: 'y', categorical: Array.from({ length: 100 }, (_, j) => `c${j}`), alpha: 0.1 }), headers: json });
    const ms = performance.now() - t;
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('DESIGN_TOO_LARGE');
    process.stdout.write(`one-hot request: 413 in ${ms.toFixed(0)} ms\n`);
    await predictOk();
    expect(server.child.exitCode).toBeNull();
  });

  it('/health and predict stay fast while 8 clients post maximal bodies', async () => {
    const quiet = await flood({ url: server.url, bodyBytes: BODY_LIMIT - 1024, clients: 0, durationMs: 1000 });
    const loaded = await flood({ url: server.url, bodyBytes: BODY_LIMIT - 1024, clients: 8, durationMs: 4000 });
    report('quiet', quiet);
    report('8 clients posting 4 MiB bodies', loaded);
    // Generous bounds: CI runs other packages' tests and builds on the same 2 cores, where even the
    // quiet p99 reaches ~170 ms. A stalled event loop (as before: /health p50 1.2 s, 4 answers in
    // 4 s) fails them all; the p99 figures are printed above and go in the notes.
    for (const probe of [loaded.health, loaded.predict]) {
      expect(probe.p50).toBeLessThan(100);
      expect(probe.p90).toBeLessThan(500);
      expect(probe.count).toBeGreaterThan(40);
    }
    const flooded = Object.entries(loaded.statuses);
    expect(flooded.length).toBeGreaterThan(0);
    for (const [status] of flooded) expect(['400', '503']).toContain(status);
  });

  it('survives 10,000 randomized requests: no 5xx, no hang, alive at the end', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261130);
    const created: string[] = [];
    const statuses: Record<number, number> = {};
    const failures: string[] = [];
    const requests = fuzzRequests(seed, 10_000, () => created);
    let index = 0;
    const worker = async () => {
      for (let next = requests.next(); !next.done; next = requests.next()) {
        const i = index++;
        const req = next.value;
        let res: Response;
        try {
          res = await fetch(`${server.url}${req.path}`, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
        } catch (e) {
          failures.push(`#${i} ${req.method} ${req.path}: ${(e as Error).name} ${(e as Error).message}`);
          continue;
        }
        const text = await res.text();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) failures.push(`#${i} ${req.method} ${req.path} → ${res.status} ${text.slice(0, 300)} (body ${req.body?.slice(0, 300)})`);
        if (res.status === 201) created.push(JSON.parse(text).id);
        if (res.status >= 400 && req.method !== 'HEAD' && !(res.status === 404 && req.path.startsWith('/docs/'))) {
          const parsed = JSON.parse(text);
          if (typeof parsed?.error?.code !== 'string' || typeof parsed.error.message !== 'string') failures.push(`#${i} ${req.method} ${req.path} → ${res.status} without the error shape: ${text.slice(0, 200)}`);
        }
      }
    };
    const t = performance.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    process.stdout.write(`fuzz seed ${seed}: ${index} requests in ${((performance.now() - t) / 1000).toFixed(1)} s, statuses ${JSON.stringify(statuses)}\n`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(index).toBe(10_000);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await predictOk();
    expect(server.child.exitCode).toBeNull();
  });
});
