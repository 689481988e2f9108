import { describe, expect, it } from 'vitest';
import { elasticNetCVParallel } from '@lassokit/core/parallel';
import { FileProblem, checkFile, fitCsv, inspectCsv, predictionsCsv } from './csvFit.js';

const csv = `y,a,b,city\n${Array.from({ length: 30 }, (_, i) => `${2 * (i % 5) - ((i * 3) % 4) + (i % 2) * 0.1},${i % 5},${(i * 3) % 4},${i % 3 === 0 ? 'x' : 'z'}`).join('\n')}\n`;

describe('the Your-data page logic', () => {
  it('inspects columns and guesses which are numeric', () => {
    const i = inspectCsv(csv, 'toy.csv');
    expect(i.columns).toEqual(['y', 'a', 'b', 'city']);
    expect(i.numeric).toEqual(['y', 'a', 'b']);
    expect(i.rows).toBe(30);
  });

  it('fits path and CV, refits at alphaMin, reports progress', async () => {
    const calls: number[] = [];
    const r = await fitCsv(csv, 'toy.csv', { target: 'y', features: ['a', 'b', 'city'], categorical: ['city'], missing: 'error' }, (d) => calls.push(d));
    expect(r.featureNames).toEqual(['a', 'b', 'city_x', 'city_z']);
    expect(r.alphas).toHaveLength(100);
    expect(calls.at(-1)).toBe(11);
    expect((r.model as { format: string }).format).toBe('lassokit-model');
    expect(predictionsCsv(r).split('\n')[0]).toBe('actual,prediction');
  });

  it('gives the same fit with CV folds in worker threads (what the fit worker does)', async () => {
    const spec = { target: 'y', features: ['a', 'b', 'city'], categorical: ['city'], missing: 'error' } as const;
    const inPlace = await fitCsv(csv, 'toy.csv', spec);
    const threaded = await fitCsv(csv, 'toy.csv', spec, undefined, (X, y, opts) => elasticNetCVParallel(X, y, { ...opts, workers: 2 }));
    expect(threaded.cvMean).toEqual(inPlace.cvMean);
    expect(threaded.indexMin).toBe(inPlace.indexMin);
  });

  it.each([
    ['an empty file', () => checkFile('e.csv', 0, new Uint8Array()), /e\.csv is empty/],
    ['a huge file', () => checkFile('big.csv', 200 * 1048576, new Uint8Array()), /big\.csv is 200 MB; this page fits files up to 50 MB/],
    ['a binary file', () => checkFile('x.png', 100, Uint8Array.of(137, 80, 0, 1)), /not a text file/],
    ['a non-numeric target', () => fitCsv(csv, 't.csv', { target: 'city', features: ['a'], categorical: [], missing: 'error' }), /"x" is not a number\. Mark that column as categorical/],
    ['duplicate headers', () => inspectCsv('a,a\n1,2\n', 'd.csv'), /appears twice .* Rename one of the columns/],
    ['a single row', () => fitCsv('y,a\n1,2\n', 's.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /Only 1 usable row/],
    ['an entirely missing column', () => fitCsv('y,a,b\n1,,2\n2,,3\n3,,5\n4,,4\n', 'm.csv', { target: 'y', features: ['a'], categorical: [], missing: 'error' }), /every feature column is entirely missing/],
  ])('explains %s and how to fix it', async (_name, fn, message) => {
    // fitCsv is async (its CV may run in workers); the checks before it are sync: both as promises.
    const outcome = Promise.resolve().then(fn);
    await expect(outcome).rejects.toThrow(FileProblem);
    await expect(outcome).rejects.toThrow(message);
  });
});
