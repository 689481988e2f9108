// Browser tests in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against
// the built demo (pnpm build first). Screenshots go to test/browser/screenshots/ for a person to
// look at. Prints "N passed, N failed" and exits non-zero on any failure.
import { cvPlus, fromModelJSON, lassoCV, predict, predictInterval } from '@lassokit/core';
import { applyRecipe, loadAutoMpg } from '@lassokit/data';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { autoMpgFile } from '../../scripts/autoMpgFile.mjs';
import { startBuiltServer } from '../../scripts/builtServer.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });
for (const old of readdirSync(shots)) if (old.startsWith('FAILED-')) rmSync(join(shots, old));
/** The tests' files (uploads), removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'lassokit-web-'));
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`browser tests need Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}

const { base, stop } = await startBuiltServer();

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const results = [];
/** A test in a fresh page; `options` are Playwright context options (viewport, javaScriptEnabled, bypassCSP). */
async function test(name, fn, options = {}) {
  // ONLY=text runs just the tests whose names contain it (while working on one).
  if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
  const page = await browser.newPage({ viewport: { width: 1100, height: 1300 }, ...options });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Anything the Content-Security-Policy blocks (a script, a worker, the SIMD kernels) is a failure.
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && errors.push(m.text()));
  try {
    await fn(page);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n    ${e.message}`);
    await page.screenshot({ path: join(shots, `FAILED-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
  } finally {
    await page.close();
  }
}
/** Navigates and waits until the app has hydrated (the layout sets data-ready). */
async function open(page, path = '') {
  await page.goto(`${base}${path}`);
  await page.waitForSelector('html[data-ready="true"]');
  // Explore draws its lower charts in stages after hydration (placeholders until then).
  await page.waitForFunction(() => document.querySelector('[data-staged=pending]') === null);
}
/** Each task on the renderers' main threads in a Chromium trace: CPU and wall time (ms), and what posted it. */
function mainThreadTasks(events) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined)
    .map((e) => ({ cpu: e.tdur / 1000, wall: e.dur / 1000, postedBy: e.args?.src_func ?? '?' }));
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * axe-core's WCAG 2.1 A/AA rules on the page with every <details> open (the charts' table
 * alternatives included); the violations, one line each.
 */
async function axeViolations(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.waitForTimeout(100);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })).violations);
  return found.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
}
/**
 * The smallest rendered size of any visible chart text (font size × the SVG's scale on screen),
 * and any chart text whose colour is below 4.5:1 on white.
 */
async function chartText(page) {
  // Charts first lay out at a fallback width and take their container's from a ResizeObserver,
  // which reports before the frame is painted: measure what a frame shows, two frames on (under
  // load the first read could land between a chart's mounting and its observer's report).
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const lum = (rgb) => {
      const c = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    let smallest = Infinity;
    let smallestText = '';
    const faint = [];
    for (const t of document.querySelectorAll('svg text')) {
      const box = t.getBoundingClientRect();
      if (box.width === 0 || t.closest('details:not([open])')) continue;
      const ctm = t.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
      if (size < smallest) [smallest, smallestText] = [size, t.textContent];
      const style = getComputedStyle(t);
      const opacity = Number(style.opacity) * Number(style.fillOpacity);
      const ratio = 1.05 / (lum(style.fill) + 0.05);
      if (opacity === 1 && ratio < 4.5) faint.push(`${t.textContent} ${style.fill} ${ratio.toFixed(2)}`);
    }
    return { smallest, smallestText, faint };
  });
}
/** Opens /fit and fits a small CSV with a categorical column (the result is on the page after). */
async function fitSmallCsv(page) {
  const dir = mkdtempSync(join(scratch, 'test-'));
  const rows = Array.from({ length: 60 }, (_, i) => `${(2 * (i % 7) - ((i * 3) % 5) + (i % 2) * 0.3).toFixed(2)},${i % 7},${(i * 3) % 5},${(i * 13) % 11},${i % 3 === 0 ? 'north' : 'south'}`);
  const file = join(dir, 'houses.csv');
  writeFileSync(file, `price,rooms,age,noise,region\n${rows.join('\n')}\n`);
  await open(page, '/fit');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('text=houses.csv: 60 rows, 5 columns');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, j) => [['price', 'rooms', 'age', 'noise', 'region'][j], v])));
}

