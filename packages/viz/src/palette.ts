/**
 * Okabe–Ito colours (distinguishable with the common colour-vision deficiencies) without their pale
 * yellow, which is unreadable as text on white, then Tol's wine and green, black and grey.
 */
export const PALETTE: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#882255', '#117733', '#000000', '#888888'];
