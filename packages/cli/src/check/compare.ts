import type { GoldenRecord } from './golden-record.js';
import type { Tolerance } from './tolerances.js';

/** One value compared with its golden. */
export interface Comparison {
  scenario: string;
  variable: string;
  /** `kpi`, or a point of a series at `date` / `day`. */
  kind: 'kpi' | 'series';
  date?: string;
  day?: number;
  unit?: string;
  /** null: no value (a KPI without one), or the point is missing on that side. */
  expected: number | null;
  actual: number | null;
  /** What is on each side: a point only one side has is drift whatever the tolerance. */
  presence: 'both' | 'golden only' | 'run only';
  abs: number | null;
  rel: number | null;
  tolerance: Tolerance;
  /** |actual − expected| / (atol + rtol·|expected|): above 1 is drift; Infinity when not comparable. */
  ratio: number;
  ok: boolean;
}

/** Compares a run's golden record with the recorded one, value by value. */
export function compareGolden(
  scenario: string,
  expected: GoldenRecord,
  actual: GoldenRecord,
  tolerance: (variable: string) => Tolerance,
  unitOf: (variable: string) => string | undefined,
): Comparison[] {
  const out: Comparison[] = [];
  const kpis = new Map(actual.kpis.map((k) => [k.variable, k]));
  for (const e of expected.kpis) {
    const a = kpis.get(e.variable);
    kpis.delete(e.variable);
    out.push(one({ scenario, variable: e.variable, kind: 'kpi', unit: e.unit }, e.value, a === undefined ? null : a.value, a === undefined ? 'golden only' : 'both', tolerance(e.variable)));
  }
  for (const a of kpis.values()) out.push(one({ scenario, variable: a.variable, kind: 'kpi', unit: a.unit }, null, a.value, 'run only', tolerance(a.variable)));

  const key = (variable: string, day: number): string => `${variable}@${day}`;
  const points = new Map(actual.series.map((p) => [key(p.variable, p.day), p]));
  for (const e of expected.series) {
    const k = key(e.variable, e.day);
    const a = points.get(k);
    points.delete(k);
    const unit = unitOf(e.variable);
    out.push(one({ scenario, variable: e.variable, kind: 'series', date: e.date, day: e.day, ...(unit ? { unit } : {}) }, e.value, a?.value ?? null, a === undefined ? 'golden only' : 'both', tolerance(e.variable)));
  }
  for (const a of points.values()) {
    const unit = unitOf(a.variable);
    out.push(one({ scenario, variable: a.variable, kind: 'series', date: a.date, day: a.day, ...(unit ? { unit } : {}) }, null, a.value, 'run only', tolerance(a.variable)));
  }
  return out;
}

type Where = Pick<Comparison, 'scenario' | 'variable' | 'kind' | 'date' | 'day' | 'unit'>;

function one(where: Where, expected: number | null, actual: number | null, presence: Comparison['presence'], tolerance: Tolerance): Comparison {
  const base = { ...where, expected, actual, presence, tolerance };
  if (presence !== 'both') return { ...base, abs: null, rel: null, ratio: Infinity, ok: false };
  if (expected === null || actual === null) {
    const same = expected === actual;
    return { ...base, abs: null, rel: null, ratio: same ? 0 : Infinity, ok: same };
  }
  const abs = Math.abs(actual - expected);
  const rel = expected !== 0 ? abs / Math.abs(expected) : abs === 0 ? 0 : null;
  const allowed = tolerance.atol + tolerance.rtol * Math.abs(expected);
  const ratio = abs === 0 ? 0 : allowed > 0 ? abs / allowed : Infinity;
  // NaN on either side never passes.
  const ok = abs <= allowed;
  return { ...base, abs, rel, ratio: Number.isNaN(ratio) ? Infinity : ratio, ok };
}
