import type { EnsembleSummary, KpiStats, ScenarioRun } from '@corridor/engine';
import type { Context } from '../context.js';
import { ensemblesOf } from '../load/ensemble.js';
import { simulateScenario } from '../load/simulate.js';
import type { ResolvedScenario } from '@corridor/engine';
import { formatNumber } from './numbers.js';
import { finiteOrNull } from './records.js';

/**
 * A scenario as compare and report show it. A single run (runs: 1) is itself. A scenario with
 * runs > 1 is shown by its ensemble: `central` is its run with the KPIs and series replaced by
 * the ensemble's medians (P50), so that everything written for one run (deltas, tables, chart
 * lines) reads the median, and `ensemble` holds the bands around it. `run` stays the run with
 * every parameter at its nominal value.
 */
export interface Shown {
  run: ScenarioRun;
  central: ScenarioRun;
  ensemble?: EnsembleSummary;
}

/**
 * Runs each scenario once, and the ensembles of those that ask for more than one run (all of
 * them together on the worker pool).
 */
export async function showScenarios(scenarios: readonly ResolvedScenario[], options: { seed?: number; workers?: number }, ctx: Context): Promise<Shown[]> {
  const runs = scenarios.map((s) => simulateScenario(s, options.seed));
  const wanted = scenarios.filter((s) => s.runs > 1);
  const ensembles = await ensemblesOf(wanted, options, ctx);
  return scenarios.map((s, i) => {
    const run = runs[i]!;
    const e = ensembles[wanted.indexOf(s)];
    return e === undefined ? { run, central: run } : { run, central: medianRun(run, e.summary), ensemble: e.summary };
  });
}

function medianRun(run: ScenarioRun, summary: EnsembleSummary): ScenarioRun {
  const kpis = Object.fromEntries(Object.entries(run.kpis).map(([name, k]) => [name, { ...k, value: summary.kpis[name as keyof typeof summary.kpis]?.p50 ?? null }])) as ScenarioRun['kpis'];
  const series = Object.fromEntries(Object.entries(run.series).map(([name, x]) => [name, summary.series[name]?.p50 ?? x]));
  return { ...run, kpis, series };
}

/** "1.2–3.4": a KPI's P5 to P95; with the share of runs that have a value when some have none. */
export function bandText(stats: KpiStats | undefined, runs: number): string {
  if (stats === undefined || stats.p5 === undefined || stats.p95 === undefined) return '—';
  const text = `${formatNumber(stats.p5)}–${formatNumber(stats.p95)}`;
  return stats.runsWithValue < runs ? `${text} (${stats.runsWithValue}/${runs})` : text;
}

/** A KPI's quantiles in machine output: every one that exists, the mean, the runs with a value. */
export function bandRecord(stats: KpiStats): Record<string, number | null> {
  return {
    p5: finiteOrNull(stats.p5 ?? null),
    p25: finiteOrNull(stats.p25 ?? null),
    p50: finiteOrNull(stats.p50 ?? null),
    p75: finiteOrNull(stats.p75 ?? null),
    p95: finiteOrNull(stats.p95 ?? null),
    mean: finiteOrNull(stats.mean ?? null),
    runsWithValue: stats.runsWithValue,
  };
}

/** One scenario's first crossings: the single run's date, and for an ensemble the dates of P5, P50, P95 and the share of runs that never cross. */
export interface CrossingView {
  name: string;
  description: string;
  /** The run with nominal values. */
  day: number | null;
  date: string | null;
  ensemble?: { runs: number; neverShare: number; day: { p5: number; p50: number; p95: number } | null; date: { p5: string; p50: string; p95: string } | null };
}

export function crossingViews(shown: Shown): CrossingView[] {
  return Object.entries(shown.run.crossings).map(([name, c]) => {
    const e = shown.ensemble?.crossings[name];
    const view: CrossingView = { name, description: c.def.description, day: c.day, date: c.date };
    if (shown.ensemble !== undefined && e !== undefined) {
      view.ensemble = {
        runs: shown.ensemble.runs,
        neverShare: e.neverShare,
        day: e.day !== undefined ? { p5: e.day.p5, p50: e.day.p50, p95: e.day.p95 } : null,
        date: e.date !== undefined ? { p5: e.date.p5, p50: e.date.p50, p95: e.date.p95 } : null,
      };
    }
    return view;
  });
}

/** A share of runs as people read it: 0%, 12%, 100%. */
export function shareText(share: number): string {
  const pct = share * 100;
  return `${pct > 0 && pct < 1 ? '<1' : pct > 99 && pct < 100 ? '>99' : Math.round(pct)}%`;
}
