import { epochDay } from '@corridor/engine';
import type { ResolvedScenario, ScenarioRun } from '@corridor/engine';
import type { ChartSeries } from '../chart/braille.js';

/** The charts a dashboard offers, in order: the key series of the issue. */
export const CHARTS: { title: string; series: string[]; legend?: string[] }[] = [
  { title: 'Fuel cover', series: ['fuel_days_cover'] },
  { title: 'Power supply', series: ['power_supply_hours'] },
  { title: 'Gold output', series: ['gold_output'] },
  // The ports by their airport codes, short enough for the legend to fit a narrow chart.
  { title: 'Flows', series: ['corridor_flow_dakar_bamako', 'corridor_flow_abidjan_bamako', 'corridor_flow_nouakchott_bamako', 'corridor_flow_conakry_bamako'], legend: ['DKR', 'ABJ', 'NKC', 'CKY'] },
  { title: 'Fuel stock (Bamako)', series: ['fuel_stock'] },
  { title: 'Exports', series: ['export_revenue'] },
];

/** The series compare overlays, one at a time. */
export const COMPARE_SERIES = ['fuel_days_cover', 'power_supply_hours', 'gold_output', 'corridor_flow_dakar_bamako', 'corridor_flow_abidjan_bamako', 'corridor_flow_nouakchott_bamako', 'fuel_stock', 'export_revenue'];

export function startDay(s: ResolvedScenario): number {
  return epochDay(s.start) ?? 0;
}

/** A run's series on the absolute-day axis the charts share. */
export function seriesOf(run: ScenarioRun, name: string, slot: number, which: 'series' | 'baseline' = 'series'): ChartSeries | undefined {
  const y = run[which][name];
  if (y === undefined) return undefined;
  const s0 = startDay(run.scenario);
  return { x: Array.from(run.times, (t) => t + s0), y, slot };
}

/** The event periods in absolute days; a convoy's arrival is a one-day mark. */
export function eventSpans(s: ResolvedScenario): { from: number; to?: number }[] {
  const s0 = startDay(s);
  return s.events.map((e) => ({ from: e.from + s0, ...(e.to !== undefined ? { to: e.to + s0 } : e.type === 'convoy' ? { to: e.from + s0 + 0.5 } : {}) }));
}

export function unitOf(s: ResolvedScenario, name: string): string | undefined {
  const u = s.model.variables.get(name)?.unit;
  return u === undefined || u === '1' ? undefined : u;
}
