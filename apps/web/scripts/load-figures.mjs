// `pnpm --filter @lassokit/web bench:load`: how the built demo loads as a visitor's browser sees it
// — time to interactive and the main thread's long tasks (> 50 ms) on each page, at full speed and
// at 4× CPU slowdown (Chromium's throttling, as DevTools' "4× slowdown"), plus the HTML's size sent
// compressed and not. Prints figures, asserts nothing (machines are noisy: compare runs side by side).
import { chromium } from 'playwright-core';
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
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForFunction(() => document.querySelector('[data-staged=pending]') === null);
    const ready = Date.now() - t0;
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(() => window.__longTasks);
    console.log(`${path.padEnd(9)} | ${`${(br / 1024).toFixed(1)} / ${(plain / 1024).toFixed(1)} KB`.padStart(15)} | ${rate}×  | ${String(ready).padStart(8)} | ${tasks.join(', ') || 'none'}`);
    await page.close();
  }
}
await browser.close();
stop();
