import { describe, expect, it } from 'vitest';
import { STUDY, loadAutoMpg, splitVerdict, studySplit, studyTable } from '../src/index.js';

describe('the study module', () => {
  const design = loadAutoMpg();

  it("is the study's split: 274 cars to train, 118 to test, alpha = 1/274", () => {
    const s = studySplit(design);
    expect([s.split.train.length, s.split.test.length]).toEqual([274, 118]);
    expect(s.alpha).toBe(1 / 274);
    expect([s.Xtrain.rows, s.Xtest.rows, s.ytrain.length, s.ytest.length]).toEqual([274, 118, 274, 118]);
  });

  it("redoes the published table: the Lasso's test R² to the published four decimals", () => {
    const t = studyTable(design);
    expect(t.lasso.testR2.toFixed(4)).toBe(STUDY.published.testR2.toFixed(4));
    expect(t.published).toBe(STUDY.published);
  });
});

describe('splitVerdict says what the numbers say', () => {
  it.each([
    [0.8998, 0.849, 0.022, /2\.3 standard deviations above the mean of 50 random 70\/30 splits \(0\.849 ± 0\.022\): a lucky split$/],
    [0.86, 0.849, 0.022, /0\.5 standard deviations above the mean .*: a typical split$/],
    [0.875, 0.849, 0.02, /1\.3 standard deviations above .*: a better split than most$/],
    [0.80, 0.849, 0.02, /2\.4 standard deviations below .*: an unlucky split$/],
    [0.849, 0.849, 0.02, /is at the mean of 50 .*: a typical split$/],
  ])('test R² %s against %s ± %s', (r2, mean, sd, sentence) => {
    expect(splitVerdict(r2, { mean, sd }, 50)).toMatch(sentence);
  });
});
