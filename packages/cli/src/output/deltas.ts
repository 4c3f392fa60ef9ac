import type { ScenarioRun } from '@corridor/engine';
import { finiteOrNull } from './records.js';

export interface KpiDelta {
  value: number | null;
  unit: string;
  /** The scenario's value less the baseline's. */
  delta: number | null;
  /** The delta as a share of the baseline's magnitude; none when the baseline is zero. */
  relativeDelta: number | null;
}

export function kpiDeltas(baseline: ScenarioRun, run: ScenarioRun): Record<string, KpiDelta> {
  const out: Record<string, KpiDelta> = {};
  for (const [name, kpi] of Object.entries(run.kpis)) {
    const value = finiteOrNull(kpi.value);
    const base = finiteOrNull(baseline.kpis[name as keyof ScenarioRun['kpis']]?.value ?? null);
    const delta = value !== null && base !== null ? value - base : null;
    const relativeDelta = delta !== null && base !== null && base !== 0 ? delta / Math.abs(base) : null;
    out[name] = { value, unit: kpi.unit, delta, relativeDelta };
  }
  return out;
}
