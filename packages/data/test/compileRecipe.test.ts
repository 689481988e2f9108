import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRecipe, buildDesign, compileRecipe, loadAutoMpg, parseTable } from '../src/index.js';

const { recipe } = loadAutoMpg();
const transform = compileRecipe(recipe);

describe('compileRecipe', () => {
  const car = fc.record({
    cylinders: fc.constantFrom(3, 4, 5, 6, 7, 8, '4', '8.0'),
    displacement: fc.double({ min: 60, max: 480, noNaN: true }),
    horsepower: fc.oneof(fc.double({ min: 40, max: 240, noNaN: true }), fc.constant('95')),
    weight: fc.oneof(fc.double({ min: 1500, max: 5300, noNaN: true }), fc.constant(null), fc.constant('heavy')),
    acceleration: fc.double({ min: 8, max: 25, noNaN: true }),
    model_year: fc.integer({ min: 68, max: 84 }),
  });

  it('equals applyRecipe exactly on clean records and declines everything else', () => {
    fc.assert(
      fc.property(fc.array(car, { minLength: 1, maxLength: 5 }), (rows) => {
        const fast = transform(rows);
        let general: ReturnType<typeof applyRecipe> | null;
        try {
          general = applyRecipe(recipe, rows);
        } catch {
          general = null;
        }
        if (fast === null) {
          // declined: the general path raises an error or has something to warn about
          expect(general === null || general.warnings.length > 0).toBe(true);
        } else {
          expect(general).not.toBeNull();
          expect(general?.warnings).toEqual([]);
          expect(Array.from(fast.data)).toEqual(Array.from(general?.X.data ?? []));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles imputation, reference levels and renamed log features', () => {
    const table = parseTable('y,a,b,c\n1,2,x,5\n2,,z,6\n3,4,x,7\n4,3,y,8\n');
    const d = buildDesign(table, { target: 'y', categorical: ['b'], reference: { b: 'x' }, missing: 'mean', log: ['c'] });
    const rows = [{ a: 3, b: 'z', c: 6.5 }];
    expect(Array.from(compileRecipe(d.recipe)(rows)?.data ?? [])).toEqual(Array.from(applyRecipe(d.recipe, rows).X.data));
  });
});
