import type { ScenarioRun } from '@corridor/engine';

/** What a golden holds for one scenario: its KPIs, and its key series at weekly points. */
export interface GoldenRecord {
  kpis: GoldenKpi[];
  series: GoldenPoint[];
}

export interface GoldenKpi {
  variable: string;
  /** null: the KPI has no value (e.g. no first shortage day when there is no shortage). */
  value: number | null;
  unit: string;
}

export interface GoldenPoint {
  variable: string;
  date: string;
  day: number;
  value: number;
}

/** Series are kept every this many days, from day 0, plus the last saved time. */
export const GOLDEN_EVERY_DAYS = 7;

/** The indices of the saved times a golden keeps: days 0, 7, 14, … and the last. */
export function goldenIndices(times: Float64Array): number[] {
  const out: number[] = [];
  times.forEach((t, i) => {
    const r = t % GOLDEN_EVERY_DAYS;
    if (Math.min(r, GOLDEN_EVERY_DAYS - r) < 1e-9 || i === times.length - 1) out.push(i);
  });
  return out;
}

/**
 * The golden of a run: every KPI and, for each of the scenario's outputs, its weekly points.
 * `outputs` is the scenario's own list (a run may record more for expectations).
 */
export function goldenOf(run: ScenarioRun, outputs: readonly string[] = run.scenario.outputs): GoldenRecord {
  const kpis = Object.entries(run.kpis).map(([variable, k]) => ({ variable, value: k.value, unit: k.unit }));
  const indices = goldenIndices(run.times);
  const series: GoldenPoint[] = [];
  for (const variable of outputs) {
    const values = run.series[variable];
    if (values === undefined) continue;
    for (const i of indices) series.push({ variable, date: run.dates[i] ?? '', day: run.times[i] ?? Number.NaN, value: values[i] ?? Number.NaN });
  }
  return { kpis, series };
}
