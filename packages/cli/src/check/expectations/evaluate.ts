import type { ScenarioRun } from '@corridor/engine';
import { reportNumber as formatNumber } from '../number-text.js';
import type { Runner } from '../runner.js';
import { statistic } from '../stats.js';
import { operandText, predicateText } from './describe.js';
import type { Expectation, Outcome, Target, Value } from './model.js';

/** Evaluates an expectation on the runs it needs (the runner runs each at most once). */
export function evaluate(e: Expectation, runner: Runner): Outcome {
  return e.subject.kind === 'kpi' ? evaluateKpi(e, runner) : evaluateSeries(e, runner);
}

function evaluateKpi(e: Expectation, runner: Runner): Outcome {
  const value = (t: Target): number | null => {
    if (e.ensemble === undefined) return kpiOf(runner.run(t.scenario), t.name);
    const values = e.ensemble.keys.map((k) => kpiOf(runner.run(t.scenario, k), t.name)).filter((v): v is number => v !== null);
    return values.length === 0 ? null : statistic(values, e.ensemble.statistic);
  };
  const actual = value(e.subject);
  const bounds = e.operands.map((o) => (o.kind === 'number' ? o.value : value(o.target)));
  const ok = actual !== null && bounds.every((b) => b !== null) && margin(e, actual, bounds as number[]) <= 0;
  return { expectation: e, ok, expected: expectedText(e, bounds), found: actual === null ? 'no value' : formatNumber(actual), actual };
}

function evaluateSeries(e: Expectation, runner: Runner): Outcome {
  const run = runner.run(e.subject.scenario);
  const series = run.series[e.subject.name];
  const window = e.window!;
  if (series === undefined) return { expectation: e, ok: false, expected: expectedText(e, []), found: `${e.subject.name} was not recorded`, actual: null };
  const readers = e.operands.map((o) => reader(o, run, runner));
  let worst: { i: number; margin: number; bounds: (number | null)[] } | undefined;
  let held = 0;
  let points = 0;
  let lo = Infinity;
  let hi = -Infinity;
  run.times.forEach((t, i) => {
    if (t < window.from - 1e-9 || t > window.to + 1e-9) return;
    points++;
    const a = series[i]!;
    lo = Math.min(lo, a);
    hi = Math.max(hi, a);
    const bounds = readers.map((r) => r(run.dates[i] ?? '', i));
    const m = bounds.some((b) => b === null) ? Infinity : margin(e, a, bounds as number[]);
    if (m <= 0) held++;
    else if (worst === undefined || m > worst.margin) worst = { i, margin: m, bounds };
  });
  if (worst === undefined) {
    const range = lo === hi ? formatNumber(lo) : `${formatNumber(lo)} to ${formatNumber(hi)}`;
    // Numbers and KPIs are the same on every day; another series has a value per day and is named only.
    const bounds = e.operands.map((o) => (o.kind === 'number' ? o.value : o.target.kind === 'kpi' ? kpiOf(runner.run(o.target.scenario), o.target.name) : null));
    return { expectation: e, ok: true, expected: expectedText(e, bounds), found: `${range} over ${points} days`, actual: null, held, points };
  }
  const i = worst.i;
  const date = run.dates[i] ?? '';
  const day = run.times[i] ?? Number.NaN;
  const actual = series[i]!;
  return {
    expectation: e,
    ok: false,
    expected: expectedText(e, worst.bounds),
    found: `${formatNumber(actual)} on ${date} (day ${formatNumber(day)}); ${points - held} of ${points} days fail`,
    date,
    day,
    actual,
    held,
    points,
  };
}

/** Reads an operand at a date (and index in the subject's run): a number, a KPI, or another series at the same date. */
function reader(o: Value, subjectRun: ScenarioRun, runner: Runner): (date: string, i: number) => number | null {
  if (o.kind === 'number') return () => o.value;
  const t = o.target;
  const run = runner.run(t.scenario);
  if (t.kind === 'kpi') {
    const v = kpiOf(run, t.name);
    return () => v;
  }
  const series = run.series[t.name];
  if (series === undefined) return () => null;
  if (run === subjectRun) return (_, i) => series[i] ?? null;
  const index = new Map(run.dates.map((d, i) => [d, i]));
  return (date) => {
    const j = index.get(date);
    return j === undefined ? null : (series[j] ?? null);
  };
}

/** How far a value is from holding: ≤ 0 holds; NaN never holds. */
function margin(e: Pick<Expectation, 'predicate' | 'rtol' | 'atol'>, a: number, bounds: readonly number[]): number {
  const [b = Number.NaN, c = Number.NaN] = bounds;
  let m: number;
  switch (e.predicate) {
    case 'gt':
      m = a > b ? -1 : b - a || Number.MIN_VALUE;
      break;
    case 'gte':
      m = b - a;
      break;
    case 'lt':
      m = a < b ? -1 : a - b || Number.MIN_VALUE;
      break;
    case 'lte':
      m = a - b;
      break;
    case 'between':
      m = Math.max(b - a, a - c);
      break;
    case 'approx':
      m = Math.abs(a - b) - (e.atol + e.rtol * Math.abs(b));
      break;
  }
  return Number.isNaN(m) ? Infinity : m;
}

function kpiOf(run: ScenarioRun, name: string): number | null {
  const v = (run.kpis as Record<string, { value: number | null } | undefined>)[name]?.value;
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** "< 236 (tankers_lost of bamako-fuel-blockade-2025)": the predicate with the values compared with. */
function expectedText(e: Expectation, bounds: readonly (number | null)[]): string {
  const refs: string[] = [];
  const text = predicateText(e, (v) => {
    const i = e.operands.indexOf(v);
    if (v.kind === 'number') return formatNumber(v.value);
    const label = e.ensemble ? `${e.ensemble.statistic} of ${operandText(v, e.subject)} over the same runs` : operandText(v, e.subject);
    const value = bounds[i];
    if (value === undefined || value === null) return label;
    refs.push(label);
    return formatNumber(value);
  });
  return refs.length > 0 ? `${text} (${refs.join(', ')})` : text;
}
