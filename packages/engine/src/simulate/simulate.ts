import type { CompiledLoop, CompiledModel, SeriesPlan, StepFunctions } from '../compile/assemble.js';
import { timeIssues } from '../compile/assemble.js';
import { SimulationError, issue, type EngineIssue } from '../errors.js';
import { makeStream } from '../random/streams.js';
import { nearest } from '../text/suggest.js';
import type { Overrides, RunOptions, RunResult, TimeSeries } from './options.js';

/**
 * Runs a compiled model once.
 *
 * Time points are start + i·dt, never a running sum. Euler: each step computes every
 * auxiliary and flow at time t, then moves every stock by dt times its net flow. RK4: four
 * evaluations per step; step(), pulse(), time-series parameters and random draws hold their
 * value from the start of the step across the sub-steps. Results are recorded after the
 * step's first evaluation, so a recorded flow is the rate at the recorded time.
 *
 * Non-negative stocks: in every evaluation, when the outflows of a non-negative stock (and
 * any negative inflows) would take more than it can give in the step (what it held at the
 * step's start, plus the step's inflows from clouds and from stocks that may go negative),
 * they are scaled down together, in proportion, to exactly that. A flow is scaled before
 * anything reads it, so the stock it fills receives what left. An RK4 step whose weighted
 * result would still leave such a stock below zero is redone as one limited Euler step
 * (counted in meta.eulerFallbackSteps), which keeps both non-negativity and conservation.
 */
export function simulate(model: CompiledModel, options: RunOptions = {}): RunResult {
  const time = options.time === undefined ? model.time : { ...model.time, ...options.time };
  if (options.time !== undefined && !sameTime(time, lastValidTime)) {
    const tIssues = timeIssues({ ...time, savePeriod: time.savePeriod ?? time.dt }, ['time']);
    if (tIssues.length > 0) throw new SimulationError(tIssues[0]!);
    lastValidTime = time;
  }
  const { start, dt, method } = time;
  const savePeriod = time.savePeriod ?? dt;
  const n = Math.round((time.stop - start) / dt);
  const saveEvery = Math.round(savePeriod / dt);
  const nSaved = Math.floor(n / saveEvery) + 1;
  const seed = options.seed ?? 0;
  const runIndex = options.runIndex ?? 0;
  const overrides = options.overrides ?? NO_OVERRIDES;

  const lay = model.layout;
  const v = scratchFor(model);
  v.set(model.constantValues);
  const initial = overrides.initial === undefined ? model.noInitialOverrides : new Float64Array(lay.size).fill(NaN);
  // The model's own tables unless this run replaces one (then a copy, with that one replaced).
  const tables = overrides.lookups === undefined ? tablesOf(model) : tablesOf(model).slice();
  const series: { slot: number; s: TimeSeries }[] = [];
  if (overrides !== NO_OVERRIDES) applyOverrides(model, overrides, v, initial, tables, series);

  const streams: (() => number)[] = [];
  for (const k of model.randomKeys) streams.push(makeStream(seed, runIndex, k));
  const held = new Float64Array(model.randomKeys.length);

  const recordNames = options.record ?? model.defaultRecord;
  const recordSlots = slotsOf(model, recordNames);
  // One buffer for all recorded series: one allocation a run (or none), whatever the number of series.
  const size = (recordSlots.length + 1) * nSaved;
  const buffer = options.buffer?.length === size ? options.buffer : new Float64Array(size);
  const times = buffer.subarray(recordSlots.length * nSaved);
  const plan = series.length === 0 ? null : seriesPlan(series, start, dt, n);

  const fns = model.bind(tables, streams, held);
  if (plan !== null) setSeries(v, plan, 0);
  const chk = fns.init(v, initial, start, dt);
  if (!Number.isFinite(chk)) throw notFinite(model, v, start, 'initial values');
  for (const s of model.nonNegativeSlots) {
    if (v[s]! < 0) {
      const name = lay.names[s]!;
      throw new SimulationError(issue('negative_initial', `${name}: the initial value ${v[s]} is below zero, but the stock is non-negative`, model.variables.get(name)!.path, { variable: name, time: start }));
    }
  }

  let fallbacks = 0;
  const loop = method === 'euler' ? model.loopFor(recordSlots) : null;
  if (loop !== null) {
    const r = runBlocks(loop, v, { start, dt, n, every: saveEvery, out: buffer, records: recordSlots.length, nSaved, times, plan, tables, streams, held, stocks: lay.stocks, before: stocksScratch(model) });
    if (r < 0) {
      // Redo the failing step value by value, to name the first variable that went wrong.
      const i = -1 - r;
      const t = start + i * dt;
      if (plan !== null) setSeries(v, plan, i);
      fns.rates(v, v, t, t, dt, 1);
      throw notFinite(model, v, t, 'step');
    }
  } else {
    fallbacks = stepByStep(model, fns, v, { start, dt, n, method, saveEvery, recordSlots, buffer, nSaved, times, plan });
  }

  const result: Record<string, Float64Array> = {};
  recordNames.forEach((name, k) => (result[name] = buffer.subarray(k * nSaved, (k + 1) * nSaved)));
  return { times, series: result, meta: { method, start, stop: time.stop, dt, savePeriod, seed, runIndex, overrides, eulerFallbackSteps: fallbacks } };
}

