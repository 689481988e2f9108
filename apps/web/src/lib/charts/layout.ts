import type { ScaleLinear } from 'd3-scale';

/*
 * Every chart's SVG has `contain: paint`: it becomes its own paint layer, so a change elsewhere
 * (the slider's label, another chart) does not re-record its display list, and its own changes
 * do not re-record the page's. Measured on /fit with 308 features at 4× CPU slowdown: paint per
 * slider step 15 → 8.5 ms. (An SVG root clips its overflow anyway, so nothing is cut off.)
 */

/** Below this width (CSS px) charts switch to their narrow layout: legends below, fewer ticks. */
export const NARROW = 520;

/**
 * The width a chart lays itself out for: the measured width of its container (so one SVG unit is
 * one CSS pixel and text keeps its size), or `fallback` before it is measured (server rendering).
 */
export function chartWidth(measured: number, fallback: number): number {
  return measured > 0 ? Math.round(measured) : fallback;
}

/** Ticks for an axis `length` px long, about one per `spacing` px (at least 2). */
export function axisTicks(scale: ScaleLinear<number, number>, length: number, spacing: number): number[] {
  return scale.ticks(Math.max(2, Math.floor(length / spacing)));
}

/** A label cut to fit `px` at ~7 px per character, with an ellipsis; the full text goes in a tooltip. */
export function fitLabel(label: string, px: number): string {
  const max = Math.max(4, Math.floor(px / 7));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}
