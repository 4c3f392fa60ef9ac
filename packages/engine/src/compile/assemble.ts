import { issue, type EngineIssue } from '../errors.js';
import type { Model, TimeDef } from '../model/schema.js';
import { runtimeLib, type RuntimeLib } from '../simulate/runtime-lib.js';
import { generateLoop, type Layout } from './codegen.js';
import type { LookupTable, ModelGraph, Var } from './graph.js';
import { references } from './ir.js';
import type { OrderNode } from './order.js';

// What a compiled model is, and how one is put together from its parts once checking and code
// generation are done. Running a model (simulate) and restoring one (serialize, in a worker
// thread) need this and nothing of the checking (schema, units, parser): a worker does not load
// zod (about 0.1 s of its start) for a model the main thread has checked.

/** The functions generated for one run, bound to that run's tables, streams and held draws. */
export interface StepFunctions {
  rates(v: Float64Array, b: Float64Array, t: number, t0: number, dt: number, st: number): number;
  init(v: Float64Array, I: Float64Array, t: number, dt: number): number;
  euler(v: Float64Array, dt: number): void;
  stage(v: Float64Array, b: Float64Array, h: number): void;
  acc(v: Float64Array, a: Float64Array, w: number): void;
  final(v: Float64Array, b: Float64Array, a: Float64Array, dt: number): boolean;
}
/**
 * The time-series parameters of a run at every step: step i's value of the q-th series is
 * values[i · slots.length + q]; changed[i] is 1 when any of them differs from step i − 1,
 * and at step 0 (whose values were also set before the initial values were computed).
 */
export interface SeriesPlan {
  slots: Int32Array;
  values: Float64Array;
  changed: Uint8Array;
  /** The last step whose values differ from the step before (0 when none does). */
  lastChange: number;
}

/** The whole Euler run as one generated loop (see codegen's generateLoop). */
export type LoopFn = (
  v: Float64Array,
  start: number,
  dt: number,
  i0: number,
  i1: number,
  n: number,
  every: number,
  out: Float64Array,
  nOut: number,
  times: Float64Array,
  series: SeriesPlan | null,
  tables: ReadonlyArray<{ xs: Float64Array; ys: Float64Array }>,
  streams: ReadonlyArray<() => number>,
  held: Float64Array,
) => number;
/** True when a step that moved no stock is repeated by every later step (see codegen's settleTest). */
export type SettledFn = (v: Float64Array, dt: number, tables: ReadonlyArray<{ xs: Float64Array; ys: Float64Array }>) => boolean;
export interface CompiledLoop {
  loop: LoopFn;
  /** Null for a model that reads time or draws from distributions that change between steps. */
  settled: SettledFn | null;
}
export type Bind = (tables: ReadonlyArray<{ xs: Float64Array; ys: Float64Array }>, streams: ReadonlyArray<() => number>, held: Float64Array) => StepFunctions;

export interface VariableInfo {
  name: string;
  kind: Var['kind'];
  hidden: boolean;
  /** The user variable a hidden one was expanded from. */
  owner?: string;
  unit?: string;
  /** The equation (or a stock's initial value, or a constant's value) as written. */
  text: string;
  /** Names the definition reads (for a stock: its flows). */
  dependsOn: string[];
  path: (string | number)[];
}

/** A model ready to run: immutable, reusable for any number of runs. */
export interface CompiledModel {
  readonly model: Model;
  readonly time: TimeDef;
  readonly timeUnit: string;
  readonly layout: Layout;
  readonly variables: ReadonlyMap<string, VariableInfo>;
  /** Default values of the constants, by slot, in their declared units. */
  readonly constantValues: Float64Array;
  readonly lookups: ReadonlyMap<string, LookupTable>;
  /** Lookup tables in the order the generated code indexes them. */
  readonly tableOrder: readonly string[];
  /** Keys of the random streams, in the order the generated code indexes them. */
  readonly randomKeys: readonly string[];
  /** The generated JavaScript, for inspection and hashing. */
  readonly source: string;
  readonly bind: Bind;
  /** The Euler loop that records these slots; null when the model is too large for one function. Cached. */
  readonly loopFor: (record: readonly number[]) => CompiledLoop | null;
  /** Slots of the stocks that may not go below zero. */
  readonly nonNegativeSlots: readonly number[];
  /** What a run records when not told: every variable the model declares (no hidden ones). */
  readonly defaultRecord: readonly string[];
  /** All NaN: no initial value overridden (shared, never written). */
  readonly noInitialOverrides: Float64Array;
}