const NO_OVERRIDES: Overrides = Object.freeze({});

/** The time settings last found valid: the runs of an ensemble give the same ones again and again. */
let lastValidTime: Partial<Record<string, unknown>> | undefined;
const sameTime = (a: Partial<Record<string, unknown>>, b: Partial<Record<string, unknown>> | undefined): boolean =>
  b !== undefined && a.start === b.start && a.stop === b.stop && a.dt === b.dt && a.savePeriod === b.savePeriod && a.method === b.method;

/**
 * The slots of the recorded variables, kept per list: a caller that runs many times passes the
 * same list. A list changed in place since is looked up again.
 */
const recordSlotsOf = new WeakMap<CompiledModel, WeakMap<readonly string[], readonly number[]>>();

function slotsOf(model: CompiledModel, names: readonly string[]): readonly number[] {
  let known = recordSlotsOf.get(model);
  if (known === undefined) recordSlotsOf.set(model, (known = new WeakMap()));
  let slots = known.get(names);
  if (slots !== undefined && (slots.length !== names.length || !slots.every((k, i) => model.layout.names[k] === names[i]))) slots = undefined;
  if (slots === undefined) {
    const lay = model.layout;
    slots = names.map((name) => {
      const s = lay.slots.get(name);
      if (s === undefined) throw badOverride(`cannot record "${name}": no such variable`, ['record'], name, lay.names);
      return s;
    });
    known.set(names, slots);
  }
  return slots;
}

/**
 * Steps per call of the generated loop (see generateLoop for why a run is cut into blocks).
 * Each call reloads the constants and recomputes what depends on them alone: a few hundred
 * operations against a block's tens of thousands in the reference model.
 */
const LOOP_BLOCK = 128;

/**
 * The array that holds a run's values while it runs, one per model, used again by every run:
 * a run never outlives its simulate() call and the generated code calls nothing that could
 * start another. A typed array of this size costs microseconds to allocate on Node 20, and a
 * steady stream of them makes the garbage collector slow down the loop itself.
 */
const scratch = new WeakMap<CompiledModel, Float64Array>();

/**
 * The arrays and objects handed to the generated code keep one shape from run to run, whatever
 * made them: the code is optimised for the shapes it first sees, and a new one (an array from
 * map(), which differs between V8's tiers, or a table object with other fields) throws that
 * away, after which a long loop may run from its on-stack-replacement code for good, slower.
 */
interface Table {
  xs: Float64Array;
  ys: Float64Array;
}
const table = (xs: Float64Array, ys: Float64Array): Table => ({ xs, ys });
const tables = new WeakMap<CompiledModel, Table[]>();

/** What `cache` holds for the model, made (and kept) the first time it is asked for. */
function perModel<T>(cache: WeakMap<CompiledModel, T>, model: CompiledModel, make: () => T): T {
  let x = cache.get(model);
  if (x === undefined) {
    x = make();
    cache.set(model, x);
  }
  return x;
}

function tablesOf(model: CompiledModel): Table[] {
  return perModel(tables, model, () => {
    const t: Table[] = [];
    for (const name of model.tableOrder) {
      const l = model.lookups.get(name)!;
      t.push(table(l.xs, l.ys));
    }
    return t;
  });
}

const scratchFor = (model: CompiledModel): Float64Array => perModel(scratch, model, () => new Float64Array(model.layout.size));

interface Blocks {
  start: number;
  dt: number;
  n: number;
  every: number;
  /** `records` series of nSaved points each, one after the other. */
  out: Float64Array;
  records: number;
  nSaved: number;
  times: Float64Array;
  plan: SeriesPlan | null;
  tables: Table[];
  streams: (() => number)[];
  held: Float64Array;
  stocks: readonly number[];
  /** The stocks before the step run alone. */
  before: Float64Array;
}

