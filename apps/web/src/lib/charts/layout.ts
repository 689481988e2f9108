import type { ScaleLinear } from 'd3-scale';

/*
 * Every chart's SVG has `contain: paint`: it becomes its own paint layer, so a change elsewhere
 * (the slider's label, another chart) does not re-record its display list, and its own changes
 * do not re-record the page's. Measured on /fit with 308 features at 4× CPU slowdown: paint per
 * slider step 15 → 8.5 ms. (An SVG root clips its overflow anyway, so nothing is cut off.)
 */

/**
 * Svelte action for a chart's width: calls `set` with the element's width (CSS px) whenever it
 * changes, from a ResizeObserver only. `bind:clientWidth` also reads the width synchronously when a
 * chart mounts, which forced a layout of the page per chart inside the task that drew them (/fit's
 * result: one task of ~150 ms, 260 ms on a loaded machine). The observer reports after layout,
 * before paint, in its own task. Put it on a zero-height element spanning the chart: the chart's
 * own height then never changes the observed size (no ResizeObserver loop).
 */
export function observeWidth(node: HTMLElement, set: (width: number) => void): { destroy(): void } {
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) set(entry.contentRect.width);
  });
  observer.observe(node);
  return { destroy: () => observer.disconnect() };
}

/**
 * A number as an attribute's string. Give charts' attributes as strings: for a number (or a
 * boolean) Svelte looks up every property setter of the element type's prototypes, once per type
 * and page (its `get_setters`) — ~10 ms of the Predict page's hydration task at 4× CPU slowdown
 * for its nine element types.
 */
export const attr = (value: number): string => `${value}`;

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