/** Uploads a CSV named `name` holding `text` on /fit and waits for its heading (`rows` rows, `columns` columns). */
async function uploaded(page, name, text, rows, columns) {
  const file = join(mkdtempSync(join(scratch, 'test-')), name);
  writeFileSync(file, text);
  await open(page, '/fit');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector(`text=${name}: ${rows} rows, ${columns} columns`);
}

/** The text of a file the page offers for download when `button` is clicked. */
async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return readFileSync(await download.path(), 'utf8');
}

// The same model the page trains, computed independently here with @lassokit/core.
const design = loadAutoMpg();
const cvRun = lassoCV(design.X, design.y, { nFolds: 10, seed: 0 });
const model = cvRun.model;
const coreMpg = (specs) => predict(model, applyRecipe(design.recipe, [specs]).X)[0];
const intervals = cvPlus(design.X, design.y, cvRun);
const coreInterval = (specs, level) => predictInterval({ ...model, intervals }, applyRecipe(design.recipe, [specs]).X, { level });

console.log('browser tests (Chromium, playwright-core)');

await test('every page is served with a Content-Security-Policy and security headers', async (page) => {
  for (const path of ['/', '/explore', '/fit']) {
    const headers = (await page.goto(`${base}${path}`)).headers();
    const csp = headers['content-security-policy'] ?? '';
    assert(/frame-ancestors 'none'/.test(csp) && /script-src 'self'/.test(csp), `${path}: CSP ${JSON.stringify(csp)}`);
    assert(headers['x-content-type-options'] === 'nosniff' && headers['referrer-policy'] === 'no-referrer', `${path}: ${JSON.stringify(headers)}`);
  }
});

await test('the predict form computes a known car within 0.01 of @lassokit/core', async (page) => {
  await open(page);
  const ssr = await page.textContent('[data-testid=mpg-lasso]');
  assert(ssr && Number(ssr) > 0, 'the server-rendered page shows a prediction');
  await page.selectOption('[data-testid=car-picker]', { label: 'ford pinto (1973)' });
  const shown = Number(await page.getAttribute('[data-testid=mpg-lasso]', 'data-value'));
  const expected = coreMpg({ cylinders: 4, displacement: 122, horsepower: 85, weight: 2310, acceleration: 18.5, model_year: 73 });
  assert(Math.abs(shown - expected) < 0.01, `page ${shown} vs core ${expected}`);
  assert((await page.textContent('[data-testid=mpg-true]')) === '19', 'the true MPG of the picked car is shown');
  await page.fill('input[name=weight]', '3000');
  const heavier = Number(await page.getAttribute('[data-testid=mpg-lasso]', 'data-value'));
  assert(heavier < shown, 'a heavier car gets a lower MPG as you type');
  assert(page.url().includes('weight=3000'), 'form values live in the URL');
  await page.screenshot({ path: join(shots, 'predict.png'), fullPage: true });
});

