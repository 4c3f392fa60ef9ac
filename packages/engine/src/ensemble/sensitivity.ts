import { computeKpis, KPI_INFO, KPI_NAMES, type KpiName } from '../results/kpis.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { crossingDay, simulatePair } from '../scenario/run.js';
import { quantileOf } from './distribution.js';
import type { EnsemblePart } from './run-ensemble.js';

/**
 * Which uncertain parameters move a result most, two ways:
 * - one at a time (a tornado): each parameter at its P5 and at its P95, every other at its
 *   median, the same seed and run index throughout so the random attacks are common to all;
 * - from the ensemble, where all vary at once: Spearman's rank correlation of each parameter
 *   with the result, and standardised rank regression coefficients (SRRC), whose squares,
 *   when the rank regression fits (R² near 1), split the result's variance between them.
 *
 * A first-time result (a crossing's day, the first day of shortage) has no value in a run that
 * never gets there within the horizon. Leaving those runs out would rank only the runs that
 * cross, and miss what decides whether a run crosses at all; so such a run counts as crossing
 * later than the horizon (right-censored): in the ranking it ties with the other runs that never
 * cross, after every run that does, and in the tornado its end sits at the horizon, which makes
 * the swing a lower bound.
 */

export interface TornadoBar {
  name: string;
  unit?: string;
  /** The parameter's P5 and P95, in the model's unit, and the result at each. */
  low: { input: number; value: number | null };
  high: { input: number; value: number | null };
  /**
   * |value at P95 − value at P5|, an end that never crosses taken at the horizon; null when
   * either end has no value and the result is not a first-time one.
   */
  swing: number | null;
  /** One end never crosses: the real swing is at least `swing`. */
  swingAtLeast: boolean;
}

export interface Tornado {
  /** The result with every parameter at its median. */
  base: number | null;
  /** Biggest swing first; bars with no swing last. */
  bars: TornadoBar[];
  /** For a first-time result, the horizon (days) at which "never" is placed; undefined otherwise. */
  never?: number;
}

/** KPI names and the scenario's crossing names: what sensitivity can be asked of. */
export function resultNames(s: ResolvedScenario): string[] {
  return [...KPI_NAMES, ...s.crossings.map((c) => c.name)];
}

/** KPIs that are the first day something happens: no value means not within the horizon. */
const FIRST_TIME_KPIS: readonly string[] = ['fuel_first_shortage_day'] satisfies KpiName[];

/** The unit and meaning of a result; `never`, for a first-time result, is the horizon it is censored at. */
export function resultInfo(s: ResolvedScenario, name: string): { unit: string; description: string; never?: number } | undefined {
  if ((KPI_NAMES as readonly string[]).includes(name)) return { ...KPI_INFO[name as KpiName], ...(FIRST_TIME_KPIS.includes(name) ? { never: s.horizon } : {}) };
  const c = s.crossings.find((x) => x.name === name);
  return c === undefined ? undefined : { unit: 'day', description: c.description, never: s.horizon };
}

function resultOf(s: ResolvedScenario, name: string, constants: Record<string, number>): number | null {
  const { run, base } = simulatePair(s, { runIndex: 0, overrides: { constants } });
  if ((KPI_NAMES as readonly string[]).includes(name)) return computeKpis(run, base)[name as KpiName].value;
  const c = s.crossings.find((x) => x.name === name);
  if (c === undefined) throw new RangeError(`unknown result "${name}"`);
  return crossingDay(run, base, c);
}

/** The one-at-a-time tornado of a result (a KPI or a crossing name) over the scenario's uncertain parameters. */
export function tornado(s: ResolvedScenario, name: string): Tornado {
  const never = resultInfo(s, name)?.never;
  const at = (q: number): Record<string, number> => Object.fromEntries(s.uncertain.map((u) => [u.name, quantileOf(u.distribution, q, u.scale)]));
  const medians = at(0.5);
  const base = resultOf(s, name, medians);
  const bars = s.uncertain.map((u): TornadoBar => {
    const lo = quantileOf(u.distribution, 0.05, u.scale);
    const hi = quantileOf(u.distribution, 0.95, u.scale);
    const low = resultOf(s, name, { ...medians, [u.name]: lo });
    const high = resultOf(s, name, { ...medians, [u.name]: hi });
    const l = low ?? never;
    const h = high ?? never;
    return {
      name: u.name,
      ...(u.unit !== undefined ? { unit: u.unit } : {}),
      low: { input: lo, value: low },
      high: { input: hi, value: high },
      swing: l === undefined || h === undefined ? null : Math.abs(h - l),
      swingAtLeast: (low === null) !== (high === null) && never !== undefined,
    };
  });
  bars.sort((a, b) => (b.swing ?? -1) - (a.swing ?? -1));
  return { base, bars, ...(never !== undefined ? { never } : {}) };
}

