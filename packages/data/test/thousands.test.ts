import { describe, expect, it } from 'vitest';
import { thousands } from '../src/index.js';

describe('thousands', () => {
  it('groups digits as en-US Intl does (the reference), without loading Intl', () => {
    const values = [0, 7, 999, 1000, 4500, 12345.5, 1234567, -2500, -999, 0.25, 1234.0625, 2 ** 53, -(10 ** 15) - 1, 1e20];
    for (const v of values) expect(thousands(v)).toBe(v.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });
  it("keeps String's exponent form (from 1e21) and NaN as they are", () => {
    expect(thousands(1e21)).toBe('1e+21');
    expect(thousands(Number.NaN)).toBe('NaN');
  });
});