await test('the prediction comes with the CV+ interval of @lassokit/core, and the level picker changes it', async (page) => {
  await open(page);
  await page.selectOption('[data-testid=car-picker]', { label: 'ford pinto (1973)' });
  const specs = { cylinders: 4, displacement: 122, horsepower: 85, weight: 2310, acceleration: 18.5, model_year: 73 };
  const read = async () => ({ lo: Number(await page.getAttribute('[data-testid=mpg-interval]', 'data-lower')), hi: Number(await page.getAttribute('[data-testid=mpg-interval]', 'data-upper')) });
  const at90 = await read();
  const ref = coreInterval(specs, 0.9);
  assert(Math.abs(at90.lo - ref.lower[0]) < 0.01 && Math.abs(at90.hi - ref.upper[0]) < 0.01, `page [${at90.lo}, ${at90.hi}] vs core [${ref.lower[0]}, ${ref.upper[0]}]`);
  const text = await page.textContent('[data-testid=mpg-interval]');
  assert(/^90 % of cars like this: \d+\.\d to \d+\.\d MPG$/.test(text.trim()), `interval sentence: ${JSON.stringify(text)}`);
  await page.getByLabel('95 %').check();
  const at95 = await read();
  assert(at95.hi - at95.lo > at90.hi - at90.lo, 'a 95 % interval is wider than a 90 % one');
  assert((await page.textContent('[data-testid=mpg-interval]')).startsWith('95 %'), 'the sentence names the chosen level');
  await page.screenshot({ path: join(shots, 'predict-interval.png') });
});

await test('Explore shows the stability path and the relaxed Lasso in the study table', async (page) => {
  await open(page, '/explore');
  assert((await page.locator('svg[aria-label^="Stability path"]').count()) === 1, 'a stability chart');
  assert((await page.textContent('[data-testid=stable-set]')).includes('log_weight'), 'log_weight is stable');
  const row = await page.textContent('[data-testid=relaxed-row]');
  assert(/relaxed Lasso, same split .*γ = (0|0\.25|0\.5|0\.75|1) by 10-fold CV\)0\.\d{4}0\.\d{4}/.test(row), `relaxed row: ${JSON.stringify(row)}`);
});

await test('out-of-range form values get field-level messages', async (page) => {
  await open(page);
  await page.fill('input[name=weight]', '-5');
  assert((await page.textContent('#weight-msg')) === '', 'no message while the visitor is still typing');
  await page.keyboard.press('Tab');
  const msg = await page.textContent('#weight-msg');
  assert(msg === 'Weight must be positive', `got ${JSON.stringify(msg)}`);
  assert((await page.getAttribute('#weight-msg', 'aria-live')) === 'polite' && (await page.locator('[role=alert]').count()) === 0, 'announced politely, not as an alert');
  await page.fill('input[name=weight]', '');
  await page.keyboard.type('3', { delay: 20 });
  await page.waitForTimeout(1000);
  assert((await page.textContent('#weight-msg')).startsWith('Weight must be between'), 'after a pause the message appears without leaving the field');
  assert((await page.locator('[data-testid=mpg-lasso]').count()) === 0, 'no prediction while a field is invalid');
  await page.screenshot({ path: join(shots, 'predict-invalid.png') });
});

await test('dragging the alpha slider changes the number of kept features', async (page) => {
  await open(page, '/explore');
  const before = Number(await page.textContent('[data-testid=kept]'));
  const slider = page.locator('[data-testid=alpha-slider]');
  await slider.focus();
  await page.keyboard.press('Home');
  const atMax = Number(await page.textContent('[data-testid=kept]'));
  assert(atMax === 0 && before > 0, `kept ${before} at the study alpha, ${atMax} at alphaMax`);
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  const later = Number(await page.textContent('[data-testid=kept]'));
  assert(later > 0, 'features enter as alpha falls');
  assert(/a=20/.test(page.url()), 'alpha lives in the URL');
  // The table under the charts follows the slider: its chosen row is the α shown.
  await page.click('text=The path and CV curve as a table');
  const chosen = await page.textContent('details tr.chosen td');
  assert(chosen === (await page.textContent('[data-testid=alpha]')), `chosen row ${chosen}`);
  assert((await page.locator('details tr.chosen').evaluate((tr) => getComputedStyle(tr).fontWeight)) === '600', 'the chosen row is set off');
  // Timed with the table open: back to the slider (the click left focus on the summary, where
  // the arrow keys would scroll the table instead), and each step must move α.
  await slider.focus();
  const alphaBefore = await page.textContent('[data-testid=alpha]');
  const t0 = Date.now();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  const perStep = (Date.now() - t0) / 20;
  assert(/a=40/.test(page.url()) && (await page.textContent('[data-testid=alpha]')) !== alphaBefore, `the timed steps moved alpha (url ${page.url()})`);
  assert((await page.textContent('details tr.chosen td')) === (await page.textContent('[data-testid=alpha]')), 'the table still follows');
  console.log(`    (${perStep.toFixed(1)} ms per alpha change with the table open, including the test driver)`);
  await page.screenshot({ path: join(shots, 'explore.png'), fullPage: true });
});