/**
 * Runs the generated loop block by block; returns what the loop returns (points saved, or
 * −(i+1) for a step i that went wrong).
 *
 * A run that has settled stops early. After each block the next step is run alone: if it
 * leaves every stock where it was, no time series changes after it, and no draw can move
 * anything (the model's settled test), then every later step would compute exactly that step
 * again, and its recorded values are copied to the points left. A model in equilibrium, such
 * as a scenario's no-event baseline, costs its first block and a step; a run that is still
 * moving pays a call of the loop per block for a step it would have run anyway (a model that
 * can never settle, none). Waiting for a block that ends where it began, as before, cost the
 * reference model's baselines a second block: they settle at step 60.
 */
function runBlocks({ loop, settled }: CompiledLoop, v: Float64Array, b: Blocks): number {
  const { start, dt, n, every, out, records, nSaved, times, plan, tables, streams, held, stocks, before } = b;
  const block = (i0: number, i1: number): number => loop(v, start, dt, i0, i1, n, every, out, nSaved, times, plan, tables, streams, held);
  let r = 0;
  for (let i0 = 0; i0 <= n && r >= 0; ) {
    const i1 = Math.min(n, i0 + LOOP_BLOCK - 1);
    r = block(i0, i1);
    i0 = i1 + 1;
    // i0 = n is the last step, which moves no stock anyway.
    if (settled === null || r < 0 || i0 >= n || (plan !== null && plan.lastChange > i0)) continue;
    keep(v, stocks, before);
    const j = i0++;
    r = block(j, j);
    if (r < 0 || !unmoved(v, stocks, before) || !settled(v, dt, tables)) continue;
    // Every step after j computes step j again. Its values reach the next saved point, if j had none.
    if (j % every !== 0) r = block(j + 1, Math.min(n, (Math.floor(j / every) + 1) * every));
    if (r <= 0) return r;
    for (let k = r; k < nSaved; k++) times[k] = start + k * every * dt;
    for (let q = 0; q < records; q++) out.fill(out[q * nSaved + r - 1]!, q * nSaved + r, (q + 1) * nSaved);
    return nSaved;
  }
  return r;
}

function keep(v: Float64Array, stocks: readonly number[], to: Float64Array): void {
  for (let k = 0; k < stocks.length; k++) to[k] = v[stocks[k]!]!;
}

/** Every stock holds the same value as before (Object.is: a −0 that became 0 has moved). */
function unmoved(v: Float64Array, stocks: readonly number[], before: Float64Array): boolean {
  for (let k = 0; k < stocks.length; k++) if (!Object.is(v[stocks[k]!], before[k])) return false;
  return true;
}

/** The stocks before a step, per model (see runBlocks); like `scratch`, used again by every run. */
const stockArrays = new WeakMap<CompiledModel, Float64Array>();
const stocksScratch = (model: CompiledModel): Float64Array => perModel(stockArrays, model, () => new Float64Array(model.layout.stocks.length));

interface Plan {
  start: number;
  dt: number;
  n: number;
  method: 'euler' | 'rk4';
  saveEvery: number;
  recordSlots: readonly number[];
  buffer: Float64Array;
  nSaved: number;
  times: Float64Array;
  plan: SeriesPlan | null;
}

/** The general path: RK4, and models too large for one generated loop. Returns the Euler fallbacks. */
function stepByStep(model: CompiledModel, fns: StepFunctions, v: Float64Array, p: Plan): number {
  const b = p.method === 'rk4' ? new Float64Array(v.length) : v;
  const a = p.method === 'rk4' ? new Float64Array(v.length) : v;
  let fallbacks = 0;
  let saved = 0;
  for (let i = 0; ; i++) {
    const t = p.start + i * p.dt;
    if (p.plan !== null && p.plan.changed[i] !== 0) setSeries(v, p.plan, i);
    if (p.method === 'rk4') b.set(v);
    // The first evaluation reuses the draws that the initial values made at the start time.
    const chk = fns.rates(v, b, t, t, p.dt, i === 0 ? 1 : 0);
    if (!Number.isFinite(chk)) throw notFinite(model, v, t, 'step');
    if (i % p.saveEvery === 0) {
      p.times[saved] = t;
      for (let k = 0; k < p.recordSlots.length; k++) p.buffer[k * p.nSaved + saved] = v[p.recordSlots[k]!]!;
      saved++;
    }
    if (i === p.n) break;
    if (p.method === 'euler') {
      fns.euler(v, p.dt);
    } else {
      const r = rk4Step(fns, v, b, a, t, p.dt);
      if (!Number.isFinite(r)) throw notFinite(model, v, t, 'RK4 sub-step');
      if (r === FELL_BACK) fallbacks++;
    }
  }
  return fallbacks;
}

