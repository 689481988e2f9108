import { describe, expect, it } from 'vitest';
import { fuzzRequests } from './fuzz.js';
import { CAR } from './harness.js';
import { serverForFile } from './realServer.js';

const server = serverForFile();
const json = { 'Content-Type': 'application/json' };

async function predictOk(): Promise<void> {
  const res = await fetch(`${server().url}/v1/models/auto-mpg/predict`, { method: 'POST', body: JSON.stringify({ rows: [CAR] }), headers: json });
  expect(res.status).toBe(200);
}

describe('a real server under hostile load', () => {
  it('the one-hot request that once killed the process is refused at once, and the server keeps serving', async () => {
    const header = ['y', ...Array.from({ length: 100 }, (_, j) => `c${j}`)].join(',');
    const csv = `${header}\n${Array.from({ length: 2703 }, (_, i) => [i % 10, ...Array.from({ length: 100 }, () => i.toString(36))].join(',')).join('\n')}\n`;
    const t = performance.now();
    const res = await fetch(`${server().url}/v1/models`, { method: 'POST', body: JSON.stringify({ data: { csv }, target: 'y', categorical: Array.from({ length: 100 }, (_, j) => `c${j}`), alpha: 0.1 }), headers: json });
    const ms = performance.now() - t;
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('DESIGN_TOO_LARGE');
    process.stdout.write(`one-hot request: 413 in ${ms.toFixed(0)} ms\n`);
    await predictOk();
    expect(server().child.exitCode).toBeNull();
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
          res = await fetch(`${server().url}${req.path}`, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
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
    expect((await fetch(`${server().url}/health`)).status).toBe(200);
    await predictOk();
    expect(server().child.exitCode).toBeNull();
  });
});
