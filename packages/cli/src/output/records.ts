import type { ScenarioRun } from '@corridor/engine';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const SCHEMA_VERSION = 1;

export interface KpiValue {
  value: number | null;
  unit: string;
}

/** One scenario's run as machine output reports it. */
export interface ScenarioRecord {
  file: string;
  question: string | null;
  start: string;
  horizon: number;
  seed: number;
  method: string;
  dt: number;
  kpis: Record<string, KpiValue>;
}

export function scenarioRecord(run: ScenarioRun): ScenarioRecord {
  const s = run.scenario;
  return {
    file: s.file,
    question: s.question ?? null,
    start: s.start,
    horizon: s.horizon,
    seed: Number(run.meta.seed),
    method: s.method,
    dt: s.dt,
    kpis: Object.fromEntries(Object.entries(run.kpis).map(([name, k]) => [name, { value: finiteOrNull(k.value), unit: k.unit }])),
  };
}

/** JSON has no NaN or Infinity; a value that is not a number is reported as none. */
export function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
