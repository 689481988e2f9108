import { describe, expect, it, vi } from 'vitest';

// The relaxed Lasso refusing its refits (DESIGN_TOO_LARGE: on wide files of near-duplicate columns
// past its work bound) — a design that large is too slow for a unit test, so the refusal itself is
// stood in for here; the page's handling of it is what is tested.
vi.mock('@lassokit/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@lassokit/core')>();
  return {
    ...core,
    relaxedLassoCV: () => {
      throw new core.LassoKitError('DESIGN_TOO_LARGE', "the relaxed Lasso's refits need least squares …", { parameter: 'X' });
    },
  };
});

const { fitCsv } = await import('./csvFit.js');

describe('the relaxed comparison line', () => {
  it('is left out with a note where the relaxed Lasso refuses its refits; the Lasso fit stands', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${(2 * i + (i % 3)) / 10},${i},${(i * 7) % 5}`);
    const r = await fitCsv(['y,a,b', ...rows].join('\n'), 'test.csv', { target: 'y', features: ['a', 'b'], categorical: [], missing: 'drop' });
    expect(r.relaxed).toBeUndefined();
    expect(r.notes).toContain('The relaxed Lasso comparison is left out: its least-squares refits would take too long on this file (supports as wide as the rows, or columns that nearly repeat one another).');
    expect(r.featureNames).toEqual(['a', 'b']);
    expect(r.cvMean.length).toBeGreaterThan(0);
  });
});
