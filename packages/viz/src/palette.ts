/**
 * Line and label colours for charts with many series, each readable as text on white and on the
 * page background #fafafa (contrast ≥ 4.5:1, WCAG AA) and kept apart under protanopia,
 * deuteranopia and tritanopia (pairwise CIELAB ΔE ≥ 9 after Machado et al.'s simulation; both
 * checked by the tests). Based on Okabe–Ito and Tol's schemes, darkened where their light tones
 * fail as text. Charts with more series than colours repeat them dashed, and every line carries its
 * name, so colour is never the only cue.
 */
export const PALETTE: readonly string[] = ['#0072B2', '#B8440A', '#117733', '#A7407F', '#332288', '#1D1D1D', '#6B6B6B'];

/** The chart's main colour (points, positive bars) and its contrasting accent (negative bars, reference lines). */
export const MAIN = PALETTE[0];
export const ACCENT = PALETTE[1];
