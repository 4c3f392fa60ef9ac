import type { Comparison } from './compare.js';
import type { Tolerance } from './tolerances.js';
import { reportNumber, significant } from './number-text.js';

/** The cells of a drift row, shared by the check report and the update summary. */
export function timeCell(c: Pick<Comparison, 'kind' | 'date' | 'day'>): string {
  return c.kind === 'kpi' ? 'KPI' : `${c.date ?? '?'} (day ${reportNumber(c.day ?? null)})`;
}

export function signedCell(value: number | null): string {
  if (value === null) return '—';
  const text = reportNumber(value);
  return value > 0 ? `+${text}` : text;
}

/** A relative difference as a signed percentage; '—' when the expected value is 0 or missing. */
export function relativeCell(expected: number | null, actual: number | null): string {
  if (expected === null || actual === null || expected === 0) return '—';
  const pct = ((actual - expected) / Math.abs(expected)) * 100;
  const text = significant(pct, 3);
  return `${pct > 0 ? '+' : ''}${text}%`;
}

export function toleranceCell(t: Tolerance, unit: string | undefined): string {
  const u = unit && unit !== '1' ? ` ${unit}` : '';
  return `rtol ${compact(t.rtol)} + atol ${compact(t.atol)}${u}`;
}

/** 1e-6 rather than 0.000001: tolerances are read as orders of magnitude. */
function compact(v: number): string {
  if (v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) return significant(v, 3);
  const [m = '', e = ''] = v.toExponential(2).split('e');
  return `${m.replace(/\.?0+$/, '')}e${e.replace(/^\+/, '')}`;
}

export function ratioCell(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞';
  return `${significant(ratio, 3)}×`;
}

export function presenceNote(c: Comparison): string {
  if (c.presence === 'golden only') return 'missing from the run';
  if (c.presence === 'run only') return 'not in the golden';
  return '';
}
