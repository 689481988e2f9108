// pnpm bench:scale — the path and 10-fold CV of data larger than one would load, with the statistics
// computed by DuckDB: generates (once, seeded, under $TMPDIR/lassokit-scale) ROWS × P as Parquet and
// CSV, then times statistics and fit separately and reports rows/s and peak RSS, next to a bare scan
// summing every column of the same file (the engine's read floor here). Prints; asserts nothing.
// ROWS (default 20,000,000), P (20), FORMATS (parquet,csv), MEMORY_LIMIT (1GB), THREADS (cores).
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elasticNetCVFromStats } from '@lassokit/core';
import { duckdbRunner, fileSource, statsFromSource } from '@lassokit/sql';

const ROWS = Number(process.env.ROWS ?? 20_000_000);
const P = Number(process.env.P ?? 20);
const FORMATS = (process.env.FORMATS ?? 'parquet,csv').split(',');
const dir = join(tmpdir(), 'lassokit-scale');
mkdirSync(dir, { recursive: true });

const runner = await duckdbRunner({ memoryLimit: process.env.MEMORY_LIMIT ?? '1GB', threads: process.env.THREADS === undefined ? undefined : Number(process.env.THREADS) });
const columns = Array.from({ length: P }, (_, j) => `x${j}`);
// Friedman et al.'s design with ρ = 0.5 and a sparse signal, from DuckDB's seeded random().
const generate = `SELECT ${columns.map((c, j) => `z${j} + common AS ${c}`).join(', ')}, ${columns.slice(0, 5).map((c, j) => `${(-1) ** j}*(z${j} + common)`).join(' + ')} + 2*noise AS y
  FROM (SELECT ${columns.map((_, j) => `sqrt(-2*ln(random()))*cos(2*pi()*random()) AS z${j}`).join(', ')}, sqrt(-2*ln(random()))*cos(2*pi()*random()) AS common, sqrt(-2*ln(random()))*cos(2*pi()*random()) AS noise FROM range(${ROWS}))`;
for (const format of FORMATS) {
  const file = join(dir, `data-${ROWS}x${P}.${format}`);
  if (!existsSync(file)) {
    const t = performance.now();
    await runner.query(`SELECT setseed(0.42)`);
    await runner.query(`COPY (${generate}) TO '${file}' (FORMAT ${format === 'parquet' ? 'PARQUET' : 'CSV, HEADER'})`);
    console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const t0 = performance.now();
  const source = await statsFromSource(runner, fileSource(file), { target: 'y', features: columns, fold: { hash: 10 } });
  const t1 = performance.now();
  const cv = elasticNetCVFromStats(source.stats, { l1Ratios: [1] });
  const t2 = performance.now();
  const statsS = (t1 - t0) / 1000;
  const fitS = (t2 - t1) / 1000;
  // The floor: one bare scan summing every column (what reading the file costs this engine here),
  // in a fresh DuckDB instance (DuckDB caches what it read: a second scan in the same one is faster).
  const fresh = await duckdbRunner({ memoryLimit: process.env.MEMORY_LIMIT ?? '1GB' });
  const t3 = performance.now();
  await fresh.query(`SELECT ${[...columns, 'y'].map((c) => `sum(${c})`).join(', ')} FROM ${fileSource(file)}`);
  const floorS = (performance.now() - t3) / 1000;
  await fresh.close();
  console.log(
    `${format.padEnd(8)} ${ROWS} × ${P}: statistics ${statsS.toFixed(2)} s (${(ROWS / statsS / 1e6).toFixed(2)} M rows/s; ${source.strategy}; a bare summing scan ${floorS.toFixed(2)} s = ${(ROWS / floorS / 1e6).toFixed(2)} M rows/s), path + 10-fold CV from them ${fitS.toFixed(3)} s (${((100 * fitS) / (statsS + fitS)).toFixed(1)} % of the total), alphaMin ${cv.alphaMin.toPrecision(4)}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
await runner.close();
