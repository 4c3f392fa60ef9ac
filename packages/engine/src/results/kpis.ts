import type { RunResult } from '../simulate/options.js';

/**
 * The key outputs of a run, as a planner reads them. Losses are measured against the same
 * model and parameters with no events (the baseline), integrated over the horizon step by
 * step as the integrator moved (a value at t holds until t + dt).
 */
export interface Kpi {
  value: number | null;
  unit: string;
  description: string;
}

/** The KPIs every run reports, in the order they are reported. */
export const KPI_NAMES = [
  'fuel_min_days_cover',
  'fuel_shortage_days',
  'fuel_first_shortage_day',
  'tankers_lost',
  'power_unserved_gwh',
  'power_min_supply_hours',
  'gold_output_loss_pct',
  'gold_output_loss_kg',
  'export_revenue_loss_bn_cfa',
  'budget_revenue_loss_bn_cfa',
  'senegal_export_loss_bn_cfa',
  'senegal_export_loss_pct',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** The series the KPIs read; a run for KPIs must record them at every step. */
export const KPI_SERIES = [
  'fuel_days_cover',
  'fuel_unmet_demand',
  'fuel_demand',
  'tankers_lost_total',
  'power_unserved',
  'power_supply_hours',
  'gold_output',
  'export_revenue',
  'budget_revenue',
  'senegal_exports_to_mali',
  'senegal_total_exports',
] as const;

/** Demand unmet beyond this share counts as a shortage: rounding is not a shortage. */
export const SHORTAGE_SHARE = 0.01;

/** What each KPI measures, and in what unit. */
export const KPI_INFO: Record<KpiName, { unit: string; description: string }> = {
  fuel_min_days_cover: { unit: 'day', description: 'lowest fuel cover, in days of current use' },
  fuel_shortage_days: { unit: 'day', description: `days with more than ${SHORTAGE_SHARE * 100}% of fuel demand unmet` },
  fuel_first_shortage_day: { unit: 'day', description: 'first day of fuel shortage (null: none)' },
  tankers_lost: { unit: 'tanker', description: 'tankers of fuel destroyed or seized' },
  power_unserved_gwh: { unit: 'GWh', description: 'electricity not served beyond the baseline' },
  power_min_supply_hours: { unit: 'h/day', description: 'fewest hours of supply a day' },
  gold_output_loss_pct: { unit: '%', description: 'industrial gold output lost, share of the baseline' },
  gold_output_loss_kg: { unit: 'kg', description: 'industrial gold output lost' },
  export_revenue_loss_bn_cfa: { unit: 'bn CFA', description: 'export earnings lost' },
  budget_revenue_loss_bn_cfa: { unit: 'bn CFA', description: 'state revenue lost' },
  senegal_export_loss_bn_cfa: { unit: 'bn CFA', description: "Senegal's exports to Mali lost" },
  senegal_export_loss_pct: { unit: '%', description: "Senegal's export loss, share of all its exports over the horizon" },
};

export function computeKpis(run: RunResult, baseline: RunResult): Record<KpiName, Kpi> {
  const s = (r: RunResult, name: string): Float64Array => {
    const x = r.series[name];
    if (x === undefined) throw new Error(`KPIs need the series ${name}`);
    return x;
  };
  const dt = run.meta.savePeriod;
  const n = run.times.length - 1;
  /** Σ x·dt over the steps, the last point (the end of the horizon) excluded. */
  const integral = (x: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i]! * dt;
    return sum;
  };
  const loss = (name: string): number => integral(s(baseline, name)) - integral(s(run, name));
  const min = (x: Float64Array): number => x.reduce((m, v) => Math.min(m, v), Infinity);

  const unmet = s(run, 'fuel_unmet_demand');
  const demand = s(run, 'fuel_demand');
  let shortageDays = 0;
  let first: number | null = null;
  for (let i = 0; i < n; i++) {
    if (unmet[i]! > SHORTAGE_SHARE * demand[i]!) {
      shortageDays += dt;
      first ??= run.times[i]!;
    }
  }
  const goldBase = integral(s(baseline, 'gold_output'));
  const goldLoss = loss('gold_output');
  const senegalLoss = loss('senegal_exports_to_mali');
  const senegalTotal = integral(s(run, 'senegal_total_exports'));
  const unservedExtra = integral(s(run, 'power_unserved')) - integral(s(baseline, 'power_unserved'));

  return {
    fuel_min_days_cover: { value: min(s(run, 'fuel_days_cover')), ...KPI_INFO.fuel_min_days_cover },
    fuel_shortage_days: { value: shortageDays, ...KPI_INFO.fuel_shortage_days },
    fuel_first_shortage_day: { value: first, ...KPI_INFO.fuel_first_shortage_day },
    tankers_lost: { value: s(run, 'tankers_lost_total')[n]!, ...KPI_INFO.tankers_lost },
    power_unserved_gwh: { value: unservedExtra, ...KPI_INFO.power_unserved_gwh },
    power_min_supply_hours: { value: min(s(run, 'power_supply_hours')), ...KPI_INFO.power_min_supply_hours },
    gold_output_loss_pct: { value: goldBase > 0 ? (100 * goldLoss) / goldBase : 0, ...KPI_INFO.gold_output_loss_pct },
    gold_output_loss_kg: { value: goldLoss, ...KPI_INFO.gold_output_loss_kg },
    export_revenue_loss_bn_cfa: { value: loss('export_revenue'), ...KPI_INFO.export_revenue_loss_bn_cfa },
    budget_revenue_loss_bn_cfa: { value: loss('budget_revenue'), ...KPI_INFO.budget_revenue_loss_bn_cfa },
    senegal_export_loss_bn_cfa: { value: senegalLoss, ...KPI_INFO.senegal_export_loss_bn_cfa },
    senegal_export_loss_pct: { value: senegalTotal > 0 ? (100 * senegalLoss) / senegalTotal : 0, ...KPI_INFO.senegal_export_loss_pct },
  };
}
