import { KPI_INFO, KPI_NAMES, type KpiName } from '../results/kpis.js';
import type { CrossingDef } from '../results/crossings.js';
import { dateOf } from '../scenario/dates.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { describeDistribution } from './distribution.js';
import type { EnsemblePart } from './run-ensemble.js';
import { SketchSet } from './sketch.js';

/** The quantiles every band and KPI reports. */
export const QUANTILES = { p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;
export type QuantileName = keyof typeof QUANTILES;
const QUANTILE_NAMES = Object.keys(QUANTILES) as QuantileName[];

export type Band = Record<QuantileName, Float64Array>;
export type Quantiles = Record<QuantileName, number>;

export interface KpiStats extends Partial<Quantiles> {
  unit: string;
  description: string;
  /** Mean over the runs where the KPI has a value; absent when none has. */
  mean?: number;
  /** Runs where the KPI has a value (a first shortage day has none in a run without shortage). */
  runsWithValue: number;
}

export interface CrossingStats {
  def: CrossingDef;
  /** Share of runs whose series never crosses the threshold within the horizon. */
  neverShare: number;
  /** Quantiles of the crossing day over the runs that cross, and their dates. */
  day?: Quantiles;
  date?: Record<QuantileName, string>;
}

export interface EnsembleSummary {
  runs: number;
  seed: number;
  sampling: ResolvedScenario['sampling'];
  parameters: { name: string; unit?: string; distribution: string; file: string }[];
  skipped: ResolvedScenario['uncertainSkipped'];
  times: Float64Array;
  dates: string[];
  /** Per output and saved time, within the sketch's relative accuracy (ensemble/sketch.ts). */
  series: Record<string, Band>;
  /** Exact: every run's KPI is kept. */
  kpis: Record<KpiName, KpiStats>;
  crossings: Record<string, CrossingStats>;
}

/**
 * Nearest-rank quantile of sorted values: the value of rank ⌈q·n⌉. The same definition as
 * the sketches', so a KPI and a band of the same quantity agree.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  return sorted[Math.min(n, Math.max(1, Math.ceil(q * n))) - 1]!;
}

/** The summary of a whole ensemble, or of the runs done so far (a cancelled or partial one). */
export function summarizeEnsemble(s: ResolvedScenario, part: EnsemblePart): EnsembleSummary {
  const n = part.to - part.from;
  const every = Math.round(s.saveEvery / s.dt);
  const times = Float64Array.from({ length: part.points }, (_, j) => j * every * s.dt);
  const sketch = SketchSet.fromData(part.sketch);
  const series: Record<string, Band> = {};
  part.outputs.forEach((o, oi) => {
    const band = Object.fromEntries(QUANTILE_NAMES.map((q) => [q, new Float64Array(part.points)])) as Band;
    for (let j = 0; j < part.points; j++) for (const q of QUANTILE_NAMES) band[q][j] = sketch.quantile(oi * part.points + j, QUANTILES[q]);
    series[o] = band;
  });

  const column = (values: Float64Array, width: number, j: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i * width + j]!;
      if (!Number.isNaN(v)) out.push(v);
    }
    return out;
  };
  const quantiles = (xs: number[]): Quantiles | undefined => {
    if (xs.length === 0) return undefined;
    const sorted = Float64Array.from(xs).sort();
    return Object.fromEntries(QUANTILE_NAMES.map((q) => [q, nearestRank(sorted, QUANTILES[q])])) as Quantiles;
  };

  const kpis = Object.fromEntries(
    KPI_NAMES.map((k, j) => {
      const xs = column(part.kpiValues, KPI_NAMES.length, j);
      const q = quantiles(xs);
      // Summed in run order: the same bits however the runs were split.
      const mean = xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
      return [k, { ...KPI_INFO[k], ...(q ?? {}), ...(mean !== undefined ? { mean } : {}), runsWithValue: xs.length }];
    }),
  ) as Record<KpiName, KpiStats>;

  const crossings = Object.fromEntries(
    s.crossings.map((def, j) => {
      const xs = column(part.crossingDays, s.crossings.length, j);
      const q = quantiles(xs);
      const stats: CrossingStats = { def, neverShare: n === 0 ? 0 : (n - xs.length) / n };
      if (q !== undefined) {
        stats.day = q;
        stats.date = Object.fromEntries(QUANTILE_NAMES.map((k) => [k, dateOf(s.start, q[k])])) as Record<QuantileName, string>;
      }
      return [def.name, stats];
    }),
  );

  return {
    runs: n,
    seed: s.seed,
    sampling: s.sampling,
    parameters: s.uncertain.map((u) => ({ name: u.name, ...(u.unit !== undefined ? { unit: u.unit } : {}), distribution: describeDistribution(u.distribution), file: u.file })),
    skipped: s.uncertainSkipped,
    times,
    dates: Array.from(times, (t) => dateOf(s.start, t)),
    series,
    kpis,
    crossings,
  };
}

