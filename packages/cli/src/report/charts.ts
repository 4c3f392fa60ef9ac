import { epochDay } from '@corridor/engine';
import type { EnsembleSummary, ScenarioRun } from '@corridor/engine';
import { shortName } from '../output/kpi-table.js';

/**
 * What the report draws: which series, under which title and unit, and the points and event
 * periods of each run, as plain data. spec.ts turns a chart into a Vega-Lite specification.
 */

export interface ChartPoint {
  /** Milliseconds since 1970-01-01 UTC: Vega-Lite reads a number as a timestamp. */
  t: number;
  value: number;
  run: string;
}

export interface ChartEvent {
  label: string;
  run: string;
  from: number;
  /** Absent for an event with no end: drawn as a line where it starts. */
  to?: number;
}

/** Where the runs of an ensemble lie at one time: P5–P95 and P25–P75 around the median line. */
export interface ChartBand {
  t: number;
  run: string;
  p5: number;
  p25: number;
  p75: number;
  p95: number;
}

export interface Chart {
  /** The series' name: PNG files are named after it. */
  id: string;
  title: string;
  unit: string;
  points: ChartPoint[];
  events: ChartEvent[];
  /** The bands of the runs that are ensembles (runs > 1); none for single runs. */
  bands: ChartBand[];
}

/** The runs' names as the legend shows them, and their colours, baseline first. */
export interface RunLegend {
  labels: string[];
  colors: string[];
  /** The time span the charts show, in ms: the scenarios' horizons. */
  span: [number, number];
}

interface Plan {
  id: string;
  title: string;
}

const KEY_SERIES: readonly Plan[] = [
  { id: 'fuel_days_cover', title: 'Fuel: days of cover in the depots' },
  { id: 'fuel_unmet_demand', title: 'Fuel demand not served' },
  { id: 'power_supply_hours', title: 'Electricity: hours of supply a day' },
  { id: 'gold_output', title: 'Industrial gold output' },
];

const MONEY_SERIES: readonly Plan[] = [
  { id: 'export_revenue', title: 'Export earnings' },
  { id: 'budget_revenue', title: 'State revenue' },
  { id: 'senegal_exports_to_mali', title: "Senegal's exports to Mali" },
];

const CORRIDOR_PREFIX = 'corridor_flow_';