await test('uploading a small CSV fits in a worker and shows a path', async (page) => {
  const records = await fitSmallCsv(page);
  const paths = await page.locator('[data-testid=result] figure svg path').count();
  assert(paths >= 4, `the path chart has a line per feature (${paths})`);
  assert(await page.evaluate(() => document.activeElement?.tagName === 'H2'), 'focus moves to the result after a fit');
  assert(/^Fitted: \d+ of \d+ features kept/.test(await page.textContent('[data-testid=announcement]')), 'completion is announced');
  assert((await page.getAttribute('[data-testid=result] input[type=range]', 'aria-valuetext')).startsWith('alpha '), 'the slider reads alpha, not its index');
  assert((await page.locator('input[aria-label="region is categorical"]').count()) === 1, 'each categorical box has its own name');
  assert(/90 % prediction intervals \(CV\+, from the 10 cross-validation fold models\) are on average ±\d/.test(await page.textContent('[data-testid=interval-summary]')), 'interval summary');
  assert(/γ = (0|0\.25|0\.5|0\.75|1) at α = .*, CV MSE \d/.test(await page.textContent('[data-testid=relaxed-summary]')), 'relaxed Lasso line');
  // The two downloads agree: the model file, through its own recipe, predicts the predictions file.
  const file = fromModelJSON(await downloaded(page, 'text=Download model JSON'));
  assert(file.intervals?.method === 'cv+' && file.intervals.models.length === 10, 'the model file keeps its CV+ fold models');
  const predictions = (await downloaded(page, 'text=Download predictions CSV')).trim().split('\n').slice(1).map((line) => Number(line.split(',')[1]));
  const ours = predict(file, applyRecipe(file.preprocessing.recipe, records).X);
  assert(predictions.length === 60 && predictions.every((v, i) => Math.abs(v - ours[i]) <= 1e-9 * Math.max(1, Math.abs(v))), 'the model file predicts what the predictions file says');
  await page.click('[data-testid=stability]');
  await page.waitForSelector('[data-testid=stability-result] svg path', { timeout: 30_000 });
  assert(/stable\); the expected number of falsely selected features is at most \d/.test(await page.textContent('[data-testid=stability-result]')), 'stability sentence');
  await page.screenshot({ path: join(shots, 'fit.png'), fullPage: true });
});

await test('a semicolon-separated file is detected, named, and fits', async (page) => {
  await uploaded(page, 'semi.csv', `price;rooms;age\n${Array.from({ length: 40 }, (_, i) => `${2 * (i % 7) + (i % 3)};${i % 7};${(i * 5) % 11}`).join('\n')}\n`, 40, 3);
  assert((await page.textContent('[data-testid=delimiter-note]')).includes('Read as semicolon-separated'), 'the delimiter is named');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
  await page.selectOption('[data-testid=delimiter]', ',');
  await page.waitForSelector('text=semi.csv: 40 rows, 1 columns');
});