const FELL_BACK = -1;

/**
 * The remaining three evaluations of an RK4 step. Returns the checksum of the sub-steps
 * (non-finite when one of them produced NaN or ±Infinity), or FELL_BACK when the step
 * was redone as a limited Euler step.
 */
function rk4Step(fns: StepFunctions, v: Float64Array, b: Float64Array, a: Float64Array, t: number, dt: number): number {
  const half = dt / 2;
  a.fill(0);
  fns.acc(v, a, 1);
  fns.stage(v, b, half);
  let chk = fns.rates(v, b, t + half, t, dt, 1);
  fns.acc(v, a, 2);
  fns.stage(v, b, half);
  chk += fns.rates(v, b, t + half, t, dt, 1);
  fns.acc(v, a, 2);
  fns.stage(v, b, dt);
  chk += fns.rates(v, b, t + dt, t, dt, 1);
  fns.acc(v, a, 1);
  if (!Number.isFinite(chk)) return chk;
  if (!fns.final(v, b, a, dt / 6)) return 0;
  v.set(b);
  fns.rates(v, b, t, t, dt, 1);
  fns.euler(v, dt);
  return FELL_BACK;
}

/** Writes step i's values of the time-series parameters into v. */
function setSeries(v: Float64Array, plan: SeriesPlan, i: number): void {
  const k = plan.slots.length;
  for (let q = 0; q < k; q++) v[plan.slots[q]!] = plan.values[i * k + q]!;
}

/**
 * A series' value at each step start + i·dt, i = 0…n. Kept per series object and grid: the
 * runs of an ensemble share the scenario's series, and each would otherwise look up every
 * step again. The points are kept too, so a series changed in place is not served stale.
 */
const stepValues = new WeakMap<TimeSeries, { start: number; dt: number; n: number; points: TimeSeries; values: Float64Array }>();

function valuesOnGrid(s: TimeSeries, start: number, dt: number, n: number): Float64Array {
  const hit = stepValues.get(s);
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (hit !== undefined && hit.start === start && hit.dt === dt && hit.n === n && hit.points.interpolation === s.interpolation && same(hit.points.times, s.times) && same(hit.points.values, s.values)) return hit.values;
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) values[i] = seriesAt(s, start + i * dt);
  stepValues.set(s, { start, dt, n, points: { times: [...s.times], values: [...s.values], interpolation: s.interpolation }, values });
  return values;
}

/** Plans already made, under their first column: the runs of an ensemble all make the same one. */
const plans = new WeakMap<Float64Array, { columns: Float64Array[]; slots: Int32Array; plan: SeriesPlan }[]>();

function seriesPlan(series: readonly { slot: number; s: TimeSeries }[], start: number, dt: number, n: number): SeriesPlan {
  const k = series.length;
  const columns = series.map(({ s }) => valuesOnGrid(s, start, dt, n));
  const known = plans.get(columns[0]!) ?? [];
  const hit = known.find((p) => p.columns.length === k && p.columns.every((c, q) => c === columns[q] && p.slots[q] === series[q]!.slot));
  if (hit !== undefined) return hit.plan;
  const values = new Float64Array((n + 1) * k);
  const changed = new Uint8Array(n + 1);
  // Step 0 counts as a change (writing what is already there), so that the loop runs its code
  // for changes in the first step of a run and V8 has seen it before it optimises the loop.
  changed[0] = 1;
  let lastChange = 0;
  for (let i = 0; i <= n; i++) {
    for (let q = 0; q < k; q++) {
      const x = columns[q]![i]!;
      values[i * k + q] = x;
      if (i > 0 && !Object.is(x, columns[q]![i - 1])) {
        changed[i] = 1;
        lastChange = i;
      }
    }
  }
  const slots = Int32Array.from(series, (x) => x.slot);
  const plan = { slots, values, changed, lastChange };
  known.push({ columns, slots, plan });
  plans.set(columns[0]!, known);
  return plan;
}

