// `pnpm --filter @lassokit/web bench:load`: how the built demo loads as a visitor's browser sees it
// — time to interactive and the main thread's long tasks (> 50 ms) on each page, at full speed and
// at 4× CPU slowdown (Chromium's throttling, as DevTools' "4× slowdown"), plus the HTML's size sent
// compressed and not; then how long a step of /fit's α slider takes at 4× on the real Auto-MPG CSV,
// with and without its free-text car_name as a categorical feature (308 features). Prints figures,
// asserts nothing (machines are noisy: compare runs side by side). `--loads N` (default 3) loads each
// page N times per rate and ends with the largest task of each load at 4×. A blank page (a heading, a
// button and an input, served by a bare Node server) is loaded alike first: the floor of this
// machine at that moment, to read the pages' figures against.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { autoMpgFile } from './autoMpgFile.mjs';
import { startBuiltServer } from './builtServer.mjs';

const loads = Number(parseArgs({ options: { loads: { type: 'string', default: '3' } } }).values.loads);
if (!(Number.isInteger(loads) && loads > 0)) throw new Error('--loads takes a whole number of loads, 1 or more');
const { base, stop } = await startBuiltServer({ stdio: 'ignore' });
const blankHtml = '<!doctype html><html lang="en" data-ready="true"><title>blank</title><h1>Blank</h1><button>Button</button><input aria-label="input">';
const blank = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(blankHtml));
await new Promise((resolve) => blank.listen(0, '127.0.0.1', resolve));
const blankUrl = `http://127.0.0.1:${blank.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
console.log('page      | HTML br / plain | CPU | ready ms | long tasks (ms)');
/** The largest long task of each load at 4×, by page. */
const largest = [];
for (const path of ['(blank)', '/', '/explore', '/fit']) {
  const url = path === '(blank)' ? blankUrl : `${base}${path}`;
  const plain = (await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
  const br = Number((await fetch(url, { headers: { 'accept-encoding': 'br' } })).headers.get('content-length')) || plain;
  for (const rate of [1, 4]) for (let load = 0; load < loads; load++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
    });
    const t0 = Date.now();
    await page.goto(url);
    // Polled with plain evaluations: Playwright's waitForSelector/waitForFunction first inject its
    // selector engine, a script large enough that compiling it shows as a long task of the page
    // (77–107 ms at 4×) that no visitor has.
    const isReady = () => page.evaluate(() => document.documentElement.dataset.ready === 'true' && document.querySelector('[data-staged=pending]') === null);
    while (!(await isReady())) await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = Date.now() - t0;
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__longTasks);
    if (rate === 4) largest.push(`${path} ${Math.max(0, ...tasks) || '—'}`);
    console.log(`${path.padEnd(9)} | ${`${(br / 1024).toFixed(1)} / ${(plain / 1024).toFixed(1)} KB`.padStart(15)} | ${rate}×  | ${String(ready).padStart(8)} | ${tasks.join(', ') || 'none'}`);
    await page.close();
  }
}

console.log(`largest task of each load at 4× (ms; — for none over 50): ${largest.join(', ')}`);

// The slider: each key press's Event Timing duration (input to the next frame painted; Chromium
// rounds it to 8 ms and reports those ≥ 16 ms), 20 steps left then 20 right from alphaMin.
const scratch = mkdtempSync(join(tmpdir(), 'lassokit-web-'));
const file = autoMpgFile(scratch);
console.log('\n/fit α slider at 4× | features | per step (ms): median  p90  max');
for (const wide of [false, true]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/fit`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('text=auto-mpg.csv: 398 rows');
  if (wide) {
    await page.getByLabel('car_name', { exact: true }).check();
    await page.getByLabel('car_name is categorical').check();
  }
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 60_000 });
  // The features fitted: "… of N" where the charts show the top ones, else one line per feature.
  const features = await page.evaluate(() => /of (\d+)/.exec(document.querySelector('[data-testid=top-k]')?.textContent ?? '')?.[1] ?? document.querySelector('[data-testid=result] figure').querySelectorAll('path').length);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.evaluate(() => {
    window.__steps = [];
    new PerformanceObserver((list) => window.__steps.push(...list.getEntries().filter((e) => e.name === 'keydown').map((e) => e.duration))).observe({ type: 'event', durationThreshold: 16 });
  });
  await page.focus('[data-testid=result] input[type=range]');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i < 20 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  // Steps under 16 ms are not reported: count them as 16.
  const steps = (await page.evaluate(() => window.__steps)).concat(Array(40).fill(16)).slice(0, 40).sort((a, b) => a - b);
  console.log(`${wide ? 'car_name categorical' : 'car_name left out'.padEnd(20)} | ${String(features).padStart(8)} | ${String(steps[20]).padStart(21)} ${String(steps[36]).padStart(4)} ${String(steps[39]).padStart(4)}`);
  await page.close();
}
await browser.close();
blank.close();
rmSync(scratch, { recursive: true, force: true });
stop();
