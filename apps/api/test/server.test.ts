import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';
import { TABLE } from './harness.js';
import { killServers, startServer, stopServer } from './realServer.js';

const db = join(tempDir('lassokit-api-'), 'models.db');
const start = () => startServer({ LASSOKIT_DB: db, LASSOKIT_WORKERS: '1' });
const stop = stopServer;

afterAll(killServers);

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
