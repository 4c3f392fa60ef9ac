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
  const v = kpiValues(run, baseline);
  const out = {} as Record<KpiName, Kpi>;
  KPI_NAMES.forEach((k, j) => {
    // Only a first day can be missing: a run with no shortage has none.
    out[k] = { value: k === 'fuel_first_shortage_day' && Number.isNaN(v[j]!) ? null : v[j]!, ...KPI_INFO[k] };
  });
  return out;
}

const at = (k: KpiName): number => KPI_NAMES.indexOf(k);
const K = {
  minCover: at('fuel_min_days_cover'),
  shortage: at('fuel_shortage_days'),
  first: at('fuel_first_shortage_day'),
  tankers: at('tankers_lost'),
  unserved: at('power_unserved_gwh'),
  minHours: at('power_min_supply_hours'),
  goldPct: at('gold_output_loss_pct'),
  goldKg: at('gold_output_loss_kg'),
  exports: at('export_revenue_loss_bn_cfa'),
  budget: at('budget_revenue_loss_bn_cfa'),
  senegal: at('senegal_export_loss_bn_cfa'),
  senegalPct: at('senegal_export_loss_pct'),
};

/**
 * The KPIs' values alone, in KPI_NAMES order, NaN for a first shortage day that never came:
 * what an ensemble keeps of each run. One pass over the steps for all the sums; each sum is
 * still taken step by step in time order, so the values are bit for bit those of a pass per sum.
 */
export function kpiValues(run: RunResult, baseline: RunResult, out: Float64Array = new Float64Array(KPI_NAMES.length)): Float64Array {
  const s = (r: RunResult, name: string): Float64Array => {
    const x = r.series[name];
    if (x === undefined) throw new Error(`KPIs need the series ${name}`);
    return x;
  };
  const dt = run.meta.savePeriod;
  const n = run.times.length - 1;
  const times = run.times;
  const unmet = s(run, 'fuel_unmet_demand');
  const demand = s(run, 'fuel_demand');
  const goldB = s(baseline, 'gold_output');
  const goldR = s(run, 'gold_output');
  const senB = s(baseline, 'senegal_exports_to_mali');
  const senR = s(run, 'senegal_exports_to_mali');
  const senAll = s(run, 'senegal_total_exports');
  const unsB = s(baseline, 'power_unserved');
  const unsR = s(run, 'power_unserved');
  const expB = s(baseline, 'export_revenue');
  const expR = s(run, 'export_revenue');
  const budB = s(baseline, 'budget_revenue');
  const budR = s(run, 'budget_revenue');
  // Σ x·dt over the steps, the last point (the end of the horizon) excluded.
  let shortage = 0;
  let first = NaN;
  let gB = 0, gR = 0, sB = 0, sR = 0, sAll = 0, uB = 0, uR = 0, eB = 0, eR = 0, bB = 0, bR = 0;
  for (let i = 0; i < n; i++) {
    if (unmet[i]! > SHORTAGE_SHARE * demand[i]!) {
      shortage += dt;
      if (Number.isNaN(first)) first = times[i]!;
    }
    gB += goldB[i]! * dt;
    gR += goldR[i]! * dt;
    sB += senB[i]! * dt;
    sR += senR[i]! * dt;
    sAll += senAll[i]! * dt;
    uB += unsB[i]! * dt;
    uR += unsR[i]! * dt;
    eB += expB[i]! * dt;
    eR += expR[i]! * dt;
    bB += budB[i]! * dt;
    bR += budR[i]! * dt;
  }
  // The lowest values over every saved point, the last one included.
  const cover = s(run, 'fuel_days_cover');
  const hours = s(run, 'power_supply_hours');
  let minCover = Infinity;
  let minHours = Infinity;
  for (let i = 0; i <= n; i++) {
    minCover = Math.min(minCover, cover[i]!);
    minHours = Math.min(minHours, hours[i]!);
  }
  const goldLoss = gB - gR;
  const senegalLoss = sB - sR;
  out[K.minCover] = minCover;
  out[K.shortage] = shortage;
  out[K.first] = first;
  out[K.tankers] = s(run, 'tankers_lost_total')[n]!;
  out[K.unserved] = uR - uB;
  out[K.minHours] = minHours;
  out[K.goldPct] = gB > 0 ? (100 * goldLoss) / gB : 0;
  out[K.goldKg] = goldLoss;
  out[K.exports] = eB - eR;
  out[K.budget] = bB - bR;
  out[K.senegal] = senegalLoss;
  out[K.senegalPct] = sAll > 0 ? (100 * senegalLoss) / sAll : 0;
  return out;
}
