import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE } from './harness.js';

const SERVER = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const db = join(mkdtempSync(join(tmpdir(), 'lassokit-api-')), 'models.db');
const running: ChildProcess[] = [];

/** Starts the built server on a random port with a real SQLite file; resolves with its base URL. */
function start(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, API_PORT: '0', LASSOKIT_DB: db, LASSOKIT_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^ ]+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.stderr?.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(() => running.forEach((c) => c.kill('SIGKILL')));

describe('the real server', () => {
  it('serves over HTTP, stores models in SQLite, and finds them again after a restart', async () => {
    const first = await start();
    const created = await fetch(`${first.url}/v1/models`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: TABLE, target: 'y', features: ['a', 'b'], alpha: 0.05, name: 'persisted' }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const predicted = await fetch(`${first.url}/v1/models/auto-mpg/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rows: [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }] }),
    });
    expect(predicted.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await start();
    const again = await fetch(`${second.url}/v1/models/${id}`);
    expect(again.status).toBe(200);
    expect((await again.json()).name).toBe('persisted');
    const list = await (await fetch(`${second.url}/v1/models`)).json();
    expect(list.items.map((m: { id: string }) => m.id)).toEqual(['auto-mpg', id]);
    expect(await stop(second.child)).toBe(0);
  });
});