/** Baseline dark grey; scenarios in colours that stay apart for most colour vision. */
const BASELINE_COLOR = '#404040';
const SCENARIO_COLORS = ['#d62728', '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const MS_PER_DAY = 86_400_000;

export function runLegend(baseline: ScenarioRun, scenarios: readonly ScenarioRun[]): RunLegend {
  const base = shortName(baseline.scenario.file);
  const labels = uniqueLabels([/baseline/i.test(base) ? base : `${base} (baseline)`, ...scenarios.map((r) => shortName(r.scenario.file))]);
  const colors = [BASELINE_COLOR, ...scenarios.map((_, i) => SCENARIO_COLORS[i % SCENARIO_COLORS.length]!)];
  const starts = scenarios.map((r) => startMs(r));
  const ends = scenarios.map((r) => startMs(r) + r.scenario.horizon * MS_PER_DAY);
  return { labels, colors, span: [Math.min(...starts), Math.max(...ends)] };
}

/**
 * The charts, in reading order: fuel, power, gold, each corridor's traffic, then money.
 * `ensembles[i]` is the ensemble of run i (baseline first) when it is one: its line is then
 * the median, which the caller has put in the run's series, and its bands are drawn behind.
 */
export function buildCharts(baseline: ScenarioRun, scenarios: readonly ScenarioRun[], legend: RunLegend, ensembles: readonly (EnsembleSummary | undefined)[] = []): Chart[] {
  const runs = [baseline, ...scenarios];
  const has = (id: string): boolean => runs.some((r) => r.series[id] !== undefined);
  const corridors = [...new Set(runs.flatMap((r) => Object.keys(r.series)).filter((k) => k.startsWith(CORRIDOR_PREFIX)))];
  const plans: Plan[] = [
    ...KEY_SERIES,
    ...corridors.map((id) => ({ id, title: `Traffic on ${corridorLabel(runs, id.slice(CORRIDOR_PREFIX.length))}` })),
    ...MONEY_SERIES,
  ].filter((p) => has(p.id));
  return plans.map((plan) => ({
    id: plan.id,
    title: plan.title,
    unit: seriesUnit(runs, plan.id),
    points: runs.flatMap((run, i) => points(run, plan.id, legend.labels[i]!, i === 0 ? legend.span : undefined)),
    events: scenarios.flatMap((run, i) => events(run, legend.labels[i + 1]!)),
    bands: runs.flatMap((run, i) => bands(run, ensembles[i], plan.id, legend.labels[i]!, i === 0 ? legend.span : undefined)),
  }));
}

function bands(run: ScenarioRun, ensemble: EnsembleSummary | undefined, id: string, label: string, clip: [number, number] | undefined): ChartBand[] {
  const band = ensemble?.series[id];
  if (ensemble === undefined || band === undefined) return [];
  const start = startMs(run);
  const out: ChartBand[] = [];
  for (let i = 0; i < ensemble.times.length; i++) {
    const t = start + ensemble.times[i]! * MS_PER_DAY;
    if (clip !== undefined && (t < clip[0] || t > clip[1])) continue;
    const row = { t, run: label, p5: band.p5[i]!, p25: band.p25[i]!, p75: band.p75[i]!, p95: band.p95[i]! };
    if ([row.p5, row.p25, row.p75, row.p95].every(Number.isFinite)) out.push(row);
  }
  return out;
}

function points(run: ScenarioRun, id: string, label: string, clip: [number, number] | undefined): ChartPoint[] {
  const values = run.series[id];
  if (values === undefined) return [];
  const start = startMs(run);
  const out: ChartPoint[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = start + (run.times[i] ?? 0) * MS_PER_DAY;
    const value = values[i]!;
    // The baseline may run longer than the scenarios; the charts show the scenarios' span.
    if (clip !== undefined && (t < clip[0] || t > clip[1])) continue;
    // A gap rather than a wrong value: JSON, and so Vega, has no NaN or Infinity.
    if (Number.isFinite(value)) out.push({ t, value, run: label });
  }
  return out;
}

function events(run: ScenarioRun, label: string): ChartEvent[] {
  const start = startMs(run);
  const end = start + run.scenario.horizon * MS_PER_DAY;
  return run.scenario.events.map((e) => ({
    label: e.label,
    run: label,
    from: start + e.from * MS_PER_DAY,
    ...(e.to !== undefined ? { to: Math.min(end, start + e.to * MS_PER_DAY) } : {}),
  }));
}

export function startMs(run: ScenarioRun): number {
  return (epochDay(run.scenario.start) ?? 0) * MS_PER_DAY;
}

function corridorLabel(runs: readonly ScenarioRun[], key: string): string {
  for (const run of runs) {
    const label = run.scenario.modelSpec.corridors[key]?.label;
    // "Abidjan–Bamako (southern corridor)" reads better before a unit in brackets without its own.
    if (label !== undefined) return label.replace(/\s*\(([^()]*)\)\s*$/, ', $1');
  }
  return key.replace(/_/g, ' ');
}

function seriesUnit(runs: readonly ScenarioRun[], id: string): string {
  for (const run of runs) {
    const unit = run.scenario.model.variables.get(id)?.unit;
    if (unit !== undefined) return readableUnit(unit);
  }
  return '';
}

/** Units as a reader writes them: m³/day, bn CFA/day, days. */
export function readableUnit(unit: string): string {
  if (unit === '1') return 'share';
  if (unit === 'day') return 'days';
  return unit
    .replace(/\^2\b/g, '²')
    .replace(/\^3\b/g, '³')
    .replace(/bn_CFA/g, 'bn CFA')
    .replace(/_/g, ' ');
}

/** Two runs of files with the same name still need two names in a legend. */
function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}
