import { dateOf } from '@corridor/engine';
import { formatNumber } from '../../output/numbers.js';

/** An absolute day (days since 1970-01-01) as an ISO date. */
export function isoDate(day: number): string {
  return dateOf('1970-01-01', day);
}

/**
 * The date line under a chart, `width` characters: the first and last dates at the ends, and
 * the middle one when there is room for three.
 */
export function dateAxis(xMin: number, xMax: number, width: number): string {
  const first = isoDate(xMin);
  const last = isoDate(xMax);
  if (width < first.length) return ' '.repeat(Math.max(0, width));
  if (width < first.length + last.length + 1) return first.padEnd(width);
  const cells = first.padEnd(width - last.length) + last;
  const mid = isoDate(Math.round((xMin + xMax) / 2));
  if (width < 3 * mid.length + 4) return cells;
  const at = Math.round((width - mid.length) / 2);
  return cells.slice(0, at) + mid + cells.slice(at + mid.length);
}

/** A y-axis label: the number as the tables write it, cut to `width` and right-aligned. */
export function yLabel(value: number, width: number): string {
  return formatNumber(value).slice(0, width).padStart(width);
}
