// `pnpm --filter @lassokit/api bench` (after pnpm build): requests/s and p99 latency of
// POST /v1/models/auto-mpg/predict (one row) next to a bare Hono hello-world route, in the same
// run, at 50 connections; then predict again while a long cross-validation runs in the fit pool.
// Prints figures; asserts nothing. Traffic stays on 127.0.0.1.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CAR = JSON.stringify({ rows: [{ cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 }] });

function startApi() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/index.js', import.meta.url))], {
    env: { ...process.env, API_PORT: '0', LASSOKIT_DB: ':memory:', LASSOKIT_FIT_TIMEOUT_MS: '600000', LASSOKIT_MAX_BODY_BYTES: String(64 * 1024 * 1024), LASSOKIT_MAX_CELLS: '5000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[^ ]+)/.exec(out);
      if (m) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ url: m[1], child });
      }
    });
  });
}

/** The bare Hono hello-world, in its own process like the API (a fair comparison). */
function startHello() {
  const script = `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
    const app = new Hono().get('/', (c) => c.text('hello'));
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('listening on http://127.0.0.1:' + info.port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.on('data', (c) => {
      const m = /listening on (http:\/\/[^ \n]+)/.exec(String(c));
      if (m) resolve({ url: m[1], child });
    });
  });
}

async function load(title, opts) {
  const r = await autocannon({ connections: 50, duration: DURATION, ...opts });
  const row = { title, rps: Math.round(r.requests.average), p99: r.latency.p99, errors: r.errors + r.non2xx };
  console.log(`${title.padEnd(40)} ${String(row.rps).padStart(7)} req/s   p99 ${String(row.p99).padStart(4)} ms   errors ${row.errors}`);
  return row;
}

const hello = await startHello();
const api = await startApi();
const predict = { url: `${api.url}/v1/models/auto-mpg/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body: CAR };

console.log(`lassokit API benchmark — 50 connections, ${DURATION} s each, node ${process.version}\n`);
const base = await load('bare Hono hello-world (GET /)', { url: hello.url });
const pred = await load('POST /v1/models/auto-mpg/predict', predict);

// A long CV on 20,000 × 40 synthetic rows keeps one fit worker busy during the next run.
const n = 20_000;
const columns = ['y', ...Array.from({ length: 40 }, (_, j) => `x${j}`)];
const rows = Array.from({ length: n }, (_, i) => columns.map((_, j) => Number((Math.sin((i + 1) * (j + 1) * 0.618) * (j === 0 ? 3 : 1)).toFixed(4))));
const fit = fetch(`${api.url}/v1/cv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { columns, rows }, target: 'y', folds: 10 }) });
await new Promise((r) => setTimeout(r, 300));
const during = await load('predict while a 10-fold CV fit runs', predict);
const fitStatus = (await fit).status;

console.log(`\npredict / hello-world throughput: ${(pred.rps / base.rps * 100).toFixed(0)} % (target ≥ 50 %); during the fit: ${(during.rps / base.rps * 100).toFixed(0)} %`);
console.log(`the CV fit answered ${fitStatus}`);
api.child.kill('SIGTERM');
hello.child.kill('SIGTERM');