await test('decimal commas are detected, named, fitted and kept in the model file', async (page) => {
  await uploaded(page, 'eu.csv', `price;rooms;age\n${Array.from({ length: 40 }, (_, i) => `${2 * (i % 7) + (i % 3)},5;${i % 7};${(i * 5) % 11},25`).join('\n')}\n`, 40, 3);
  assert((await page.textContent('[data-testid=decimal-note]')).includes('Numbers read with a decimal comma (18,5 is 18.5)'), 'the decimal comma is named');
  // Another delimiter detects the decimal mark afresh: commas that split fields are no decimal marks.
  await page.selectOption('[data-testid=delimiter]', '\t');
  await page.waitForSelector('text=Read as tab-separated');
  assert((await page.textContent('[data-testid=decimal-note]')).includes('Numbers read with a decimal point'), 'tab-separated (one column of text): a decimal point');
  await page.selectOption('[data-testid=delimiter]', ';');
  await page.waitForSelector('text=Read as semicolon-separated');
  assert((await page.textContent('[data-testid=decimal-note]')).includes('Numbers read with a decimal comma'), 'semicolons again: the decimal comma again');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
  const model = JSON.parse(await downloaded(page, 'text=Download model JSON'));
  assert(model.preprocessing.recipe.decimal === ',', 'the model file keeps the decimal comma, so the CLI predicts its files alike');
  await page.selectOption('[data-testid=decimal]', '.');
  await page.waitForSelector('text=Numbers read with a decimal point');
});

await test("a pandas CSV: its unnamed index column is neither the target nor ticked, and the page says why", async (page) => {
  await uploaded(page, 'pandas.csv', `,x,y\n${Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 13},${(2 * ((i * 7) % 13) + (i % 3)).toFixed(1)}`).join('\n')}\n`, 40, 3);
  assert((await page.textContent('[data-testid=unnamed-note]')).startsWith('Not ticked: column0 (holds values)'), 'the unnamed column is named, with the reason');
  assert((await page.inputValue('[data-testid=target]')) === 'y', 'the target is the column named y, though x comes first (and never the unnamed index)');
  assert(!(await page.getByLabel('column0', { exact: true }).isChecked()) && (await page.getByLabel('x', { exact: true }).isChecked()), 'the index is not ticked; x is');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
});

await test('a house-price file: price is the target, the id and the sale date are not ticked, and large values label the axes in k / B within the charts', async (page) => {
  const rows = Array.from({ length: 120 }, (_, i) => `${i + 1},2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${['North', 'South', 'East'][i % 3]},${800 + ((i * 37) % 2900)},${(i % 5) + 1},"$${(1000 + 13 * i).toLocaleString('en-US')}",${250000 + 120 * ((i * 37) % 2900) + 9000 * (i % 5) + ((i * 7919) % 40000)}`);
  await uploaded(page, 'houses.csv', `id,sold_on,neighborhood,sqft,bedrooms,tax,price\n${rows.join('\n')}\n`, 120, 7);
  assert((await page.inputValue('[data-testid=target]')) === 'price', 'the target is price, not the id that comes first');
  assert((await page.textContent('[data-testid=id-note]')).startsWith('Not ticked: id — it numbers the rows'), 'the id is named, with the reason');
  assert((await page.textContent('[data-testid=date-note]')).startsWith('Not ticked: sold_on — it holds dates'), 'the date column is named, with the reason');
  assert((await page.textContent('[data-testid=formatted-note]')).startsWith('Not ticked: tax — numbers written for people') && (await page.textContent('[data-testid=formatted-note]')).includes('"$1,000" as 1000'), 'the tax column of "$1,000" is named, with how to write it plainly (not called an identifier)');
  assert(!(await page.getByLabel('id', { exact: true }).isChecked()) && !(await page.getByLabel('sold_on', { exact: true }).isChecked()) && !(await page.getByLabel('tax', { exact: true }).isChecked()) && (await page.getByLabel('sqft', { exact: true }).isChecked()), 'id, sold_on and tax unticked; sqft ticked');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
  // Every tick label lies inside its chart (an MSE axis of 6000000000 ran off the left edge).
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=result] figure svg')].flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter((t) => {
        const b = t.getBoundingClientRect();
        return b.width > 0 && (b.left < box.left - 0.5 || b.right > box.right + 0.5);
      }).map((t) => t.textContent);
    }),
  );
  assert(outside.length === 0, `labels cut at a chart's edge: ${outside.join(', ')}`);
  const labels = await page.locator('[data-testid=result] figure svg text').allTextContents();
  assert(labels.some((l) => /^\d+(\.\d)?B$/.test(l)) && labels.some((l) => /^\d+k$/.test(l)), `MSE in billions and prices in thousands (${labels.filter((l) => /[kB]$/.test(l)).join(' ')})`);
});

