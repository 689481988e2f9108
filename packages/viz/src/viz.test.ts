import { describe, expect, it } from 'vitest';
import { colourDistance, contrastRatio, escapeHtml, fmtAlpha, fmtCoef, fmtTicks, PALETTE, spreadLabels } from './index.js';

describe('spreadLabels', () => {
  it('keeps labels at their lines when they do not collide', () => expect(spreadLabels([10, 50, 90], 13, 0, 100)).toEqual([10, 50, 90]));
  it('pushes colliding labels apart, in their original order', () => expect(spreadLabels([100, 102, 300], 13, 0, 400)).toEqual([100, 113, 300]));
  it('keeps every label inside the plot', () => {
    const ys = spreadLabels([95, 96, 97, 98], 10, 0, 100);
    expect(Math.max(...ys)).toBeLessThanOrEqual(100);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    for (let k = 1; k < ys.length; k++) expect(ys[k] - ys[k - 1]).toBeGreaterThanOrEqual(10);
  });
});

describe('fmtAlpha', () => {
  it.each([
    [3.1622, '3.2'],
    [0.31622, '0.32'],
    [1 / 274, '3.6e-3'],
  ])('%f → %s', (a, s) => expect(fmtAlpha(a)).toBe(s));
});

describe('fmtTicks', () => {
  it.each([
    [[0, 2e9, 4e9, 6e9], ['0', '2B', '4B', '6B']],
    [[200000, 300000, 400000, 500000, 600000, 700000], ['200k', '300k', '400k', '500k', '600k', '700k']],
    [[0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6], ['0', '0.5M', '1.0M', '1.5M', '2.0M', '2.5M']],
    [[-20000, -10000, 0, 10000, 20000, 30000], ['-20000', '-10000', '0', '10000', '20000', '30000']],
    [[0, 0.5, 1, 1.5], ['0', '0.5', '1.0', '1.5']],
    [[0.1, 0.2, 0.30000000000000004], ['0.1', '0.2', '0.3']],
    [[10, 15, 20, 25], ['10', '15', '20', '25']],
    [[0, 2e-5, 4e-5, 6e-5], ['0', '2e-5', '4e-5', '6e-5']],
    [[1.0002, 1.0004, 1.0006], ['1.0002', '1.0004', '1.0006']],
    [[0, 5e12, 1e13], ['0', '5e12', '1e13']],
    [[0, 0, 0], ['0', '0', '0']],
    [[], []],
  ])('%j → %j', (ticks, labels) => expect(fmtTicks(ticks)).toEqual(labels));

  it('labels fit a chart margin (at most 7 characters) and tell neighbouring ticks apart, over many scales', () => {
    for (let e = -8; e <= 14; e++) {
      for (const m of [1, 2, 5]) {
        const step = m * 10 ** e;
        for (const start of [0, -3, 7, 41]) {
          const ticks = Array.from({ length: 6 }, (_, k) => (start + k) * step);
          const labels = fmtTicks(ticks);
          expect(Math.max(...labels.map((l) => l.length)), labels.join(' ')).toBeLessThanOrEqual(7);
          expect(new Set(labels).size, labels.join(' ')).toBe(6);
        }
      }
    }
  });
});

describe('fmtCoef', () => {
  it('never shows a nonzero as zero', () => {
    expect(fmtCoef(1.234)).toBe('1.23');
    expect(fmtCoef(-0.004)).toBe('-0.004');
    expect(fmtCoef(-0.00312)).toBe('-0.0031');
    expect(fmtCoef(4.2e-7)).toBe('4.2e-7');
    expect(fmtCoef(0)).toBe('0');
    for (const v of [1e-9, -3e-5, 0.009, -0.0049]) expect(Number(fmtCoef(v))).not.toBe(0);
  });
});

describe('PALETTE', () => {
  it('contrastRatio matches WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });
  it('every colour reads as text (≥ 4.5:1) on white and on the page background', () => {
    for (const c of PALETTE) {
      expect(contrastRatio(c, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c, '#fafafa')).toBeGreaterThanOrEqual(4.5);
    }
  });
  it.each(['normal', 'protanopia', 'deuteranopia', 'tritanopia'] as const)('every pair stays apart with %s vision (ΔE ≥ 9)', (vision) => {
    for (let i = 0; i < PALETTE.length; i++) for (let j = i + 1; j < PALETTE.length; j++) expect(colourDistance(PALETTE[i], PALETTE[j], vision)).toBeGreaterThanOrEqual(9);
  });
  it('the simulation collapses what it should: red and green look alike to a deuteranope', () => {
    expect(colourDistance('#D55E00', '#009E73', 'normal')).toBeGreaterThan(50);
    expect(colourDistance('#CC3311', '#777700', 'deuteranopia')).toBeLessThan(15);
  });
});

describe('escapeHtml', () => {
  it('leaves plain text as it is and writes markup characters as numeric references that decode back to it', () => {
    expect(escapeHtml('ford pinto (1973)')).toBe('ford pinto (1973)');
    expect(escapeHtml(`a<b & "c" 'd'>`)).toBe('a&#60;b &#38; &#34;c&#34; &#39;d&#39;&#62;');
    const text = `x</title><script>alert("1")</script> & 'y'`;
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']|&(?!#\d+;)/);
    expect(escaped.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))).toBe(text);
  });
});
