import type { KpiName } from '@corridor/engine';

/**
 * The KPIs a run reports, known before any run so that a file naming one can be checked
 * first. The type below fails to compile when the engine gains a KPI that is not listed.
 */
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
] as const satisfies readonly KpiName[];

type Unlisted = Exclude<KpiName, (typeof KPI_NAMES)[number]>;
// An error here names a KPI the engine has and this list lacks.
const allListed: [Unlisted] extends [never] ? true : Unlisted = true;
void allListed;

export function isKpiName(name: string): name is KpiName {
  return (KPI_NAMES as readonly string[]).includes(name);
}
