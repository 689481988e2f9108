import type { DenseMatrix } from '@lassokit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDesign, buildNumericDesign, idColumnWarning, idWarning, isIdName, parseTable } from '../src/index.js';

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

  it('warns of a feature named as an id holding a distinct whole number per row, alike on both paths', () => {
    const id = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '2.5') });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -9, max: 9 }), id), { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, drop) => {
        const text = `y,x,customer_id\n${rows.map(([v, k], i) => `${v},${i % 3},${k}`).join('\n')}\n`;
        const spec = { target: 'y', missing: drop ? ('drop' as const) : ('mean' as const) };
        const general = buildDesign(parseTable(text, { source: 'x.csv' }), spec);
        // (The fast path drops or refuses missing values; it does not impute.)
        const fast = drop ? buildNumericDesign(text, { target: 'y', missing: 'drop', source: 'x.csv' }) : null;
        if (fast !== null) expect(fast.report).toEqual(general.report);
        const present = rows.map(([, k]) => k).filter((k) => k !== '');
        const distinctWhole = present.length >= 3 && !present.includes('2.5') && new Set(present).size === present.length;
        expect(general.report.warnings.includes(idColumnWarning('customer_id', present.length))).toBe(distinctWhole);
      }),
      { numRuns: 300 },
    );
  });

  it('ids are named as ids: id, ID, #, no, index, customer_id, Customer ID, order no, customerId, CustomerID — not paid, valid, video, idle', () => {
    for (const name of ['id', 'ID', ' Id ', '#', 'no', 'index', 'customer_id', 'Customer ID', 'order no', 'order.id', 'customerId', 'CustomerID']) expect(isIdName(name), name).toBe(true);
    for (const name of ['paid', 'valid', 'video', 'idle', 'ideal', 'rapid', 'customerid', 'casino', 'x']) expect(isIdName(name), name).toBe(false);
    expect(idWarning('id', [3, 1, 2])).toBe(idColumnWarning('id', 3));
    expect(idWarning('id', [3, null, 1, Number.NaN, 2])).toBe(idColumnWarning('id', 3));
    expect(idWarning('id', [3, 1, 3])).toBeNull();
    expect(idWarning('id', [1, 2])).toBeNull();
    expect(idWarning('rank', [1, 2, 3])).toBeNull();
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
