import { describe, expect, it } from 'vitest';
import { DataError, buildDesign, designWeights, parseTable } from '../src/index.js';

const text = 'y,a,w\n1,2,0.5\n2,,1\n3,7,2\n4,9,0\n';

describe('designWeights', () => {
  it('reads the weight of every row the design kept, in its order (a dropped row is skipped)', () => {
    const table = parseTable(text, { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'], missing: 'drop' });
    expect(Array.from(designWeights(table, design, 'w'))).toEqual([0.5, 2, 0]);
  });

  it.each([
    ['a negative weight', 'y,a,w\n1,2,1\n2,4,-1\n', /d\.csv:3: column "w": "-1" is not a weight \(a finite number ≥ 0\)/],
    ['a missing weight (MISSING_VALUE: no policy drops or fills a weight, and the front ends suggest none)', 'y,a,w\n1,2,1\n2,4,\n', /^d\.csv:3: column "w": the weight is missing \(every row needs a weight ≥ 0\)$/],
    ['an infinite weight', 'y,a,w\n1,2,Infinity\n2,4,1\n', /d\.csv:2: column "w": "Infinity" is not a weight/],
    ['text', 'y,a,w\n1,2,heavy\n2,4,1\n', /d\.csv:2: column "w": "heavy" is not a weight/],
    ['a long text cell, cut in the message', `y,a,w\n1,2,${'x'.repeat(5000)}\n2,4,1\n`, /d\.csv:2: column "w": "x{80}…" \(5000 characters\) is not a weight/],
  ])('refuses %s at its line and column', (_name, csv, message) => {
    const table = parseTable(csv, { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'] });
    expect(() => designWeights(table, design, 'w')).toThrow(DataError);
    expect(() => designWeights(table, design, 'w')).toThrow(message);
  });

  it('refuses an unknown column, naming the columns there are', () => {
    const table = parseTable(text, { source: 'd.csv' });
    const design = buildDesign(table, { target: 'y', features: ['a'], missing: 'drop' });
    expect(() => designWeights(table, design, 'weight')).toThrow(/unknown weights column "weight" \(columns: y, a, w\)/);
  });

  it('buildDesign leaves the weights column out of its default features, and refuses it as a feature or an unknown column', () => {
    const table = parseTable(text, { source: 'd.csv' });
    expect(buildDesign(table, { target: 'y', weights: 'w', missing: 'drop' }).featureNames).toEqual(['a']);
    expect(() => buildDesign(table, { target: 'y', features: ['a', 'w'], weights: 'w' })).toThrow(/column "w": it is the weights column; it cannot also be the target or a feature/);
    expect(() => buildDesign(table, { target: 'y', weights: 'count' })).toThrow(/unknown weights column "count" \(columns: y, a, w\)/);
  });
});
