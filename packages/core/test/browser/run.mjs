// Core in a real browser (Debian's Chromium driven by playwright-core): the built ESM files are
// served as they are — no bundler — and a blank page imports them. Checks that the WebAssembly SIMD
// kernels load on a page's main thread, and that cross-validation with folds in Web Workers (the
// `browser` build of @lassokit/core/parallel) gives exactly lassoCV's result. Needs `pnpm build`.
// Prints "N passed, N failed" and exits non-zero on any failure.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`browser tests need Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}

// Serves /dist/** (JavaScript only) and a blank page at /.
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>core</title>');
    return;
  }
  const rel = path.startsWith('/dist/') ? path.slice('/dist/'.length) : null;
  if (rel === null || rel.includes('..') || !rel.endsWith('.js') || !existsSync(dist + rel)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(dist + rel));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
let failed = 0;
let passed = 0;
async function test(name, fn) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(base);
    await fn(page);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    passed++;
    console.log(`  ✓ ${name}`);
  } catch (e) {
    failed++;
    console.log(`  ✗ ${name}\n    ${e.message}`);
  } finally {
    await page.close();
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

console.log('core browser tests (Chromium, playwright-core)');

await test('the SIMD kernels load on a page and agree with the TypeScript ones', async (page) => {
  const r = await page.evaluate(async () => {
    const core = await import('/dist/index.js');
    const internal = await import('/dist/internal.js');
    const n = 300;
    const p = 40;
    const rand = core.createRng(1);
    const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
    const y = Float64Array.from({ length: n }, (_, i) => X.data[i] - 2 * X.data[n + i] + 0.1 * rand());
    const opts = { nAlphas: 20, tol: 1e-14, maxIter: 100000, standardize: false };
    const simd = internal.simdEnabled();
    const a = core.lassoPath(X, y, opts);
    internal.setSimd(false);
    const b = core.lassoPath(X, y, opts);
    internal.setSimd(true);
    let worst = 0;
    a.coef.forEach((c, k) => c.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b.coef[k][j])))));
    return { simd, worst };
  });
  expect(r.simd, 'simdEnabled() is false in Chromium');
  expect(r.worst < 1e-8, `SIMD and TypeScript paths differ by ${r.worst}`);
});

await test('the factor kernels module (a second module over the same memory) compiles on a page and equals four forward solves', async (page) => {
  const r = await page.evaluate(async () => {
    const { Workspace } = await import('/dist/internal.js');
    const k = 37;
    const s = k + 5;
    const ws = Workspace.create(2 * s * (k + 4) + 16);
    const L = ws.alloc(s * (k + 4));
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) L[i * s + j] = i === j ? 1.5 + (i % 3) : Math.sin(i * 7 + j);
    for (let t = 0; t < 4; t++) for (let j = 0; j < k; j++) L[(k + t) * s + j] = Math.cos(t * 11 + j);
    const one = ws.alloc(L.length);
    one.set(L);
    for (let t = 0; t < 4; t++) ws.forwardSolve(one, s, one, (k + t) * s, k);
    ws.forwardSolve4(L, s, L, k * s, k);
    return { simd: ws.simd, same: L.every((v, i) => Object.is(v, one[i])), instantiated: ws.memory?.factor != null };
  });
  expect(r.simd, 'the workspace has no SIMD kernels in Chromium');
  expect(r.instantiated, 'the factor kernels were not instantiated over the workspace memory');
  expect(r.same, 'forwardSolve4 differs from four forwardSolve calls');
});

await test('CV with folds in Web Workers equals lassoCV exactly, repeatedly and for two l1Ratios', async (page) => {
  const r = await page.evaluate(async () => {
    const core = await import('/dist/index.js');
    const par = await import('/dist/parallel/browser.js');
    const n = 400;
    const p = 30;
    const rand = core.createRng(2);
    const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
    const y = Float64Array.from({ length: n }, (_, i) => X.data[i] - X.data[n + i] + rand());
    const same = (a, b) => a.curves.every((c, r) => c.cvMean.every((v, i) => v === b.curves[r].cvMean[i])) && a.alphaMin === b.alphaMin;
    const opts = { nFolds: 5, seed: 3, l1Ratios: [0.5, 1] };
    const seq = core.elasticNetCV(X, y, opts);
    const first = await par.elasticNetCVParallel(X, y, { ...opts, workers: 3 });
    const again = await par.elasticNetCVParallel(X, y, { ...opts, workers: 2 });
    const lasso = await par.lassoCVParallel(X, y, { nFolds: 4 });
    return { first: same(first, seq), again: same(again, seq), lasso: same(lasso, core.lassoCV(X, y, { nFolds: 4 })), threads: par.defaultThreads() };
  });
  expect(r.first && r.again, 'worker CV differs from elasticNetCV');
  expect(r.lasso, 'worker lassoCV differs from lassoCV');
  expect(r.threads >= 1, `defaultThreads() gave ${r.threads}`);
});

await test('a path with its Gram made in Web Workers equals enetPath exactly', async (page) => {
  const r = await page.evaluate(async () => {
    const core = await import('/dist/index.js');
    const par = await import('/dist/parallel/browser.js');
    // 2,000 × 520: covariance mode, a Gram past MIN_PARALLEL_GRAM, made in blocks by two threads.
    const n = 2000;
    const p = 520;
    const rand = core.createRng(5);
    const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
    const y = Float64Array.from({ length: n }, (_, i) => X.data[i] - 2 * X.data[40 * n + i] + rand());
    const opts = { l1Ratio: 0.5, nAlphas: 20 };
    const seq = core.enetPath(X, y, opts);
    const got = await par.enetPathParallel(X, y, { ...opts, workers: 2 });
    const same = got.coef.every((c, k) => c.every((v, j) => v === seq.coef[k][j])) && got.intercept.every((v, k) => v === seq.intercept[k]);
    return { same, df: seq.df[seq.df.length - 1] };
  });
  expect(r.same, 'the Web Worker path differs from enetPath');
  expect(r.df > 260, `the path used little of its Gram (last df ${r.df})`);
});

await browser.close();
server.close();
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
