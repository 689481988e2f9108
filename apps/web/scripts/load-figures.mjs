// `pnpm --filter @lassokit/web bench:load`: how the built demo loads as a visitor's browser sees it
// — time to interactive and the main thread's long tasks (> 50 ms) on each page, at full speed and
// at 4× CPU slowdown (Chromium's throttling, as DevTools' "4× slowdown"), plus the HTML's size sent
// compressed and not; then how long a step of /fit's α slider takes at 4× on the real Auto-MPG CSV,
// with and without its free-text car_name as a categorical feature (308 features). Prints figures,
// asserts nothing (machines are noisy: compare runs side by side).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { autoMpgFile } from './autoMpgFile.mjs';
import { startBuiltServer } from './builtServer.mjs';

const { base, stop } = await startBuiltServer({ stdio: 'ignore' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
console.log('page      | HTML br / plain | CPU | ready ms | long tasks (ms)');
for (const path of ['/', '/explore', '/fit']) {
  const plain = (await (await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
  const br = Number((await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'br' } })).headers.get('content-length'));
  for (const rate of [1, 4]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
    });
    const t0 = Date.now();
    await page.goto(`${base}${path}`);
    // Polled with plain evaluations: Playwright's waitForSelector/waitForFunction first inject its
    // selector engine, a script large enough that compiling it shows as a long task of the page
    // (77–107 ms at 4×) that no visitor has.
    const isReady = () => page.evaluate(() => document.documentElement.dataset.ready === 'true' && document.querySelector('[data-staged=pending]') === null);
    while (!(await isReady())) await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = Date.now() - t0;
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__longTasks);
    console.log(`${path.padEnd(9)} | ${`${(br / 1024).toFixed(1)} / ${(plain / 1024).toFixed(1)} KB`.padStart(15)} | ${rate}×  | ${String(ready).padStart(8)} | ${tasks.join(', ') || 'none'}`);
    await page.close();
  }
}

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
rmSync(scratch, { recursive: true, force: true });
stop();
