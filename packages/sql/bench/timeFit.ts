// The figure line every engine's part of `pnpm bench:scale` prints: statistics, then the path +
// 10-fold CV from them, timed apart, with rows/s and the client's peak RSS.
import { elasticNetCVFromStats } from '@lassokit/core';
import type { SourceStats } from '../src/index.js';

export async function timeStatsAndFit(label: string, rows: number, p: number, statistics: () => Promise<SourceStats>): Promise<void> {
  const t1 = performance.now();
  const source = await statistics();
  const t2 = performance.now();
  const cv = elasticNetCVFromStats(source.stats as Parameters<typeof elasticNetCVFromStats>[0], { l1Ratios: [1] });
  const t3 = performance.now();
  const statsS = (t2 - t1) / 1000;
  const fitS = (t3 - t2) / 1000;
  console.log(
    `${label} ${rows} × ${p}: statistics ${statsS.toFixed(2)} s (${(rows / statsS / 1e6).toFixed(2)} M rows/s), path + 10-fold CV from them ${fitS.toFixed(3)} s (${((100 * fitS) / (statsS + fitS)).toFixed(1)} % of the total), alphaMin ${cv.alphaMin.toPrecision(4)}, client peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