await test('a wide categorical CSV fits sparse and its charts show the top 20 features until asked for all', async (page) => {
  await uploaded(page, 'wide.csv', `y,a,shop,region\n${Array.from({ length: 600 }, (_, i) => `${((i * 7) % 11) + (i % 3) + (((i * 13) % 197) % 7)},${i % 5},shop${(i * 13) % 197},r${i % 9}`).join('\n')}\n`, 600, 4);
  assert((await page.textContent('[data-testid=identifier-note]')).includes('shop (197 distinct values)'), 'the 197-level column is not pre-ticked, and the page says why');
  await page.getByLabel('shop', { exact: true }).check();
  await page.getByLabel('shop is categorical').check();
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=top-k]', { timeout: 60_000 });
  const lines = () => page.locator('[data-testid=result] figure').first().locator('path').count();
  assert((await lines()) <= 20, `the path chart draws the top 20 (${await lines()})`);
  // The bars show the same 20 features at every α: they keep their places while the slider moves.
  const barNames = () => page.locator('[data-testid=result] .bars svg text title').allTextContents();
  const before = await barNames();
  await page.focus('[data-testid=result] input[type=range]');
  await page.keyboard.press('Home');
  assert(before.length === 20 && (await barNames()).join() === before.join(), `the same 20 bars at the largest alpha (${before.length})`);
  await page.click('[data-testid=show-all]');
  assert((await lines()) > 150, `show all draws every feature (${await lines()})`);
});

await test("the real Auto-MPG CSV: '?' read as missing horsepower (numeric), car_name left unticked, 392 cars fitted", async (page) => {
  const file = autoMpgFile(mkdtempSync(join(scratch, 'test-')));
  await open(page, '/fit');
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('text=auto-mpg.csv: 398 rows, 9 columns');
  assert((await page.textContent('[data-testid=missing-note]')).includes('"?" in horsepower (6 rows)'), 'the marker is named with its column and count');
  assert((await page.textContent('[data-testid=identifier-note]')).startsWith('Not ticked: car_name'), 'car_name is left out, with the reason');
  assert(!(await page.getByLabel('horsepower is categorical').isChecked()), 'horsepower is not pre-ticked as categorical');
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 30_000 });
  assert((await page.textContent('[data-testid=result] h2')).includes('392 rows'), 'the six cars without horsepower are dropped');
  const slider = page.locator('[data-testid=result] input[type=range]');
  await slider.focus();
  const before = Number(await slider.inputValue());
  const t0 = Date.now();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
  const perStep = (Date.now() - t0) / 20;
  assert(Number(await slider.inputValue()) === Math.max(0, before - 20), `the timed steps moved the slider (from ${before})`);
  console.log(`    (${perStep.toFixed(1)} ms per slider step on the fitted Auto-MPG, including the test driver)`);
});

