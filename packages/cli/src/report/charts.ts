import type { ScenarioRun } from '@corridor/engine';

/** One chart of the report: a series of the model, baseline against each scenario. */
export interface ChartDef {
  /** File-safe name, also the PNG's name. */
  name: string;
  title: string;
  unit: string;
  /** Series summed into the chart's line (corridor flows are one series each). */
  series: string;
}

const KEY: ChartDef[] = [
  { name: 'fuel_days_cover', title: 'Fuel: days of cover in the depots', unit: 'days', series: 'fuel_days_cover' },
  { name: 'fuel_unmet_demand', title: 'Fuel demand not served', unit: 'm³/day', series: 'fuel_unmet_demand' },
  { name: 'power_supply_hours', title: 'Electricity: hours of supply a day', unit: 'h/day', series: 'power_supply_hours' },
  { name: 'gold_output', title: 'Industrial gold output', unit: 'kg/day', series: 'gold_output' },
  { name: 'export_revenue', title: 'Export earnings', unit: 'bn CFA/day', series: 'export_revenue' },
  { name: 'budget_revenue', title: 'State revenue', unit: 'bn CFA/day', series: 'budget_revenue' },
  { name: 'senegal_exports_to_mali', title: "Senegal's exports to Mali", unit: 'bn CFA/day', series: 'senegal_exports_to_mali' },
];

/** The key series every run has, then one chart per corridor the runs record. */
export function chartsFor(runs: readonly ScenarioRun[]): ChartDef[] {
  const has = (s: string): boolean => runs.every((r) => r.series[s] !== undefined);
  const corridors = [...new Set(runs.flatMap((r) => Object.keys(r.series)))].filter((s) => s.startsWith('corridor_flow_') && has(s));
  return [
    ...KEY.filter((c) => has(c.series)),
    ...corridors.map((s) => ({ name: s, title: `Traffic on ${label(s.slice('corridor_flow_'.length))}`, unit: 't/day', series: s })),
  ];
}

const label = (id: string): string => id.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('–');
