import type { DenseMatrix } from '@lassokit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDesign, buildNumericDesign, parseTable } from '../src/index.js';

describe('buildNumericDesign (the memory-lean path)', () => {
  it('builds exactly what buildDesign builds, recipe and report included, on random numeric CSVs', () => {
    const cell = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -50, max: 50 }).map((v) => String(v / 4)) }, { weight: 1, arbitrary: fc.constantFrom('', 'NA') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 }), fc.boolean(), fc.constantFrom('\n', '\r\n'), (rows, drop, eol) => {
        const text = `y,a,b,c${eol}${rows.map((r) => r.join(',')).join(eol)}${eol}`;
        const spec = { target: 'y', missing: drop ? ('drop' as const) : ('error' as const) };
        let general;
        try {
          general = buildDesign(parseTable(text, { source: 'x.csv' }), spec);
        } catch {
          general = null;
        }
        const fast = buildNumericDesign(text, { ...spec, source: 'x.csv' });
        if (general === null) {
          expect(fast).toBeNull();
          return;
        }
        if (fast === null) {
          // the fast path declines only for an entirely missing feature column (the general path drops it with a warning)
          expect(general.report.warnings.some((w) => w.includes('entirely missing'))).toBe(true);
          return;
        }
        expect(fast.featureNames).toEqual(general.featureNames);
        expect(Array.from(fast.X.data)).toEqual(Array.from((general.X as DenseMatrix).data)); // small designs stay dense
        expect(Array.from(fast.y)).toEqual(Array.from(general.y));
        expect(fast.lines).toEqual(general.lines);
        expect(fast.report).toEqual(general.report);
        expect(JSON.parse(JSON.stringify(fast.recipe))).toEqual(JSON.parse(JSON.stringify(general.recipe)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['quoted fields', 'y,a\n1,"2"\n'],
    ['a non-numeric cell', 'y,a\n1,x\n'],
    ['a ragged row', 'y,a\n1,2,3\n'],
    ['a short row', 'y,a,b\n1,2\n'],
    ['an unknown target', 'z,a\n1,2\n'],
    ['a duplicate column', 'y,a,a\n1,2,3\n'],
  ])('declines %s (the general path reports it)', (_name, text) => {
    expect(buildNumericDesign(text, { target: 'y' })).toBeNull();
  });
});
