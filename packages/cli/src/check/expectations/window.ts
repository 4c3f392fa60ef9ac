import type { ResolvedScenario } from '@corridor/engine';
import { dateOf, epochDay, toDay } from '@corridor/engine';
import type { TimeRef } from '@corridor/engine';
import type { DayWindow } from './model.js';

export interface WindowSpec {
  from?: TimeRef;
  to?: TimeRef;
  at?: TimeRef;
}

export type WindowResult = { ok: true; window: DayWindow } | { ok: false; key: 'from' | 'to' | 'at'; message: string };

/**
 * The window of days an expectation covers in `s`: from/to (each a date, "day N" or a number
 * of days), a single `at`, or the whole run. Both ends are included and must lie within the
 * run, so that "for the whole year" cannot silently test half a year.
 */
export function resolveWindow(spec: WindowSpec, s: ResolvedScenario): WindowResult {
  const end = `the end of the run (day ${s.horizon}, ${dateOf(s.start, s.horizon)})`;
  const day = (key: 'from' | 'to' | 'at', ref: TimeRef | undefined, fallback: number): { ok: true; day: number } | { ok: false; key: 'from' | 'to' | 'at'; message: string } => {
    if (ref === undefined) return { ok: true, day: fallback };
    const d = toDay(ref, s.start);
    if (!d.ok) return { ok: false, key, message: `${key}: ${d.message}` };
    if (d.day < 0) return { ok: false, key, message: `${key}: ${show(ref)} is before the start of ${s.file} (${s.start})` };
    if (d.day > s.horizon) return { ok: false, key, message: `${key}: ${show(ref)} is after ${end}` };
    return d;
  };
  const from = day(spec.at !== undefined ? 'at' : 'from', spec.at ?? spec.from, 0);
  if (!from.ok) return from;
  const to = day(spec.at !== undefined ? 'at' : 'to', spec.at ?? spec.to, s.horizon);
  if (!to.ok) return to;
  if (to.day < from.day) return { ok: false, key: 'to', message: `to: ${show(spec.to!)} is before from (${show(spec.from!)})` };
  const first = Math.ceil(from.day / s.saveEvery - 1e-9) * s.saveEvery;
  if (first > to.day + 1e-9) return { ok: false, key: spec.at !== undefined ? 'at' : 'from', message: `no saved time of ${s.file} falls in the window (values are saved every ${s.saveEvery} day${s.saveEvery === 1 ? '' : 's'})` };
  return { ok: true, window: { from: from.day, to: to.day, text: windowText(spec) } };
}

/** Whether the dates of a window in `subject` lie within the run of `other`. */
export function coversDates(window: DayWindow, subject: ResolvedScenario, other: ResolvedScenario): boolean {
  const s0 = epochDay(subject.start) ?? 0;
  const o0 = epochDay(other.start) ?? 0;
  return s0 + window.from >= o0 && s0 + window.to <= o0 + other.horizon;
}

function windowText(spec: WindowSpec): string {
  if (spec.at !== undefined) return `on ${show(spec.at)}`;
  if (spec.from === undefined && spec.to === undefined) return 'for the whole run';
  if (spec.to === undefined) return `from ${show(spec.from!)} to the end`;
  if (spec.from === undefined) return `from the start to ${show(spec.to)}`;
  return `from ${show(spec.from)} to ${show(spec.to)}`;
}

export function show(ref: TimeRef): string {
  return typeof ref === 'number' ? `day ${ref}` : ref.trim();
}