/** Right-continuous: at a jump (two points at one time) the later point holds from that time on. */
function seriesAt(s: TimeSeries, t: number): number {
  const xs = s.times;
  const n = xs.length;
  if (t < xs[0]!) return s.values[0]!;
  if (t >= xs[n - 1]!) return s.values[n - 1]!;
  let i = 0;
  while (xs[i + 1]! <= t) i++;
  if (s.interpolation === 'step') return s.values[i]!;
  const x0 = xs[i]!;
  const y0 = s.values[i]!;
  return y0 + ((s.values[i + 1]! - y0) * (t - x0)) / (xs[i + 1]! - x0);
}

function badOverride(message: string, path: (string | number)[], name: string, candidates: Iterable<string>): SimulationError {
  const s = nearest(name, candidates);
  return new SimulationError(issue('bad_override', `${message}${s !== undefined ? ` (did you mean "${s}"?)` : ''}`, path, { variable: name, ...(s !== undefined ? { suggestion: s } : {}) }));
}

function applyOverrides(model: CompiledModel, o: Overrides, v: Float64Array, initial: Float64Array, tables: { xs: Float64Array; ys: Float64Array }[], series: { slot: number; s: TimeSeries }[]): void {
  const names = (kind: string): string[] => [...model.variables.values()].filter((x) => x.kind === kind && !x.hidden).map((x) => x.name);
  const slotOf = (name: string, kind: 'constant' | 'stock', path: string[]): number => {
    const info = model.variables.get(name);
    if (info === undefined || info.kind !== kind || info.hidden) throw badOverride(`cannot override "${name}": it is not a ${kind} of the model`, path, name, names(kind));
    return model.layout.slots.get(name)!;
  };
  const finite = (x: number, path: string[], name: string): number => {
    if (!Number.isFinite(x)) throw new SimulationError(issue('bad_override', `override of ${name}: ${x} is not a finite number`, path, { variable: name }));
    return x;
  };
  for (const [name, x] of Object.entries(o.constants ?? {})) v[slotOf(name, 'constant', ['overrides', 'constants', name])] = finite(x, ['overrides', 'constants', name], name);
  for (const [name, x] of Object.entries(o.initial ?? {})) initial[slotOf(name, 'stock', ['overrides', 'initial', name])] = finite(x, ['overrides', 'initial', name], name);
  for (const [name, s] of Object.entries(o.series ?? {})) {
    const path = ['overrides', 'series', name];
    const slot = slotOf(name, 'constant', path);
    const ok = s.times.length > 0 && s.times.length === s.values.length && s.times.every((x, i) => Number.isFinite(x) && Number.isFinite(s.values[i]!) && (i === 0 || x >= s.times[i - 1]!));
    if (!ok) throw new SimulationError(issue('bad_override', `time series for ${name}: times and values must be finite, of equal length, with times in order (two points at one time make a jump)`, path, { variable: name }));
    series.push({ slot, s });
  }
  for (const [name, points] of Object.entries(o.lookups ?? {})) {
    const path = ['overrides', 'lookups', name];
    const k = model.tableOrder.indexOf(name);
    if (!model.lookups.has(name)) throw badOverride(`cannot override lookup "${name}": no such lookup table`, path, name, model.lookups.keys());
    const ok = points.length > 0 && points.every((p, i) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (i === 0 || p[0] > points[i - 1]![0]));
    if (!ok) throw new SimulationError(issue('bad_override', `lookup ${name}: points must be finite with strictly increasing x`, path, { variable: name }));
    // A table no equation calls has no index in the generated code; nothing to replace.
    if (k >= 0) tables[k] = table(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]));
  }
}

/** Finds the first variable, in evaluation order, whose value is NaN or infinite. */
function notFinite(model: CompiledModel, v: Float64Array, t: number, when: string): SimulationError {
  const lay = model.layout;
  const computed = lay.names.map((_, s) => s).filter((s) => !lay.constants.includes(s) && !lay.stocks.includes(s));
  const order = [...lay.constants, ...computed, ...lay.stocks];
  const bad = order.find((s) => !Number.isFinite(v[s]!));
  const name = bad === undefined ? '?' : lay.names[bad]!;
  const info = model.variables.get(name);
  const shown = info?.hidden === true ? `${info.owner} (inside ${name.slice((info.owner ?? '').length + 1)})` : name;
  const value = bad === undefined ? NaN : v[bad]!;
  const detail: Partial<EngineIssue> = { variable: info?.owner ?? name, time: t, ...(info !== undefined ? { expression: info.text } : {}) };
  return new SimulationError(
    issue('not_finite', `${shown} became ${String(value)} at time ${+t.toPrecision(12)} (${when})${info !== undefined ? `; its equation: ${info.text}` : ''}`, info?.path ?? [], detail),
  );
}