await test('a 10 MB CSV fits (path + 10-fold CV) in the worker while the page keeps responding', async (page) => {
  const dir = mkdtempSync(join(scratch, 'test-'));
  const file = join(dir, 'big.csv');
  const lines = ['y,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10'];
  let s = 7;
  const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296 - 0.5);
  while (lines.length < 130_000) {
    const x = Array.from({ length: 10 }, () => r() * 10);
    lines.push([3 * x[0] - 2 * x[1] + x[4] + r(), ...x].map((v) => v.toFixed(4)).join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  await open(page, '/fit');
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
  });
  // Main-thread tasks are judged by their CPU time (the trace's thread time), not by the wall time
  // of the long tasks the page sees (printed): a CI machine busy with other tests stretched a 60 ms
  // task to 320 ms of wall time, which says nothing about the page. 100 ms of CPU is stricter than
  // the quarter second of wall time this test asked before.
  await browser.startTracing(page, { categories: ['toplevel'] });
  const t0 = Date.now();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('text=big.csv: 129999 rows', { timeout: 60_000 });
  await page.click('[data-testid=fit]');
  await page.waitForSelector('[data-testid=result] svg path', { timeout: 120_000 });
  const seconds = (Date.now() - t0) / 1000;
  // The result is drawn in stages: its last one (the fit at alphaMin) counts too.
  await page.waitForSelector('[data-testid=interval-summary]');
  await page.waitForTimeout(200);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString()).traceEvents).sort((a, b) => b.cpu - a.cpu);
  const mb = (lines.join('\n').length / 1e6).toFixed(1);
  const top = tasks.slice(0, 3).map((t) => `${t.cpu.toFixed(0)} ms CPU (${t.wall.toFixed(0)} wall, posted by ${t.postedBy})`).join(', ');
  console.log(`    (${mb} MB: inspected and fitted in ${seconds.toFixed(1)} s; main-thread long tasks: ${longTasks.length}, longest ${Math.max(0, ...longTasks).toFixed(0)} ms wall; longest tasks: ${top})`);
  assert(tasks.length > 0, 'the trace holds the main-thread tasks');
  assert(tasks[0].cpu < 100, `no main-thread task takes 100 ms of CPU (the longest: ${top})`);
});

await test('a bad CSV shows a message that says how to fix it', async (page) => {
  const dir = mkdtempSync(join(scratch, 'test-'));
  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5\n');
  const binary = join(dir, 'photo.png');
  writeFileSync(binary, Buffer.from([137, 80, 78, 71, 0, 0, 0, 13]));
  await open(page, '/fit');
  await page.setInputFiles('[data-testid=file-input]', ragged);
  const msg = await page.textContent('[data-testid=problem]');
  assert(/ragged\.csv:3: expected 3 fields .* found 2\. Every row needs as many values/.test(msg ?? ''), `got ${JSON.stringify(msg)}`);
  await page.setInputFiles('[data-testid=file-input]', binary);
  await page.waitForSelector('text=is not a text file');
  await page.screenshot({ path: join(shots, 'fit-bad.png') });
});