/**
 * What a compiled model is made from: plain data once parsing, checking and code generation
 * are done. A compiled model restored from these (see serialize.ts) runs exactly as the one
 * compiled, without parsing anything again.
 */
export interface CompiledParts {
  model: Model;
  graph: ModelGraph;
  layout: Layout;
  runOrder: OrderNode[];
  /** The stock each flow leaves (wiring().from), for the non-negativity limits of the loop. */
  from: ReadonlyMap<string, string>;
  constantValues: Float64Array;
  source: string;
  randomKeys: string[];
  tableOrder: string[];
}

/** The parts each compiled model was assembled from, for serializeCompiled. */
const partsOf = new WeakMap<CompiledModel, CompiledParts>();

export function compiledParts(model: CompiledModel): CompiledParts | undefined {
  return partsOf.get(model);
}

/** Builds the runnable model from its parts; compileModel and restoreCompiled both end here. */
export function assemble(parts: CompiledParts): CompiledModel {
  const { model, graph, layout: lay, runOrder: run, from, source } = parts;
  // The source holds no text from the model (names are slot numbers), so compiling it runs
  // nothing a model file wrote.
  const factory = new Function('lib', source) as (lib: RuntimeLib) => Bind;
  const loops = new Map<string, CompiledLoop | null>();
  // The same list again (simulate keeps one per list of recorded names) skips building its key.
  const byList = new WeakMap<readonly number[], CompiledLoop | null>();
  const loopFor = (record: readonly number[]): CompiledLoop | null => {
    const known = byList.get(record);
    if (known !== undefined) return known;
    const key = record.join(',');
    if (!loops.has(key)) {
      const src = generateLoop(graph, lay, run, from, record, parts.randomKeys, parts.tableOrder);
      loops.set(key, src === null ? null : (new Function('lib', src) as (lib: RuntimeLib) => CompiledLoop)(runtimeLib));
    }
    const loop = loops.get(key)!;
    byList.set(record, loop);
    return loop;
  };

  const compiled: CompiledModel = {
    model,
    time: model.time,
    timeUnit: model.timeUnit,
    layout: lay,
    variables: describe(graph),
    constantValues: parts.constantValues,
    lookups: graph.lookups,
    tableOrder: parts.tableOrder,
    randomKeys: parts.randomKeys,
    source,
    bind: factory(runtimeLib),
    loopFor,
    nonNegativeSlots: lay.stocks.filter((k) => graph.vars.get(lay.names[k]!)!.nonNegative),
    defaultRecord: graph.order.filter((n) => !graph.vars.get(n)!.hidden),
    noInitialOverrides: new Float64Array(lay.size).fill(NaN),
  };
  partsOf.set(compiled, parts);
  return compiled;
}

export function timeIssues(t: TimeDef, path: (string | number)[] = ['time']): EngineIssue[] {
  const out: EngineIssue[] = [];
  const steps = (t.stop - t.start) / t.dt;
  if (!(t.stop > t.start)) out.push(issue('bad_time_spec', `time: stop (${t.stop}) must be after start (${t.start})`, [...path, 'stop']));
  else if (Math.abs(steps - Math.round(steps)) > 1e-9 * Math.max(1, steps)) out.push(issue('bad_time_spec', `time: stop − start (${t.stop - t.start}) is not a whole number of steps of dt = ${t.dt}`, [...path, 'dt']));
  if (t.savePeriod !== undefined) {
    const k = t.savePeriod / t.dt;
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, k) || Math.round(k) < 1) out.push(issue('bad_time_spec', `time: savePeriod (${t.savePeriod}) must be a whole multiple of dt (${t.dt})`, [...path, 'savePeriod']));
  }
  return out;
}

function describe(graph: ModelGraph): Map<string, VariableInfo> {
  const out = new Map<string, VariableInfo>();
  for (const name of graph.order) {
    const v = graph.vars.get(name)!;
    const e = v.kind === 'stock' ? v.initial : v.expr;
    const dependsOn = v.kind === 'stock' ? [...v.inflows, ...v.outflows] : e === undefined ? [] : [...new Set(references(e))];
    out.set(name, {
      name,
      kind: v.kind,
      hidden: v.hidden,
      ...(v.owner !== undefined ? { owner: v.owner } : {}),
      ...(v.unit !== undefined ? { unit: v.unit } : {}),
      text: v.text,
      dependsOn,
      path: v.path,
    });
  }
  return out;
}