export interface RankSensitivity {
  /** Runs ranked: those where the result has a value, and for a first-time result every run. */
  runs: number;
  /** Runs of a first-time result that never get there, ranked as later than the horizon. */
  censored: number;
  /** R² of the regression on ranks: how much of the result's rank variance the parameters explain together. */
  r2: number;
  rows: { name: string; spearman: number; srrc: number; share: number }[];
}

/**
 * Rank sensitivity of a result from an ensemble's runs. Rows are ordered by |SRRC|; `share`
 * is SRRC² over the sum of squares (0 for a parameter that does not vary).
 */
export function rankSensitivity(s: ResolvedScenario, part: EnsemblePart, name: string): RankSensitivity {
  const n = part.to - part.from;
  const p = part.parameters.length;
  const ki = part.kpis.indexOf(name);
  const ci = part.crossings.indexOf(name);
  if (ki < 0 && ci < 0) throw new RangeError(`unknown result "${name}"`);
  const never = resultInfo(s, name)?.never;
  const y: number[] = [];
  const rowsUsed: number[] = [];
  let censored = 0;
  for (let i = 0; i < n; i++) {
    let v = ki >= 0 ? part.kpiValues[i * part.kpis.length + ki]! : part.crossingDays[i * part.crossings.length + ci]!;
    if (Number.isNaN(v) && never !== undefined) {
      // Only the order matters to ranks: any value past every crossing day does.
      v = Number.POSITIVE_INFINITY;
      censored++;
    }
    if (!Number.isNaN(v)) {
      y.push(v);
      rowsUsed.push(i);
    }
  }
  const ry = standardise(ranks(y));
  const rx = part.parameters.map((_, j) => standardise(ranks(rowsUsed.map((i) => part.inputs[i * p + j]!))));
  const m = y.length;
  const dot = (a: Float64Array, b: Float64Array): number => {
    let t = 0;
    for (let i = 0; i < m; i++) t += a[i]! * b[i]!;
    return t;
  };
  const spearman = rx.map((x) => (x === undefined || ry === undefined ? 0 : dot(x, ry) / m));
  // Regression on the columns that vary; the others get 0.
  const live = rx.map((x, j) => (x === undefined ? -1 : j)).filter((j) => j >= 0);
  const beta = new Array<number>(p).fill(0);
  let r2 = 0;
  if (ry !== undefined && live.length > 0) {
    const a = live.map((j) => live.map((k) => dot(rx[j]!, rx[k]!) / m));
    const b = live.map((j) => spearman[j]!);
    const solved = solve(a, b);
    if (solved !== undefined) {
      live.forEach((j, t) => (beta[j] = solved[t]!));
      r2 = live.reduce((acc, j, t) => acc + solved[t]! * b[t]!, 0);
    }
  }
  const sumSq = beta.reduce((a, v) => a + v * v, 0);
  const rows = part.parameters.map((name, j) => ({ name, spearman: spearman[j]!, srrc: beta[j]!, share: sumSq > 0 ? (beta[j]! * beta[j]!) / sumSq : 0 }));
  rows.sort((u, v) => Math.abs(v.srrc) - Math.abs(u.srrc));
  return { runs: m, censored, r2, rows };
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(xs: readonly number[]): Float64Array {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const r = new Float64Array(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = mean;
    i = j + 1;
  }
  return r;
}

/** Zero mean, unit (population) variance; undefined for a column that does not vary. */
function standardise(x: Float64Array): Float64Array | undefined {
  const n = x.length;
  if (n === 0) return undefined;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) * (b - mean), 0) / n);
  if (!(sd > 0)) return undefined;
  return x.map((v) => (v - mean) / sd);
}

/** Gaussian elimination with partial pivoting; undefined for a singular system. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-12) return undefined;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let t = m[r]![n]!;
    for (let k = r + 1; k < n; k++) t -= m[r]![k]! * x[k]!;
    x[r] = t / m[r]![r]!;
  }
  return x;
}
