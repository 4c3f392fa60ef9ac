import type { TimeRef } from './schema.js';

/**
 * Scenario times: an ISO date, `day N`, or a number of days, all turned into days from the
 * scenario's start. Dates are calendar dates in UTC; there is no clock here.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date, or undefined when it is not a real date. */
export function epochDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over into March; a real date reads back the same.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / MS_PER_DAY;
}

export type DayResult = { ok: true; day: number } | { ok: false; message: string };

/** A scenario time as days from `start` (an ISO date). */
export function toDay(ref: TimeRef, start: string): DayResult {
  if (typeof ref === 'number') return { ok: true, day: ref };
  const s = ref.trim();
  const m = /^day\s+(-?\d+(?:\.\d+)?)$/.exec(s);
  if (m !== null) return { ok: true, day: Number(m[1]) };
  const d = epochDay(s);
  const s0 = epochDay(start);
  if (d === undefined) return { ok: false, message: `"${s}" is not a date that exists` };
  if (s0 === undefined) return { ok: false, message: `the start date "${start}" is not a date that exists` };
  return { ok: true, day: d - s0 };
}

/** The ISO date `day` days after `start` (whole days; a fraction is dropped). */
export function dateOf(start: string, day: number): string {
  const s0 = epochDay(start) ?? 0;
  return new Date((s0 + Math.floor(day)) * MS_PER_DAY).toISOString().slice(0, 10);
}
