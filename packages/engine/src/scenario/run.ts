import { firstCrossing, type CrossingDef } from '../results/crossings.js';
import { computeKpis, KPI_SERIES, type Kpi, type KpiName } from '../results/kpis.js';
import type { Overrides, RunMeta, RunResult } from '../simulate/options.js';
import { simulate } from '../simulate/simulate.js';
import { dateOf } from './dates.js';
import type { ResolvedScenario } from './resolve.js';

export interface ScenarioRun {
  scenario: ResolvedScenario;
  /** Saved times in days from the start, every `saveEvery` days, and their dates. */
  times: Float64Array;
  dates: string[];
  series: Record<string, Float64Array>;
  /** The same series with no events: what the losses are measured against. */
  baseline: Record<string, Float64Array>;
  kpis: Record<KpiName, Kpi>;
  /** The first crossing of each of the scenario's thresholds: a day from the start and its date, or null. */
  crossings: Record<string, CrossingResult>;
  meta: RunMeta;
}

export interface CrossingResult {
  def: CrossingDef;
  day: number | null;
  date: string | null;
}

export interface ScenarioRunOptions {
  seed?: number;
  runIndex?: number;
  /** Extra changes for this run only, on top of the scenario's (what-if, ensembles). */
  overrides?: Overrides;
  /** Where the run and the baseline write their series (see RunOptions.buffer): an ensemble's runs reuse two. */
  buffers?: { run: Float64Array; base: Float64Array };
}

/** The length of the buffers a run of the scenario and its baseline write into (simulatePair's buffers). */
export function pairBufferLength(s: ResolvedScenario): number {
  return (recordedSeries(s).length + 1) * (Math.round(s.horizon / s.dt) + 1);
}

const merge = (a: Overrides, b: Overrides | undefined): Overrides =>
  b === undefined
    ? a
    : {
        constants: { ...a.constants, ...b.constants },
        initial: { ...a.initial, ...b.initial },
        series: { ...a.series, ...b.series },
        lookups: { ...a.lookups, ...b.lookups },
      };

/** Runs a resolved scenario and its no-event baseline with the same seed, and computes the KPIs. */
export function runScenario(s: ResolvedScenario, options: ScenarioRunOptions = {}): ScenarioRun {
  const { run, base } = simulatePair(s, options);
  const every = Math.round(s.saveEvery / s.dt);
  const pick = (x: Float64Array): Float64Array => x.filter((_, i) => i % every === 0);
  const keep = (r: RunResult): Record<string, Float64Array> => Object.fromEntries(s.outputs.map((o) => [o, pick(r.series[o]!)]));
  const times = pick(run.times);
  return {
    scenario: s,
    times,
    dates: Array.from(times, (t) => dateOf(s.start, t)),
    series: keep(run),
    baseline: keep(base),
    kpis: computeKpis(run, base),
    crossings: Object.fromEntries(
      s.crossings.map((def) => {
        const day = crossingDay(run, base, def);
        return [def.name, { def, day, date: day === null ? null : dateOf(s.start, day) }];
      }),
    ),
    meta: { ...run.meta, savePeriod: s.saveEvery },
  };
}

/** The series a run of the scenario records at every step: its outputs, and what KPIs and crossings read. */
export function recordedSeries(s: ResolvedScenario): readonly string[] {
  let names = recorded.get(s);
  if (names === undefined) recorded.set(s, (names = Object.freeze([...new Set([...s.outputs, ...KPI_SERIES, ...s.crossings.map((c) => c.series)])])));
  return names;
}

/** One list per scenario: simulate() keeps what it works out from a list under the list itself. */
const recorded = new WeakMap<ResolvedScenario, readonly string[]>();

/** The day of a crossing in a run at full resolution (every step), the baseline giving relative thresholds. */
export function crossingDay(run: RunResult, base: RunResult, def: CrossingDef): number | null {
  return firstCrossing(run.times, run.series[def.series]!, def, base.series[def.series]);
}

/**
 * The scenario's run and its no-event baseline, at every step. Both take the same seed, run
 * index and extra overrides, so a loss is what the events cost and nothing else.
 */
export function simulatePair(s: ResolvedScenario, options: ScenarioRunOptions = {}): { run: RunResult; base: RunResult } {
  const seed = options.seed ?? s.seed;
  const runIndex = options.runIndex ?? 0;
  const record = recordedSeries(s);
  const time = { start: 0, stop: s.horizon, dt: s.dt, method: s.method, savePeriod: s.dt };
  const one = (overrides: Overrides, buffer: Float64Array | undefined): RunResult => simulate(s.model, { seed, runIndex, record, time, overrides, ...(buffer !== undefined ? { buffer } : {}) });
  // A what-if change to a parameter applies to the baseline too: losses are the events' alone.
  const extraForBaseline: Overrides | undefined = options.overrides === undefined ? undefined : { ...options.overrides, series: Object.fromEntries(Object.entries(options.overrides.series ?? {}).filter(([k]) => s.parameterOverrides.series?.[k] !== undefined || s.overrides.series?.[k] === undefined)) };
  const runOverrides = merge(s.overrides, options.overrides);
  const baseOverrides = merge(s.parameterOverrides, extraForBaseline);
  const run = one(runOverrides, options.buffers?.run);
  // With no events the baseline runs with the very same changes: the same seed gives the same
  // bits, so the run is its own baseline (and a scenario without events costs one run, not two).
  const base = sameOverrides(runOverrides, baseOverrides) ? run : one(baseOverrides, options.buffers?.base);
  return { run, base };
}

/** The same changes: the same names, and the same numbers, series and tables (by identity). */
function sameOverrides(a: Overrides, b: Overrides): boolean {
  const same = <T>(x: Readonly<Record<string, T>> | undefined, y: Readonly<Record<string, T>> | undefined): boolean => {
    const kx = Object.keys(x ?? {});
    const ky = Object.keys(y ?? {});
    return kx.length === ky.length && kx.every((k) => Object.hasOwn(y ?? {}, k) && Object.is(x![k], y![k]));
  };
  return same(a.constants, b.constants) && same(a.initial, b.initial) && same(a.series, b.series) && same(a.lookups, b.lookups);
}