await test('Predict at phone width: no sideways scrolling (table open too), and the result stays in sight while editing', async (page) => {
  await open(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert(!(await overflow()), 'no horizontal scrolling on the predict page at 360 px');
  await page.screenshot({ path: join(shots, 'predict-phone.png'), fullPage: true });
  await page.focus('input[name=acceleration]');
  await page.fill('input[name=acceleration]', '12');
  const bar = page.locator('[data-testid=summary-bar]');
  const box = await bar.boundingBox();
  assert(box !== null && box.y >= 0 && box.y + box.height <= 800 + 1, `the summary is on screen while editing (${JSON.stringify(box)})`);
  const field = await page.locator('input[name=acceleration]').boundingBox();
  assert(field.y + field.height <= box.y, `the field being edited is not under the summary (${JSON.stringify(field)})`);
  assert((await bar.textContent()).includes(`${Number(await page.getAttribute('[data-testid=mpg-lasso]', 'data-value')).toFixed(1)} MPG`), 'and it shows the current prediction');
  await page.screenshot({ path: join(shots, 'predict-phone-editing.png') });
  await page.click('text=The same as a table, with the model');
  assert(!(await overflow()), 'no horizontal scrolling with the table open');
}, { viewport: { width: 360, height: 800 } });

await test("the 'why' chart speaks in the specs the visitor typed, with the model's features on demand", async (page) => {
  await open(page);
  await page.selectOption('[data-testid=car-picker]', { label: 'ford pinto (1973)' });
  const labels = await page.locator('[data-testid=why] svg text title').allTextContents();
  assert(labels.includes('Cylinders: 4') && labels.includes('Weight: 2,310 lb') && labels.includes('Model year: 1973'), `bar labels: ${labels.join(' | ')}`);
  assert(!labels.some((l) => /cylinders_|log_/.test(l)), 'no internal feature names on the bars');
  const table = await page.textContent('[data-testid=why-table]');
  assert(table.includes('cylinders_4') && table.includes('log_weight'), 'the table shows the features behind each spec');
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
  await test(`axe finds no WCAG A/AA violations on any page (${label}), also after fitting a CSV`, async (page) => {
    const found = [];
    for (const path of ['/', '/explore', '/fit']) {
      await open(page, path);
      found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
    }
    await fitSmallCsv(page);
    await page.click('[data-testid=stability]');
    await page.waitForSelector('[data-testid=stability-result] svg path', { timeout: 30_000 });
    found.push(...(await axeViolations(page)).map((v) => `/fit after a fit: ${v}`));
    const charts = await page.locator('[data-testid=result] svg[role=img]').count();
    const tables = await page.locator('[data-testid=result] details.alt table').count();
    assert(charts >= 5 && tables === charts, `every /fit chart has its table alternative (${charts} charts, ${tables} tables)`);
    assert(found.length === 0, found.join('\n    '));
  }, { viewport, bypassCSP: true });
}

await test('chart text is never under 11 px at 360 px wide, and reads at ≥ 4.5:1 on white', async (page) => {
  const report = [];
  for (const path of ['/', '/explore']) {
    await open(page, path);
    report.push([path, await chartText(page)]);
    await page.screenshot({ path: join(shots, `${path === '/' ? 'predict' : 'explore'}-360.png`), fullPage: true });
  }
  await fitSmallCsv(page);
  report.push(['/fit', await chartText(page)]);
  await page.screenshot({ path: join(shots, 'fit-360.png'), fullPage: true });
  for (const [path, { smallest, smallestText, faint }] of report) {
    assert(smallest >= 11, `${path}: chart text at ${smallest.toFixed(1)} px (${JSON.stringify(smallestText)})`);
    assert(faint.length === 0, `${path}: faint chart text: ${faint.join('; ')}`);
  }
  console.log(`    (smallest chart text at 360 px: ${report.map(([p, r]) => `${p} ${r.smallest.toFixed(1)} px`).join(', ')})`);
}, { viewport: { width: 360, height: 780 } });

await test('without JavaScript, Predict is a working GET form (fields and car picker) and /fit says it needs JavaScript', async (page) => {
  await page.goto(base);
  await page.fill('input[name=weight]', '4000');
  await page.press('input[name=weight]', 'Enter');
  await page.waitForURL(/weight=4000/);
  const heavy = Number(await page.getAttribute('[data-testid=mpg-lasso]', 'data-value'));
  const expected = coreMpg({ cylinders: 4, displacement: 120, horsepower: 90, weight: 4000, acceleration: 16, model_year: 78 });
  assert(Math.abs(heavy - expected) < 0.01, `no-JS prediction ${heavy} vs core ${expected}`);
  await page.selectOption('[data-testid=car-picker]', { label: 'ford pinto (1973)' });
  await page.click('text=Use this car');
  await page.waitForURL(/car=\d+/);
  assert((await page.textContent('[data-testid=mpg-true]')) === '19', 'the picked car fills the form and its true MPG is shown');
  // Chromium parses <noscript> as text when only script execution is off, so read the served page.
  const fitHtml = await (await fetch(`${base}/fit`)).text();
  const exploreHtml = await (await fetch(`${base}/explore?a=37`)).text();
  assert(/<details class="wide[^"]*"><summary[^>]*>The path and CV curve as a table[^<]*<\/summary>\s*(<!---->)?<table><thead>/.test(exploreHtml) && exploreHtml.includes('<tr class="chosen">'), "Explore's path table is in the served page");
  assert(/<noscript><p[^>]*data-testid="noscript"[^>]*>Fitting runs in this browser tab, in JavaScript: turn JavaScript on/.test(fitHtml), '/fit tells no-JS visitors why nothing happens');
}, { javaScriptEnabled: false });

await browser.close();
rmSync(scratch, { recursive: true, force: true });
stop();
const failed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
