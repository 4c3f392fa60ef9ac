import { KPI_NAMES } from '@corridor/engine';
import type { KpiName } from '@corridor/engine';

/** The KPIs a run reports, known before any run so that a file naming one can be checked first. */
export { KPI_NAMES };

export function isKpiName(name: string): name is KpiName {
  return (KPI_NAMES as readonly string[]).includes(name);
}
